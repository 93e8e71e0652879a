#include "pipeline/extract/rule_file.h"

#include <algorithm>
#include <filesystem>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"

namespace sohoa {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) {
    s.remove_prefix(1);
  }
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

// Splits "NAME = value" at the first " = ".
bool SplitAssignment(std::string_view s, std::string* name, std::string* value) {
  size_t eq = s.find('=');
  if (eq == std::string_view::npos) return false;
  *name = std::string(Trim(s.substr(0, eq)));
  *value = std::string(Trim(s.substr(eq + 1)));
  return !name->empty();
}

bool IsIdentifier(std::string_view s) {
  if (s.empty()) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_' || c == '.';
  });
}

RuleExample ParseExample(std::string_view rest, bool must_match, int line) {
  RuleExample example;
  example.must_match = must_match;
  example.line = line;
  size_t arrow = rest.find(" => ");
  example.text = std::string(Trim(rest.substr(0, arrow)));
  // "\n" and "\t" in an example stand for a line break and a tab.
  for (size_t p = 0; (p = example.text.find('\\', p)) != std::string::npos; ++p) {
    if (p + 1 >= example.text.size()) break;
    char c = example.text[p + 1];
    if (c == 'n' || c == 't' || c == 'f') {
      example.text.replace(p, 2, c == 'n' ? "\n" : c == 't' ? "\t" : "\f");
    }
  }
  if (arrow == std::string_view::npos) return example;
  std::string_view pairs = rest.substr(arrow + 4);
  while (!pairs.empty()) {
    size_t semi = pairs.find("; ");
    std::string name, value;
    if (SplitAssignment(pairs.substr(0, semi), &name, &value)) {
      example.expect.emplace_back(name, value);
    }
    if (semi == std::string_view::npos) break;
    pairs.remove_prefix(semi + 2);
  }
  return example;
}

class Parser {
 public:
  Parser(const std::string& file, RuleSetData* data, std::map<std::string, std::string>* defines)
      : file_(file), data_(data), defines_(defines) {}

  Status Line(std::string_view raw, int line_number) {
    line_ = line_number;
    std::string_view line = Trim(raw);
    if (line.empty() || line.front() == '#') return Status::Ok();
    size_t space = line.find_first_of(" \t");
    std::string_view key = line.substr(0, space);
    std::string_view rest =
        space == std::string_view::npos ? std::string_view() : Trim(line.substr(space + 1));
    if (in_rule_) return RuleLine(key, rest);
    return TopLine(key, rest);
  }

  Status Finish() {
    if (in_rule_) return Error("rule " + rule_.id + " has no `end`");
    return Status::Ok();
  }

 private:
  Status Error(const std::string& message) const {
    return InvalidArgumentError(file_ + ":" + std::to_string(line_) + ": " + message);
  }
  Status RuleError(const std::string& message) const {
    return Error("rule " + rule_.id + ": " + message);
  }

  Status TopLine(std::string_view key, std::string_view rest) {
    std::string name, value;
    if (key == "rule") {
      if (!IsIdentifier(rest)) return Error("rule needs an id of letters, digits, '_' and '.'");
      rule_ = Rule();
      has_kind_ = false;
      rule_.id = std::string(rest);
      rule_.file = file_;
      rule_.line = line_;
      in_rule_ = true;
      return Status::Ok();
    }
    if (key == "ruleset") {
      data_->version = std::string(rest);
      return Status::Ok();
    }
    if (key == "places") {  // relative to the rule file's folder
      if (rest.empty()) return Error("places needs a path");
      data_->places_path =
          (std::filesystem::path(file_).parent_path() / std::string(rest)).lexically_normal().string();
      return Status::Ok();
    }
    if (key != "define" && key != "confusion" && key != "canon" && key != "words") {
      return Error("unknown directive `" + std::string(key) + "`");
    }
    if (!SplitAssignment(rest, &name, &value)) {
      return Error("expected `" + std::string(key) + " NAME = VALUE`");
    }
    if (key == "define") {
      if (defines_->count(name)) return Error("macro " + name + " is defined twice");
      (*defines_)[name] = value;
    } else if (key == "words") {
      return WordsLine(name, value);
    } else if (key == "confusion") {
      data_->confusions[name] = value;
    } else {
      data_->canon.push_back({name, value});
    }
    if (value.empty()) return Error(std::string(key) + " " + name + " has an empty value");
    return Status::Ok();
  }

