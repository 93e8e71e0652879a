#include "pipeline/extract/task_builder.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/kind_builders.h"
#include "pipeline/extract/record_schema.h"

namespace sohoa {
namespace {

// Where an item sits in the outline: I. (part), 1. (item), a) (point), a
// "-" duty, a table row (its STT cell), or a paragraph without a label.
enum class Level { kPart, kItem, kPoint, kDuty, kRow, kParagraph };

struct Label {
  Level level = Level::kParagraph;
  std::string name;      // "IV", "1", "a"; empty for duties and paragraphs
  size_t content = 0;    // offset in the line where the item's words start
  bool labeled = false;  // false: the line opens no item of its own
};

bool IsBlank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

size_t SkipBlanks(std::string_view line, size_t i) {
  while (i < line.size() && IsBlank(line[i])) ++i;
  return i;
}

// "IV. ", "12. ", "3) ", "b) ", "- ", "1\t" (a table row), or none.
Label ReadLabel(std::string_view line) {
  Label label;
  size_t first = SkipBlanks(line, 0);
  // A row of a table drawn with pipes: "| 2 | Tập huấn | ...".
  if (first < line.size() && line[first] == '|') first = SkipBlanks(line, first + 1);
  size_t i = first;
  if (i >= line.size()) return label;
  auto opens = [&](size_t after, Level level) {
    label.level = level;
    label.name = std::string(line.substr(first, after - first));
    label.content = SkipBlanks(line, after + 1);
    label.labeled = true;
    return label;
  };
  if (line[i] == '-' || line[i] == '+' || line.substr(i, 3) == "\xE2\x80\x93") {
    label = opens(i + (line[i] == '\xE2' ? 2 : 0), Level::kDuty);
    label.name.clear();
    return label;
  }
  while (i < line.size() && (line[i] == 'I' || line[i] == 'V' || line[i] == 'X')) ++i;
  if (i > first && i - first <= 5 && i < line.size() && (line[i] == '.' || line[i] == ')')) {
    return opens(i, Level::kPart);
  }
  i = first;
  while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  if (i > first && i - first <= 3 && SkipBlanks(line, i) == line.size()) {
    label.level = Level::kRow;  // a row written one cell a line: "1" alone
    label.name = std::string(line.substr(first, i - first));
    label.content = line.size();
    label.labeled = true;
    return label;
  }
  if (i > first && i - first <= 3 && i < line.size()) {
    const bool digit_after = i + 1 < line.size() && line[i + 1] >= '0' && line[i + 1] <= '9';
    if ((line[i] == '.' || line[i] == ')') && !digit_after) return opens(i, Level::kItem);
    if (line[i] == '\t' || line[i] == '|') return opens(i, Level::kRow);
    // A row aligned with spaces or flattened by OCR: "3  Tập huấn ...", "3
    // Tập huấn" (a capital after the number).
    const size_t next = SkipBlanks(line, i);
    if (line[i] == ' ' && next < line.size() && !(line[next] >= '0' && line[next] <= '9') &&
        (static_cast<unsigned char>(line[next]) >= 0x80 || std::isupper(line[next]) ||
         line[next] == '|')) {
      return opens(i, Level::kRow);
    }
  }
  i = first;
  if (i + 1 < line.size() && line[i] >= 'a' && line[i] <= 'z' && line[i + 1] == ')') {
    return opens(i + 1, Level::kPoint);
  }
  if (line.substr(i, 3) == "\xC4\x91)") return opens(i + 2, Level::kPoint);  // "đ)"
  return label;
}

// One outline item: its words run from `start` to `end` (its label left
// out), over the lines below it until a blank line or the next label.
struct Item {
  Level level = Level::kParagraph;
  std::string section;
  size_t start = 0, end = 0;
  size_t first_line_end = 0;
};

// The outline path of the items: "II.3.b" from the labels above them.
class Outline {
 public:
  std::string Enter(const Label& label) {
    switch (label.level) {
      case Level::kPart:
        path_ = {label.name, "", ""};
        return label.name;
      case Level::kItem:
        path_[1] = label.name;
        path_[2].clear();
        return Join(2);
      case Level::kPoint:
        path_[2] = label.name;
        return Join(3);
      case Level::kDuty:
        return Join(3);
      case Level::kRow:
        return "Phụ lục." + label.name;
      case Level::kParagraph:
        return Join(1);
    }
    return "";
  }

