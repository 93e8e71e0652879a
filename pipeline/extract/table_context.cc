#include "pipeline/extract/table_context.h"

#include <re2/re2.h>

#include <algorithm>
#include <cstdlib>

#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/record_builder.h"
#include "pipeline/extract/record_schema.h"

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

// `text` folded (no diacritics, "đ" as "d") and in lowercase: "Cơ quan chủ
// trì" -> "co quan chu tri".
std::string FoldedLower(std::string_view text) {
  std::string key = vi::Fold(text);
  for (char& c : key) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c;
  return key;
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

// True when a two-word phrase of the vocabulary's list `name` stands in
// folded `key`, its vowels garbled or not ("phdi hop").
bool HasGarbledPhrase(const std::string& key, const Vocabulary& vocabulary,
                      std::string_view name) {
  for (const Vocabulary::Entry& entry : vocabulary.List(name)) {
    const size_t space = entry.key.find(' ');
    if (space == std::string::npos) continue;
    const std::string_view phrase = entry.key;
    if (HasGarbledPair(key, phrase.substr(0, space), phrase.substr(space + 1))) return true;
  }
  return false;
}

// True when a phrase of the vocabulary's list `name` stands in folded `key`,
// ending a word ("ten" in "ten nhiem vu", not in "tente").
bool HasPhrase(std::string_view key, const Vocabulary& vocabulary, std::string_view name) {
  for (const Vocabulary::Entry& entry : vocabulary.List(name)) {
    for (size_t p = key.find(entry.key); p != std::string_view::npos;
         p = key.find(entry.key, p + 1)) {
      const size_t end = p + entry.key.size();
      if (end == key.size() || !((key[end] >= 'a' && key[end] <= 'z') ||
                                 (key[end] >= '0' && key[end] <= '9'))) {
        return true;
      }
    }
  }
  return false;
}

Columns HeaderColumns(std::string_view text, const std::vector<Cell>& cells,
                      const Vocabulary& vocabulary) {
  Columns columns;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::string key = FoldedLower(text.substr(cells[i].start, cells[i].end - cells[i].start));
    int index = static_cast<int>(i);
    if (HasGarbledPhrase(key, vocabulary, kLeadRole)) {
      columns.lead = index;
    } else if (HasGarbledPhrase(key, vocabulary, kPartnerRole)) {
      columns.partner = index;
    } else if (HasGarbledPhrase(key, vocabulary, kTimeColumn)) {
      columns.time = index;
    } else if (columns.content < 0 && HasPhrase(key, vocabulary, kContentColumn)) {
      columns.content = index;
    }
  }
  return columns;
}