  // `words NAME = a|b => v|...`: a word list, and the macro {NAME} of its keys.
  Status WordsLine(const std::string& name, const std::string& value) {
    if (defines_->count(name)) return Error("macro " + name + " is defined twice");
    WordList list;
    list.name = name;
    for (std::string_view rest = value; !rest.empty();) {
      const size_t bar = rest.find('|');
      const std::string_view entry = Trim(rest.substr(0, bar));
      if (ParseWordEntry(entry).key.empty()) return Error("words " + name + ": an empty entry");
      list.entries.emplace_back(entry);
      if (bar == std::string_view::npos) break;
      rest.remove_prefix(bar + 1);
    }
    if (list.entries.empty()) return Error("words " + name + " has an empty value");
    (*defines_)[name] = WordListMacro(list);
    data_->words.push_back(std::move(list));
    return Status::Ok();
  }

  Status RuleLine(std::string_view key, std::string_view rest) {
    std::string name, value;
    if (key == "end") return EndRule();
    if (key == "version") {
      int v = 0;
      for (char c : rest) {
        if (c < '0' || c > '9' || v > 100000) return RuleError("version must be a number");
        v = v * 10 + (c - '0');
      }
      if (v <= 0) return RuleError("version must be a positive number");
      rule_.version = v;
    } else if (key == "kind") {
      std::optional<RecordKind> kind = KindNamed(rest);
      if (!kind) return RuleError("unknown kind " + std::string(rest) + " (known: " + KindNames() + ")");
      rule_.kind = *kind;
      has_kind_ = true;
    } else if (key == "pattern") {
      rule_.pattern += std::string(rest);
    } else if (key == "before" || key == "after") {
      (key == "before" ? rule_.before : rule_.after) += std::string(rest);
    } else if (key == "span") {
      rule_.span_group = std::string(rest);
    } else if (key == "map" || key == "set" || key == "recognize") {
      if (!SplitAssignment(rest, &name, &value)) {
        return RuleError("expected `" + std::string(key) + " SLOT = VALUE`");
      }
      if (key == "recognize" && value != "agency" && value != "agency_head" &&
          value != "agency_unit") {
        return RuleError("unknown recognizer `" + value +
                         "` (known: agency, agency_head, agency_unit)");
      }
      (key == "map" ? rule_.maps : key == "set" ? rule_.sets : rule_.recognizes)
          .emplace_back(name, value);
    } else if (key == "match" || key == "nomatch") {
      if (rest.empty()) return RuleError("empty example");
      rule_.examples.push_back(ParseExample(rest, key == "match", line_));
    } else {
      return RuleError("unknown key `" + std::string(key) + "` (missing `end`?)");
    }
    return Status::Ok();
  }

  Status EndRule() {
    in_rule_ = false;
    if (rule_.version == 0) return RuleError("no version");
    if (!has_kind_) return RuleError("no kind");
    if (rule_.pattern.empty() && rule_.before.empty() && rule_.after.empty()) {
      return RuleError("no pattern (nor before/after for an attachment rule)");
    }
    if (!rule_.pattern.empty() && (!rule_.before.empty() || !rule_.after.empty())) {
      return RuleError("a rule has a pattern or before/after, not both");
    }
    if (rule_.pattern.empty() && rule_.kind != RecordKind::kAgency) {
      return RuleError("only agency rules attach (before/after)");
    }
    if (std::none_of(rule_.examples.begin(), rule_.examples.end(),
                     [](const RuleExample& e) { return e.must_match; })) {
      return RuleError("needs at least one `match` example");
    }
    if (std::none_of(rule_.examples.begin(), rule_.examples.end(),
                     [](const RuleExample& e) { return !e.must_match; })) {
      return RuleError("needs at least one `nomatch` example");
    }
    for (const Rule& other : data_->rules) {
      if (other.id == rule_.id) {
        return RuleError("id already used at " + other.file + ":" + std::to_string(other.line));
      }
    }
    data_->rules.push_back(std::move(rule_));
    return Status::Ok();
  }

  std::string file_;
  RuleSetData* data_;
  std::map<std::string, std::string>* defines_;
  Rule rule_;
  bool in_rule_ = false;
  bool has_kind_ = false;  // the rule being read has its `kind` line
  int line_ = 0;
};

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

