#include "pipeline/extract/table_context.h"

#include <algorithm>
#include <cstdlib>

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

namespace {

// The non-blank lines of `text`, as cells: [start, end) each.
std::vector<Cell> NonBlankLines(std::string_view text) {
  std::vector<Cell> lines;
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    if (text.substr(start, end - start).find_first_not_of(" \t\r\f*") != std::string_view::npos) {
      lines.push_back({start, end});
    }
    start = end + 1;
  }
  return lines;
}

// The number a line holds alone ("3", "3."), or -1.
int RowNumber(std::string_view text, const Cell& line) {
  std::string digits;
  for (size_t i = line.start; i < line.end; ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c != ' ' && c != '\t' && c != '.' && c != '*' && c != '\r') {
      return -1;
    }
  }
  return digits.empty() || digits.size() > 3 ? -1 : std::atoi(digits.c_str());
}

// Where the last row of a one-cell-a-line table ends, with nothing after it
// to say so: after as many lines as the header has, or, when the last column
// is the time and the content wrapped, at the first line after that with a
// digit or a recurring time ("Quý II/2023", "Hằng tháng").
size_t LastRowEnd(std::string_view text, const std::vector<Cell>& lines, size_t first,
                  size_t columns_count, const Columns& columns) {
  size_t end = std::min(lines.size(), first + columns_count);
  if (columns.time != static_cast<int>(columns_count) - 1) return end;
  for (size_t k = end - 1; k < lines.size() && k < first + 2 * columns_count; ++k) {
    std::string line = vi::Fold(text.substr(lines[k].start, lines[k].end - lines[k].start));
    for (char& c : line) c = (c >= 'A' && c <= 'Z') ? c + 32 : c;
    if (line.find_first_of("0123456789") != std::string::npos ||
        line.find("hang ") != std::string::npos || line.find("thuong xuyen") != std::string::npos) {
      return k + 1;
    }
  }
  return end;
}

// Tables OCR or a converter wrote one cell a line: "STT", "Nội dung", "Cơ
// quan chủ trì", ... then each row from its number on. A row's cells are
// its lines; when a cell wrapped onto more lines, the lines over are given
// to the content column (the long one) and the other cells taken from the
// row's end.
// Whether a line is the "STT" (số thứ tự) heading of a table's first column.
bool IsSttCell(std::string_view text, const Cell& line) {
  std::string_view cell = text.substr(line.start, line.end - line.start);
  size_t first = cell.find_first_not_of(" \t*");
  if (first == std::string_view::npos) return false;
  cell.remove_prefix(first);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '*' || cell.back() == '\r')) {
    cell.remove_suffix(1);
  }
  return cell == "STT" || cell == "Stt" || cell == "stt";
}

void AttachVerticalTables(std::string_view text, const std::vector<Record*>& sorted) {
  // Most texts have no such table: one search says so.
  if (text.find("STT") == std::string_view::npos && text.find("Stt") == std::string_view::npos) {
    return;
  }
  const std::vector<Cell> lines = NonBlankLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsSttCell(text, lines[i])) continue;
    size_t h = i + 1;
    while (h < lines.size() && h - i <= 8 && RowNumber(text, lines[h]) < 0) ++h;
    std::vector<Cell> header(lines.begin() + i, lines.begin() + h);
    Columns columns = HeaderColumns(text, header);
    if (columns.lead < 0 || header.size() < 3 || h >= lines.size()) continue;
    if (columns.content < 0) columns.content = 1;
    // Rows: from number k to number k + 1.
    size_t r = h;
    for (int expected = RowNumber(text, lines[h]); r < lines.size() && expected > 0; ++expected) {
      size_t end = r + 1;
      while (end < lines.size() && end - r <= 3 * header.size() &&
             RowNumber(text, lines[end]) != expected + 1) {
        ++end;
      }
      const bool last = end >= lines.size() || RowNumber(text, lines[end]) != expected + 1;
      if (last) end = LastRowEnd(text, lines, r, header.size(), columns);
      if (end - r < header.size()) break;
      // Cells from the row's end; the content column takes what is over.
      std::vector<Cell> cells(header.size());
      cells[0] = lines[r];
      size_t from_end = end;
      for (size_t c = header.size() - 1; c > static_cast<size_t>(columns.content); --c) {
        cells[c] = lines[--from_end];
      }
      for (size_t c = 1; c < static_cast<size_t>(columns.content); ++c) cells[c] = lines[r + c];
      cells[columns.content] = {lines[r + columns.content].start, lines[from_end - 1].end};
      std::vector<Record*> row;
      for (Record* rec : sorted) {
        if (rec->start >= lines[r].start && rec->start < lines[end - 1].end) row.push_back(rec);
      }
      if (!row.empty()) AttachRow(text, cells, columns, row);
      r = end;
      if (last) break;
    }
    i = r > i ? r - 1 : i;
  }
}

}  // namespace

void AttachTableContext(std::string_view text, std::vector<Record>* records) {
  std::vector<Record*> sorted;
  for (Record& r : *records) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(),
            [](const Record* a, const Record* b) { return a->start < b->start; });
  AttachVerticalTables(text, sorted);
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