 private:
  std::string Join(size_t depth) const {
    std::string out;
    for (size_t k = 0; k < depth; ++k) {
      if (path_[k].empty()) continue;
      out += (out.empty() ? "" : ".") + path_[k];
    }
    return out;
  }
  std::array<std::string, 3> path_;
};

std::string FoldedWords(std::string_view text);

// True when the words before the colon of `line` are a phrase of `list`: a
// labelled line of a task block ("Cơ quan chủ trì: Sở Nội vụ").
bool IsBlockLabel(std::string_view line, const Vocabulary& vocabulary, std::string_view list) {
  constexpr size_t kMaxLabel = 40;
  const size_t colon = line.find(':');
  if (colon == std::string_view::npos || colon > kMaxLabel) return false;
  return vocabulary.Has(list, FoldedWords(line.substr(0, colon)));
}

bool IsAnyBlockLabel(std::string_view line, const Vocabulary& vocabulary) {
  return IsBlockLabel(line, vocabulary, kBlockLead) ||
         IsBlockLabel(line, vocabulary, kBlockPartner) ||
         IsBlockLabel(line, vocabulary, kBlockOther);
}

std::vector<Item> ReadItems(std::string_view text, const Vocabulary& vocabulary) {
  std::vector<Item> items;
  Outline outline;
  bool open = false;  // the last item may take the next line
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find_first_of("\n\f", start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view line = text.substr(start, end - start);
    if (SkipBlanks(line, 0) == line.size()) {
      open = false;
    } else {
      Label label = ReadLabel(line);
      // "- Chủ trì: Sở Nội vụ" below a numbered task belongs to it.
      if (label.level == Level::kDuty && open && IsAnyBlockLabel(line, vocabulary)) {
        label.labeled = false;
      }
      if (label.labeled || !open) {
        Item item;
        item.level = label.level;
        item.section = outline.Enter(label);
        item.start = start + (label.labeled ? label.content : SkipBlanks(line, 0));
        item.first_line_end = end;
        items.push_back(std::move(item));
        open = true;
      }
      items.back().end = end;
    }
    start = end + 1;
  }
  return items;
}

bool HasRole(const Record& agency, const Vocabulary& vocabulary, std::string_view list) {
  const std::string role = agency.FieldText("role");
  for (const Vocabulary::Entry& e : vocabulary.List(list)) {
    if (role == e.phrase) return true;
  }
  return false;
}

// The words of `text` folded, its punctuation dropped: "Giao, " -> "giao".
std::string FoldedWords(std::string_view text) {
  std::string out;
  for (char c : vi::Fold(text)) {
    const bool word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c & 0x80);
    if (word) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// True when only a word of TASK_OPENER ("Giao", "Đề nghị") stands between
// the item's start and the agency; below a topic heading ("1. Công tác chỉ
// đạo" then a paragraph), between the start of the line after it and the
// agency.
bool OpensItem(std::string_view text, const Item& item, const Record& agency,
               const Vocabulary& vocabulary) {
  if (agency.start < item.start) return false;
  const bool below_topic = item.level != Level::kParagraph && agency.start > item.first_line_end;
  const size_t from = below_topic ? item.first_line_end + 1 : item.start;
  if (text.substr(from, agency.start - from).find('\n') != std::string_view::npos) return false;
  const std::string before = FoldedWords(text.substr(from, agency.start - from));
  return before.empty() || vocabulary.Has(kTaskOpener, before);
}

// At least two words of the item lie outside the lead's name: a duty.
bool SaysMoreThan(std::string_view text, const Item& item, const Record& lead) {
  const size_t cut_start = std::clamp(lead.start, item.start, item.end);
  const size_t cut_end = std::clamp(lead.end, cut_start, item.end);
  const std::string rest = FoldedWords(text.substr(item.start, cut_start - item.start)) + " " +
                           FoldedWords(text.substr(cut_end, item.end - cut_end));
  return std::count(rest.begin(), rest.end(), ' ') >= 2 ||
         (std::count(rest.begin(), rest.end(), ' ') == 1 && rest.front() != ' ' &&
          rest.back() != ' ');
}

// True when the item's first line is one agency name and nothing else: a
// heading whose agency leads the duties below it.
bool IsAgencyHeading(std::string_view text, const Item& item, const Record& agency) {
  if (item.level != Level::kPart && item.level != Level::kItem) return false;
  if (agency.start < item.start || agency.end > item.first_line_end) return false;
  return FoldedWords(text.substr(item.start, agency.start - item.start)).empty() &&
         FoldedWords(text.substr(agency.end, item.first_line_end - agency.end)).empty();
}

bool IsNull(const Record& record, const std::string& name) {
  const FieldValue* v = record.Field(name);
  return !v || std::holds_alternative<std::monostate>(*v) ||
         (std::holds_alternative<std::string>(*v) && std::get<std::string>(*v).empty());
}

FieldValue OrNull(const std::string& value) {
  return value.empty() ? FieldValue() : FieldValue(value);
}

int LineOf(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + offset, '\n'));
}

// True when `agency` stands on a labelled line of a task block whose label
// is in `list` ("Chủ trì: Sở Nội vụ").
bool OnBlockLine(std::string_view text, const Record& agency, const Vocabulary& vocabulary,
                 std::string_view list) {
  size_t line_start = text.rfind('\n', agency.start == 0 ? 0 : agency.start - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  if (agency.start == 0) line_start = 0;
  std::string_view line = text.substr(line_start, agency.start - line_start);
  const size_t first = SkipBlanks(line, 0);
  if (first < line.size() && (line[first] == '-' || line[first] == '+'))
    line.remove_prefix(first + 1);
  return IsBlockLabel(line, vocabulary, list);
}

// The task of `item` led by `lead`; marks the records inside it.
Record MakeTask(std::string_view text, const Item& item, const Record& lead, int id,
                const Vocabulary& vocabulary, std::vector<Record>* records) {
  std::vector<std::string> partners, partner_levels, quotas;
  const Record* deadline = nullptr;
  for (Record& r : *records) {
    if (r.start < item.start || r.start >= item.end) continue;
    if (IsKind(r, RecordKind::kAgency)) {
      r.Set("task_id", int64_t{id});
      const std::string name = r.FieldText("name");
      const bool partner =
          HasRole(r, vocabulary, kPartnerRole) || OnBlockLine(text, r, vocabulary, kBlockPartner);
      if (partner && name != lead.FieldText("name") &&
          std::find(partners.begin(), partners.end(), name) == partners.end()) {
        partners.push_back(name);
        partner_levels.push_back(r.FieldText("level"));
      }
    } else if (IsKind(r, RecordKind::kDeadline) || IsKind(r, RecordKind::kQuota)) {
      r.Set("task_id", int64_t{id});
      if (IsNull(r, "agency")) r.Set("agency", lead.FieldText("name"));
      if (IsKind(r, RecordKind::kQuota)) quotas.push_back(r.text);
      if (IsKind(r, RecordKind::kDeadline) && !deadline) deadline = &r;
    }
  }
  std::string deadline_value;
  if (deadline) {
    // A recurring deadline has no date: its period is its value.
    deadline_value = deadline->FieldText("value");
    if (deadline_value.empty()) deadline_value = deadline->FieldText("period");
  }
  Record task;
  task.kind = std::string(KindName(RecordKind::kTask));
  task.start = item.start;
  task.end = item.end;
  task.text = std::string(text.substr(item.start, item.end - item.start));
  task.line = LineOf(text, item.start);
  task.rule = "task.outline@1";
  task.fields = {{"section", OrNull(item.section)},
                 {"lead", lead.FieldText("name")},
                 {"lead_level", OrNull(lead.FieldText("level"))},
                 {"partners", partners},
                 {"partner_levels", partner_levels},
                 {"deadline_type", deadline ? OrNull(deadline->FieldText("type")) : FieldValue()},
                 {"deadline_value", OrNull(deadline_value)},
                 {"quotas", quotas},
                 {"task_id", int64_t{id}}};
  return task;
}

// True when `agency` names a generic group ("Các cơ quan, đơn vị"), which
// leads no task: its name starts with a phrase of TASK_NOT_LEAD.
bool IsGenericGroup(const Record& agency, const Vocabulary& vocabulary) {
  const std::string name = FoldedWords(agency.FieldText("name")) + " ";
  for (const Vocabulary::Entry& e : vocabulary.List(kTaskNotLead)) {
    if (name.compare(0, e.key.size() + 1, e.key + " ") == 0) return true;
  }
  return false;
}

// True when the first agency shares the item's subject with the second:
// only a JOINER word or a comma between them ("Đề nghị Báo X và Đài Y …").
bool SharesSubject(std::string_view text, const std::vector<const Record*>& agencies,
                   const Vocabulary& vocabulary) {
  if (agencies.size() < 2 || agencies[1]->start < agencies[0]->end) return false;
  const std::string_view between =
      text.substr(agencies[0]->end, agencies[1]->start - agencies[0]->end);
  const std::string words = FoldedWords(between);
  return words.empty() ? between.find(',') != std::string_view::npos
                       : vocabulary.Has(kJoiner, words);
}

// True when the words right after the lead give it only money to find
// ("Sở Tài chính bảo đảm kinh phí"): a phrase of TASK_FUNDING among them.
bool OnlyFunds(std::string_view text, const Item& item, const Record& lead,
               const Vocabulary& vocabulary) {
  constexpr size_t kNearBytes = 40;
  if (lead.end >= item.end) return false;
  const std::string after =
      " " + FoldedWords(text.substr(lead.end, std::min(kNearBytes, item.end - lead.end))) + " ";
  for (const Vocabulary::Entry& e : vocabulary.List(kTaskFunding)) {
    if (after.find(" " + e.key + " ") != std::string::npos) return true;
  }
  return false;
}

// The lead of `item`: an agency in it with the lead role, else one that
// opens it, else the heading's (`heading`, may be null). A generic group,
// two bodies sharing the subject or a body only told to fund, opening the
// item, lead nothing, not even through the heading.
const Record* LeadOf(std::string_view text, const Item& item,
                     const std::vector<const Record*>& agencies, const Record* heading,
                     const Vocabulary& vocabulary) {
  for (const Record* a : agencies) {
    if (OnBlockLine(text, *a, vocabulary, kBlockLead)) return a;
  }
  for (const Record* a : agencies) {
    if (HasRole(*a, vocabulary, kLeadRole) && !IsGenericGroup(*a, vocabulary)) return a;
  }
  if (!agencies.empty() && OpensItem(text, item, *agencies.front(), vocabulary)) {
    const Record* subject = agencies.front();
    if (IsGenericGroup(*subject, vocabulary) || SharesSubject(text, agencies, vocabulary) ||
        OnlyFunds(text, item, *subject, vocabulary)) {
      return nullptr;
    }
    return subject;
  }
  return heading;
}

// True when the item opens with a phrase of RECIPIENTS_HEADING ("Nơi
// nhận"): the list items below it name addressees, not leads.
bool OpensRecipients(std::string_view text, const Item& item, const Vocabulary& vocabulary) {
  const std::string words =
      FoldedWords(text.substr(item.start, item.first_line_end - item.start)) + " ";
  for (const Vocabulary::Entry& e : vocabulary.List(kRecipientsHeading)) {
    if (words.compare(0, e.key.size() + 1, e.key + " ") == 0) return true;
  }
  return false;
}

}  // namespace

namespace build {

Fields BuildTask(const Slots&, const CanonTable&, const DocumentContext&, size_t*) { return {}; }

}  // namespace build

void AssembleTasks(std::string_view text, const Vocabulary& vocabulary,
                   std::vector<Record>* records) {
  std::vector<Record> tasks;
  // The agency heading in force and the level it was written at.
  std::vector<std::pair<Level, Record>> headings;
  // The header (issuer, number, title) assigns nothing: items start below
  // the document record's span and the first outline label.
  size_t body = 0;
  if (!records->empty() && IsKind(records->front(), RecordKind::kDocument)) {
    body = records->front().end;
  }
  bool outline_seen = false, recipients = false;
  for (const Item& item : ReadItems(text, vocabulary)) {
    if (item.start < body) continue;
    if (item.level != Level::kParagraph) outline_seen = true;
    if (!outline_seen) continue;
    if (OpensRecipients(text, item, vocabulary)) recipients = true;
    if (item.level != Level::kDuty && item.level != Level::kParagraph) recipients = false;
    if (recipients) continue;
    if (item.level == Level::kPart || item.level == Level::kItem) {
      while (!headings.empty() && headings.back().first >= item.level) headings.pop_back();
    }
    std::vector<const Record*> agencies;
    for (const Record& r : *records) {
      if (IsKind(r, RecordKind::kAgency) && r.start >= item.start && r.start < item.end) {
        agencies.push_back(&r);
      }
    }
    const bool inherits =
        item.level == Level::kPoint || item.level == Level::kDuty ||
        (item.level == Level::kItem && !headings.empty() && headings.back().first == Level::kPart);
    const Record* heading = inherits && !headings.empty() ? &headings.back().second : nullptr;
    if (!agencies.empty() && IsAgencyHeading(text, item, *agencies.front())) {
      headings.emplace_back(item.level, *agencies.front());
    }
    const Record* lead = LeadOf(text, item, agencies, heading, vocabulary);
    if (!lead || !SaysMoreThan(text, item, *lead)) continue;
    const Record lead_copy = *lead;  // MakeTask writes into `records`
    tasks.push_back(
        MakeTask(text, item, lead_copy, static_cast<int>(tasks.size()) + 1, vocabulary, records));
  }
  for (Record& t : tasks) records->push_back(std::move(t));
}

}  // namespace sohoa
