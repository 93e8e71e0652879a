#include "pipeline/extract/table_context.h"

#include <algorithm>

#include "pipeline/base/vietnamese.h"

namespace sohoa {
namespace {

struct Cell {
  size_t start = 0, end = 0;  // byte offsets into the text
};

struct Columns {
  int content = -1, lead = -1, partner = -1, time = -1;
  bool valid() const { return lead >= 0 || time >= 0; }
};

// The length of the cell separator at `i`: a tab, a '|', or a run of two or
// more spaces (tables aligned with spaces); 0 when there is none.
size_t SeparatorAt(std::string_view text, size_t i, size_t end) {
  if (text[i] == '\t' || text[i] == '|') return 1;
  if (text[i] != ' ' || i + 1 >= end || text[i + 1] != ' ') return 0;
  size_t j = i;
  while (j < end && text[j] == ' ') ++j;
  return j - i;
}

std::vector<Cell> SplitCells(std::string_view text, size_t start, size_t end) {
  std::vector<Cell> cells;
  size_t cell_start = start;
  for (size_t i = start; i <= end;) {
    size_t separator = i == end ? 1 : SeparatorAt(text, i, end);
    if (separator == 0) {
      ++i;
      continue;
    }
    cells.push_back({cell_start, i});
    i += separator;
    cell_start = i;
  }
  return cells;
}

size_t CountSeparators(std::string_view text, size_t start, size_t end) {
  size_t count = 0;
  for (size_t i = start; i < end;) {
    size_t separator = SeparatorAt(text, i, end);
    count += separator > 0;
    i += std::max<size_t>(separator, 1);
  }
  return count;
}

// True when two neighbouring words of folded `key` look like `a b` with
// their vowels garbled: "phdi hop" for "phoi hop". Each word must start and
// end like the model word and be at most two letters longer.
bool HasGarbledPair(const std::string& key, std::string_view a, std::string_view b) {
  std::vector<std::string_view> words;
  std::string_view rest = key;
  while (!rest.empty()) {
    size_t space = rest.find_first_of(" \t\n*");
    if (space != 0) words.push_back(rest.substr(0, space));
    if (space == std::string_view::npos) break;
    rest.remove_prefix(space + 1);
  }
  auto like = [](std::string_view w, std::string_view model) {
    return w.size() >= 2 && w.size() <= model.size() + 2 && w.substr(0, 2) == model.substr(0, 2) &&
           w.back() == model.back();
  };
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    if (like(words[i], a) && like(words[i + 1], b)) return true;
  }
  return false;
}

Columns HeaderColumns(std::string_view text, const std::vector<Cell>& cells) {
  Columns columns;
  for (size_t i = 0; i < cells.size(); ++i) {
    std::string key = vi::Fold(text.substr(cells[i].start, cells[i].end - cells[i].start));
    for (char& c : key) c = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    int index = static_cast<int>(i);
    if (HasGarbledPair(key, "chu", "tri")) {
      columns.lead = index;
    } else if (HasGarbledPair(key, "phoi", "hop")) {
      columns.partner = index;
    } else if (HasGarbledPair(key, "thoi", "gian") || HasGarbledPair(key, "thoi", "han")) {
      columns.time = index;
    } else if (columns.content < 0 &&
               (key.find("noi dung") != std::string::npos ||
                key.find("nhiem vu") != std::string::npos || key.find("ten ") != std::string::npos)) {
      columns.content = index;
    }
  }
  return columns;
}

std::string CellText(std::string_view text, const Cell& cell) {
  std::string out;
  bool space = false;
  for (size_t i = cell.start; i < cell.end; ++i) {
    char c = text[i];
    if (c == '<') {
      size_t close = text.find('>', i);
      if (close != std::string_view::npos && close < cell.end && close - i <= 4) {
        i = close;
        continue;
      }
    }
    if (c == '*') continue;
    if (c == ' ' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

void SetField(Record* record, const std::string& name, FieldValue value) {
  for (auto& [key, v] : record->fields) {
    if (key == name) {
      v = std::move(value);
      return;
    }
  }
  record->fields.emplace_back(name, std::move(value));
}

bool IsNull(const Record& record, const std::string& name) {
  const FieldValue* v = record.Field(name);
  return !v || std::holds_alternative<std::monostate>(*v);
}

int CellOf(const std::vector<Cell>& cells, size_t offset) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (offset >= cells[i].start && offset < std::max(cells[i].end, cells[i].start + 1)) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Fills the records of one table row.
void AttachRow(std::string_view text, const std::vector<Cell>& cells, const Columns& columns,
               const std::vector<Record*>& row_records) {
  std::string task;
  if (columns.content >= 0 && columns.content < static_cast<int>(cells.size())) {
    task = CellText(text, cells[columns.content]);
  }
  std::string lead_agency;
  for (Record* r : row_records) {
    int cell = CellOf(cells, r->start);
    if (r->kind != "agency") continue;
    if (cell == columns.lead) {
      if (IsNull(*r, "role")) SetField(r, "role", std::string("chủ trì"));
      if (lead_agency.empty()) {
        const FieldValue* name = r->Field("name");
        if (name && std::holds_alternative<std::string>(*name)) lead_agency = std::get<std::string>(*name);
      }
    } else if (cell == columns.partner) {
      if (IsNull(*r, "role")) SetField(r, "role", std::string("phối hợp"));
    } else {
      continue;
    }
    if (!task.empty() && IsNull(*r, "task")) SetField(r, "task", task);
  }
  for (Record* r : row_records) {
    if (r->kind != "deadline" && r->kind != "quota") continue;
    if (r->kind == "deadline" && !task.empty() && IsNull(*r, "task")) SetField(r, "task", task);
    if (!lead_agency.empty() && IsNull(*r, "agency")) SetField(r, "agency", lead_agency);
  }
}

}  // namespace

void AttachTableContext(std::string_view text, std::vector<Record>* records) {
  std::vector<Record*> sorted;
  for (Record& r : *records) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(),
            [](const Record* a, const Record* b) { return a->start < b->start; });
  size_t next = 0;
  Columns columns;
  for (size_t line_start = 0; line_start < text.size();) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    std::string_view line = text.substr(line_start, line_end - line_start);
    // Cells are split at tabs, '|' or runs of spaces; most lines have none,
    // which three quick searches tell.
    size_t separators = 0;
    if (line.find('\t') != std::string_view::npos || line.find('|') != std::string_view::npos ||
        line.find("  ") != std::string_view::npos) {
      separators = CountSeparators(text, line_start, line_end);
    }
    std::vector<Record*> row;
    while (next < sorted.size() && sorted[next]->start < line_end) {
      if (sorted[next]->start >= line_start) row.push_back(sorted[next]);
      ++next;
    }
    if (separators >= 2) {
      std::vector<Cell> cells = SplitCells(text, line_start, line_end);
      Columns header = HeaderColumns(text, cells);
      if (header.valid() && header.lead >= 0) {
        columns = header;
        if (columns.content < 0) columns.content = 1;
      } else if (columns.valid() && !row.empty()) {
        AttachRow(text, cells, columns, row);
      }
    } else if (line.find_first_not_of(" \t\r\f") != std::string_view::npos) {
      columns = Columns();  // prose: the table is over
    }
    line_start = line_end + 1;
  }
}

}  // namespace sohoa