// The role a table's column gives (ROLE_LEAD or ROLE_PARTNER), as records
// write it: "chủ trì".
std::string RoleOf(const Vocabulary& vocabulary, std::string_view list) {
  const std::vector<Vocabulary::Entry>& roles = vocabulary.List(list);
  return roles.empty() ? std::string() : roles.front().phrase;
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
               const std::vector<Record*>& row_records, const Vocabulary& vocabulary) {
  std::string task;
  if (columns.content >= 0 && columns.content < static_cast<int>(cells.size())) {
    task = CellText(text, cells[columns.content]);
  }
  std::string lead_agency;
  for (Record* r : row_records) {
    int cell = CellOf(cells, r->start);
    if (!IsKind(*r, RecordKind::kAgency)) continue;
    if (cell == columns.lead) {
      if (IsNull(*r, "role")) r->Set("role", RoleOf(vocabulary, kLeadRole));
      if (lead_agency.empty()) lead_agency = r->FieldText("name");
    } else if (cell == columns.partner) {
      if (IsNull(*r, "role")) r->Set("role", RoleOf(vocabulary, kPartnerRole));
    } else {
      continue;
    }
    if (!task.empty() && IsNull(*r, "task")) r->Set("task", task);
  }
  for (Record* r : row_records) {
    if (!IsKind(*r, RecordKind::kDeadline) && !IsKind(*r, RecordKind::kQuota)) continue;
    if (IsKind(*r, RecordKind::kDeadline) && !task.empty() && IsNull(*r, "task"))
      r->Set("task", task);
    if (!lead_agency.empty() && IsNull(*r, "agency")) r->Set("agency", lead_agency);
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
                  size_t columns_count, const Columns& columns, const Vocabulary& vocabulary) {
  size_t end = std::min(lines.size(), first + columns_count);
  if (columns.time != static_cast<int>(columns_count) - 1) return end;
  for (size_t k = end - 1; k < lines.size() && k < first + 2 * columns_count; ++k) {
    const std::string line = FoldedLower(text.substr(lines[k].start, lines[k].end - lines[k].start));
    if (line.find_first_of("0123456789") != std::string::npos ||
        HasPhrase(line, vocabulary, kRecurringTime)) {
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
// The ways a ROW_NUMBER heading ("STT", số thứ tự; "TT") is written: in
// capitals, in title case, in lowercase.
std::vector<std::string> RowNumberHeadings(const Vocabulary& vocabulary) {
  std::vector<std::string> out;
  for (const Vocabulary::Entry& entry : vocabulary.List(kRowNumber)) {
    std::string upper = entry.key;
    for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
    const std::string title = upper.substr(0, 1) + entry.key.substr(1);
    for (const std::string& written : {upper, title, entry.key}) {
      if (std::find(out.begin(), out.end(), written) == out.end()) out.push_back(written);
    }
  }
  return out;
}

// True when `text` holds one of `headings` anywhere: most texts hold no
// table, which this cheap search says.
bool HoldsAny(std::string_view text, const std::vector<std::string>& headings) {
  return std::any_of(headings.begin(), headings.end(),
                     [&](const std::string& h) { return text.find(h) != std::string_view::npos; });
}

// Whether a line is the heading of a table's first column, and nothing else.
bool IsSttCell(std::string_view text, const Cell& line, const std::vector<std::string>& headings) {
  std::string_view cell = text.substr(line.start, line.end - line.start);
  size_t first = cell.find_first_not_of(" \t*");
  if (first == std::string_view::npos) return false;
  cell.remove_prefix(first);
  while (!cell.empty() && (cell.back() == ' ' || cell.back() == '*' || cell.back() == '\r')) {
    cell.remove_suffix(1);
  }
  return std::find(headings.begin(), headings.end(), cell) != headings.end();
}

void AttachVerticalTables(std::string_view text, const std::vector<Record*>& sorted,
                          const Vocabulary& vocabulary) {
  const std::vector<std::string> headings = RowNumberHeadings(vocabulary);
  if (!HoldsAny(text, headings)) return;
  const std::vector<Cell> lines = NonBlankLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!IsSttCell(text, lines[i], headings)) continue;
    size_t h = i + 1;
    while (h < lines.size() && h - i <= 8 && RowNumber(text, lines[h]) < 0) ++h;
    std::vector<Cell> header(lines.begin() + i, lines.begin() + h);
    Columns columns = HeaderColumns(text, header, vocabulary);
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
      if (last) end = LastRowEnd(text, lines, r, header.size(), columns, vocabulary);
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
      if (!row.empty()) AttachRow(text, cells, columns, row, vocabulary);
      r = end;
      if (last) break;
    }
    i = r > i ? r - 1 : i;
  }
}

// Tables OCR flattened: the header's cells on one line, run together with
// single spaces ("STT Nội dung Cơ quan chủ trì Cơ quan phéihop Thời gian"),
// then each row from its number on, its cells run together over a line or
// two. Without cell borders, a row's agencies are read from its end, where
// the columns are: the last run of agencies joined by "," ";" or "và" fills
// the partner cell, the agency before it the lead cell, and agencies before
// that sit in the content ("Xây dựng chuyên mục trên Báo Bình Dương"),
// which runs from the row's number to the lead. A row with one agency gives
// it the lead: every task has one, partners are often left out.

// Where the flattened header names the lead column and the partner column
// (offsets into `folded`, npos when absent); `folded` is the line folded,
// lowercased, its spaces removed: "coquanchitri", "coquanphdihgp".
struct FlatHeader {
  size_t lead = std::string::npos, partner = std::string::npos;
};

FlatHeader ReadFlatHeader(std::string_view line) {
  static const RE2* lead = new RE2("(ch[a-z]{0,2}tr[a-z])");
  static const RE2* partner = new RE2("(ph[a-z]{1,3}h[a-z]p)");
  FlatHeader header;
  std::string folded = FoldedLower(line);
  folded.erase(std::remove_if(folded.begin(), folded.end(),
                              [](char c) { return c == ' ' || c == '\t' || c == '*' || c == '|'; }),
               folded.end());
  re2::StringPiece match;
  if (RE2::PartialMatch(folded, *lead, &match)) {
    header.lead = match.data() - folded.data();
  }
  if (RE2::PartialMatch(folded, *partner, &match)) {
    header.partner = match.data() - folded.data();
  }
  return header;
}

// Whether a line starts with the heading of a table's first column ("STT",
// "TT") and goes on: the cheap test before a line is folded.
bool StartsWithStt(std::string_view line, const std::vector<std::string>& headings) {
  size_t i = line.find_first_not_of(" \t|*");
  if (i == std::string_view::npos) return false;
  line.remove_prefix(i);
  for (std::string_view heading : headings) {
    if (line.size() > heading.size() && line.substr(0, heading.size()) == heading &&
        (line[heading.size()] == ' ' || line[heading.size()] == '\t' ||
         line[heading.size()] == '|')) {
      return true;
    }
  }
  return false;
}

// The number a flattened row starts with ("3 Tập huấn", "3. Tập huấn"), or -1.
int FlatRowNumber(std::string_view line) {
  size_t i = line.find_first_not_of(" \t|*");
  if (i == std::string_view::npos) return -1;
  size_t digits = 0;
  while (i + digits < line.size() && line[i + digits] >= '0' && line[i + digits] <= '9') ++digits;
  if (digits == 0 || digits > 2 || i + digits >= line.size()) return -1;
  char after = line[i + digits];
  if (after != ' ' && after != '.' && after != '\t') return -1;
  return std::atoi(std::string(line.substr(i, digits)).c_str());
}

// The length of the JOINER word ("va") at `i` of folded `key`, or 0.
size_t JoinerAt(const std::string& key, size_t i, const Vocabulary& vocabulary) {
  for (const Vocabulary::Entry& joiner : vocabulary.List(kJoiner)) {
    if (key.compare(i, joiner.key.size(), joiner.key) == 0) return joiner.key.size();
  }
  return 0;
}

// True when only separators of one cell's list lie between two agencies.
bool SameCell(std::string_view text, const Record& a, const Record& b,
              const Vocabulary& vocabulary) {
  if (b.start < a.end) return false;
  const std::string between = FoldedLower(text.substr(a.end, b.start - a.end));
  bool joined = false;
  for (size_t i = 0; i < between.size(); ++i) {
    char c = between[i];
    if (c == ',' || c == ';' || c == '&') {
      joined = true;
    } else if (const size_t joiner = JoinerAt(between, i, vocabulary); joiner > 0) {
      joined = true;
      i += joiner - 1;
    } else if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
      return false;
    }
  }
  return joined;
}