std::string TolerantWord(std::string_view word) {
  std::string out = "\\b";
  // A word of vowels alone ("ủy") keeps to vowels: the loose
  // class below would make it any short word.
  if (std::all_of(word.begin(), word.end(), IsVowel)) {
    return out + "[aeiouy&~]{1," + std::to_string(word.size() + 1) + "}\\b";
  }
  for (size_t i = 0; i < word.size();) {
    char c = word[i];
    if (IsVowel(c)) {
      size_t k = 0;
      while (i + k < word.size() && IsVowel(word[i + k])) ++k;
      out += "[a-z0-9&~]{" + std::to_string(std::max<size_t>(1, k - 1)) + "," +
             std::to_string(k + 2) + "}";
      i += k;
      continue;
    }
    if (c == 'd') {
      out += "[dp]";  // OCR reads Đ as P
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    } else {
      out += "\\";
      out.push_back(c);
    }
    ++i;
  }
  return out + "\\b";
}

Status ExpandPattern(const std::map<std::string, std::string>& defines, std::string pattern,
                     int depth, std::string* out) {
  if (depth > 8) return InvalidArgumentError("macros nest deeper than 8 (a cycle?)");
  out->clear();
  for (size_t i = 0; i < pattern.size(); ++i) {
    size_t close;
    if (pattern[i] == '{' && i + 1 < pattern.size() &&
        ((pattern[i + 1] >= 'A' && pattern[i + 1] <= 'Z') || pattern[i + 1] == '~') &&
        (close = pattern.find('}', i)) != std::string::npos) {
      std::string name = pattern.substr(i + 1, close - i - 1);
      if (name[0] == '~') {
        *out += "(?:" + TolerantPhrase(name.substr(1)) + ")";
      } else {
        auto it = defines.find(name);
        if (it == defines.end()) return InvalidArgumentError("unknown macro {" + name + "}");
        std::string inner;
        SOHOA_RETURN_IF_ERROR(ExpandPattern(defines, it->second, depth + 1, &inner));
        *out += "(?:" + inner + ")";
      }
      i = close;
      continue;
    }
    out->push_back(pattern[i]);
  }
  return Status::Ok();
}

}  // namespace

std::string Rule::Where() const { return file + ":" + std::to_string(line) + ": rule " + id; }

std::string TolerantPhrase(std::string_view phrase) {
  std::string out;
  while (!phrase.empty()) {
    size_t space = phrase.find(' ');
    std::string_view word = phrase.substr(0, space);
    if (!word.empty()) {
      if (!out.empty()) out += "\\s*";
      out += TolerantWord(word);
    }
    if (space == std::string_view::npos) break;
    phrase.remove_prefix(space + 1);
  }
  return out;
}

Status ParseRuleText(std::string_view text, const std::string& file_name, RuleSetData* data,
                     std::map<std::string, std::string>* defines) {
  Parser parser(file_name, data, defines);
  int line_number = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    SOHOA_RETURN_IF_ERROR(parser.Line(text.substr(0, nl), ++line_number));
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return parser.Finish();
}

Status ExpandMacros(const std::map<std::string, std::string>& defines, RuleSetData* data) {
  for (Rule& rule : data->rules) {
    std::string expanded;
    for (std::string* pattern : {&rule.pattern, &rule.before, &rule.after}) {
      if (pattern->empty()) continue;
      Status status = ExpandPattern(defines, *pattern, 0, &expanded);
      if (!status.ok()) return status.WithPrefix(rule.Where());
      *pattern = std::move(expanded);
    }
  }
  return Status::Ok();
}

StatusOr<RuleSetData> ReadRuleDir(const std::string& dir) {
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".rules") files.push_back(entry.path().string());
  }
  if (ec) return NotFoundError(dir + ": cannot list rule directory: " + ec.message());
  if (files.empty()) return NotFoundError(dir + ": no *.rules files");
  std::sort(files.begin(), files.end());
  RuleSetData data;
  std::map<std::string, std::string> defines;
  std::string all_bytes;
  for (const std::string& file : files) {
    SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(file, 16 << 20));
    all_bytes += text;
    SOHOA_RETURN_IF_ERROR(ParseRuleText(text, file, &data, &defines));
  }
  SOHOA_RETURN_IF_ERROR(ExpandMacros(defines, &data));
  for (const auto& [name, value] : defines) {
    Status status = ExpandPattern(defines, value, 0, &data.defines[name]);
    if (!status.ok()) return status.WithPrefix("define " + name);
  }
  if (data.version.empty()) data.version = "unversioned";
  data.digest = Sha256Hex(all_bytes).substr(0, 12);
  return data;
}

}  // namespace sohoa