void AttachFlatRow(std::string_view text, size_t content_start, const std::vector<Record*>& row,
                   const Vocabulary& vocabulary) {
  std::vector<Record*> agencies;
  for (Record* r : row) {
    if (IsKind(*r, RecordKind::kAgency) && !r->FieldText("name").empty()) agencies.push_back(r);
  }
  if (agencies.empty()) return;
  size_t lead = agencies.size() - 1;
  if (agencies.size() >= 2) {
    size_t first_partner = agencies.size() - 1;
    while (first_partner > 1 &&
           SameCell(text, *agencies[first_partner - 1], *agencies[first_partner], vocabulary)) {
      --first_partner;
    }
    lead = first_partner - 1;
    for (size_t k = first_partner; k < agencies.size(); ++k) {
      if (IsNull(*agencies[k], "role")) {
        agencies[k]->Set("role", RoleOf(vocabulary, kPartnerRole));
      }
    }
  }
  Record* lead_record = agencies[lead];
  if (IsNull(*lead_record, "role")) lead_record->Set("role", RoleOf(vocabulary, kLeadRole));
  std::string task;
  if (lead_record->start > content_start) {
    task = CellText(text, Cell{content_start, lead_record->start});
  }
  for (size_t k = lead; k < agencies.size(); ++k) {
    if (!task.empty() && IsNull(*agencies[k], "task")) agencies[k]->Set("task", task);
  }
  for (Record* r : row) {
    if (!IsKind(*r, RecordKind::kDeadline) && !IsKind(*r, RecordKind::kQuota)) continue;
    if (r->start < lead_record->start) continue;  // in the content
    if (IsKind(*r, RecordKind::kDeadline) && !task.empty() && IsNull(*r, "task"))
      r->Set("task", task);
    if (IsNull(*r, "agency")) r->Set("agency", lead_record->FieldText("name"));
  }
}

void AttachFlattenedTables(std::string_view text, const std::vector<Record*>& sorted,
                           const Vocabulary& vocabulary) {
  // Most texts have no such table: a search or two says so.
  const std::vector<std::string> headings = RowNumberHeadings(vocabulary);
  if (!HoldsAny(text, headings)) return;
  const std::vector<Cell> lines = NonBlankLines(text);
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view header_line =
        text.substr(lines[i].start, lines[i].end - lines[i].start);
    if (!StartsWithStt(header_line, headings)) continue;
    // A header split into cells is the other readers' to take.
    if (CountSeparators(text, lines[i].start, lines[i].end) >= 2) continue;
    const FlatHeader header = ReadFlatHeader(header_line);
    if (header.lead == std::string::npos || header.partner == std::string::npos ||
        header.partner < header.lead) {
      continue;
    }
    // Rows 1, 2, 3, ...: each runs to the next number; the last to the
    // first blank line after it.
    size_t r = i + 1;
    for (int expected = 1; r < lines.size(); ++expected) {
      const std::string_view first = text.substr(lines[r].start, lines[r].end - lines[r].start);
      if (FlatRowNumber(first) != expected) break;
      size_t end = r + 1;
      while (end < lines.size() && end - r <= 6 &&
             FlatRowNumber(text.substr(lines[end].start, lines[end].end - lines[end].start)) !=
                 expected + 1) {
        ++end;
      }
      bool last = end >= lines.size() || end - r > 6;
      if (last) {
        // No next row: the row ends at a blank line.
        end = r + 1;
        while (end < lines.size() && end - r < 3 && lines[end].start == lines[end - 1].end + 1) {
          ++end;
        }
      }
      const size_t row_start = lines[r].start, row_end = lines[end - 1].end;
      size_t content_start = row_start + first.find_first_not_of(" \t|*");
      while (content_start < row_end && text[content_start] >= '0' && text[content_start] <= '9') {
        ++content_start;
      }
      while (content_start < row_end &&
             (text[content_start] == ' ' || text[content_start] == '.' ||
              text[content_start] == '\t')) {
        ++content_start;
      }
      std::vector<Record*> row;
      bool interleaved = false;
      for (Record* rec : sorted) {
        if (rec->start < row_start || rec->start >= row_end) continue;
        row.push_back(rec);
        // The time cell ends a row. Ended before the row's last line, it
        // says the cells wrapped side by side ("Kích hoạt tài  Công an  Sở
        // Thông tin và  Quý I/2024" / "khoản định danh  tỉnh  Truyền
        // thông"), their pieces interleaved line by line: no order to read
        // them in. A time that wraps itself ("Tháng" / "9/2022") is none.
        if (IsKind(*rec, RecordKind::kDeadline) && rec->end <= lines[end - 1].start) interleaved = true;
      }
      if (!interleaved) AttachFlatRow(text, content_start, row, vocabulary);
      r = end;
      if (last) break;
    }
    i = r > i ? r - 1 : i;
  }
}

// The column a byte of a line sits at: its code points from the line's
// start (a table aligned with spaces lines up letters, not bytes).
size_t DisplayColumn(std::string_view text, size_t line_start, size_t offset) {
  size_t column = 0;
  for (size_t i = line_start; i < offset; ++i) {
    column += (static_cast<unsigned char>(text[i]) & 0xC0) != 0x80;
  }
  return column;
}

// In a table aligned with spaces, a cell too long for its column wraps onto
// the next line at the same column: "Sở Thông tin và" / "Truyền thông",
// "Văn phòng UBND" / "tỉnh". A name that ends its cell on a row's line (but
// for a joiner left at the cut) takes the words below it, when the next
// line goes on the row (it starts with spaces, under the number) and no
// record of its own starts there.
// The joined name is restored phrase by phrase from the canon, when there
// is one: restoration guessed the words below alone, without the name
// ("Truyền thống" for "Truyền thông").
void CompleteWrappedNames(std::string_view text, const std::vector<Cell>& cells,
                          size_t line_start, size_t line_end, const std::vector<Record*>& row,
                          const std::vector<Record*>& sorted, const CanonTable& canon) {
  if (line_end >= text.size()) return;
  const size_t below_start = line_end + 1;
  size_t below_end = text.find('\n', below_start);
  if (below_end == std::string_view::npos) below_end = text.size();
  const std::string_view below_line = text.substr(below_start, below_end - below_start);
  if (below_line.size() < 2 || below_line[0] != ' ' || below_line[1] != ' ') return;
  const std::vector<Cell> below = SplitCells(text, below_start, below_end);
  for (Record* r : row) {
    if (!IsKind(*r, RecordKind::kAgency) || r->FieldText("name").empty()) continue;
    const int k = CellOf(cells, r->start);
    if (k < 0 || r->end > cells[k].end) continue;
    const std::string joiner = CellText(text, Cell{r->end, cells[k].end});
    const std::string joiner_key = FoldedLower(joiner);
    if (!joiner.empty() && !canon.vocabulary().Has(kJoiner, joiner_key) && joiner != "," &&
        joiner != "-") {
      continue;
    }
    const size_t column = DisplayColumn(text, line_start, cells[k].start);
    for (const Cell& b : below) {
      if (b.end <= b.start) continue;
      const size_t b_column = DisplayColumn(text, below_start, b.start);
      if (b_column + 1 < column || b_column > column + 1) continue;
      const std::string words = CellText(text, b);
      const bool taken = std::any_of(sorted.begin(), sorted.end(), [&](const Record* other) {
        return other->start >= b.start && other->start < b.end;
      });
      if (words.empty() || (words[0] >= '0' && words[0] <= '9') || taken ||
          std::count(words.begin(), words.end(), ' ') >= 4) {
        break;
      }
      const std::string glue = joiner.empty() ? " " : joiner == "," ? ", " : " " + joiner + " ";
      // A level word below ("tỉnh" under "Bảo hiểm xã hội", restored as
      // "tình" too) is written as the vocabulary's LEVEL writes it, and the
      // name's level read again ("các huyện, thành phố" stay districts).
      const Vocabulary::Entry* level =
          canon.vocabulary().Find(kLevelWords, FoldedLower(words));
      const std::string added = level ? level->phrase : words;
      std::string name = r->FieldText("name") + glue + added;
      if (!level) name = canon.Restore(name, false);
      r->Set("name", name);
      const std::string shortened = r->FieldText("abbreviated");
      if (!shortened.empty()) r->Set("abbreviated", shortened + glue + added);
      if (level) r->Set("level", AgencyLevel(name, canon.vocabulary()));
      break;
    }
  }
}

}  // namespace

void AttachTableContext(std::string_view text, const CanonTable& canon,
                        std::vector<Record>* records) {
  const Vocabulary& vocabulary = canon.vocabulary();
  std::vector<Record*> sorted;
  for (Record& r : *records) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(),
            [](const Record* a, const Record* b) { return a->start < b->start; });
  AttachVerticalTables(text, sorted, vocabulary);
  AttachFlattenedTables(text, sorted, vocabulary);
  size_t next = 0;
  Columns columns;
  bool aligned = false;  // the header's cells are split by runs of spaces alone
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
      Columns header = HeaderColumns(text, cells, vocabulary);
      if (header.valid() && header.lead >= 0) {
        columns = header;
        if (columns.content < 0) columns.content = 1;
        aligned = line.find('\t') == std::string_view::npos &&
                  line.find('|') == std::string_view::npos;
      } else if (columns.valid() && !row.empty()) {
        AttachRow(text, cells, columns, row, vocabulary);
        if (aligned) CompleteWrappedNames(text, cells, line_start, line_end, row, sorted, canon);
      }
    } else if (line.find_first_not_of(" \t\r\f") != std::string_view::npos) {
      columns = Columns();  // prose: the table is over
    }
    line_start = line_end + 1;
  }
}

}  // namespace sohoa
