// Rule files: the data that drives extraction. The format is described in
// rules/README.md; in short, a file holds directives
//   ruleset 2026-11-23                  the rule-set version (once overall)
//   define NAME = regex                 a macro, used in patterns as {NAME}
//   confusion s6 = so                   a token the folded shadow replaces
//   canon CATEGORY = Accented phrase    a canonical name (doc_type, agency...)
//   words NAME = phrase|phrase => value  a word list (vocabulary.h), also a
//                                       macro {NAME} of its folded phrases
// and rule blocks
//   rule legal_ref.typed                an id, never reused
//   version 3
//   kind legal_ref
//   pattern ...                         RE2 on the folded shadow; several
//   pattern ...                         lines are concatenated
//   map SLOT = GROUP                    a named group feeds a record slot
//   set SLOT = value                    a constant slot
//   span GROUP                          the record's span (default: match)
//   match TEXT [=> field=value; ...]    must fire (and give those fields)
//   nomatch TEXT                        must not fire
//   end
// Parsing checks syntax only; CompileRules (extractor) checks patterns.
#ifndef SOHOA_PIPELINE_EXTRACT_RULE_FILE_H_
#define SOHOA_PIPELINE_EXTRACT_RULE_FILE_H_

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/extract/folded_text.h"
#include "pipeline/extract/record_schema.h"
#include "pipeline/extract/vocabulary.h"

namespace sohoa {

struct RuleExample {
  std::string text;
  bool must_match = true;
  std::vector<std::pair<std::string, std::string>> expect;  // field -> value
  int line = 0;
};

struct Rule {
  std::string id;
  int version = 0;
  RecordKind kind = RecordKind::kDocument;
  std::string pattern;  // after macro expansion
  // An attachment rule (kind agency) has no pattern but `before` and/or
  // `after`: it gives its slots to an agency name whose preceding text ends
  // with a match of `before` and whose following text starts with `after`.
  std::string before, after;
  bool IsAttachment() const { return pattern.empty(); }
  std::string span_group;
  std::vector<std::pair<std::string, std::string>> maps;  // slot <- group
  std::vector<std::pair<std::string, std::string>> sets;  // slot <- constant
  // slot <- recognizer ("agency"): the slot must be a whole name as the
  // recognizer reads it (see agency_name.h).
  std::vector<std::pair<std::string, std::string>> recognizes;
  std::vector<RuleExample> examples;
  std::string file;
  int line = 0;

  // "file:line: rule id: " for messages.
  std::string Where() const;
  // "legal_ref.typed@3", what records carry.
  std::string Tag() const { return id + "@" + std::to_string(version); }
};

struct CanonEntry {
  std::string category;
  std::string phrase;  // accented, as it should be printed
};

struct RuleSetData {
  std::string version;  // from the `ruleset` directive; "unversioned" if none
  std::string digest;   // SHA-256 prefix of every file's bytes, in name order
  std::vector<Rule> rules;
  ConfusionTable confusions;
  std::vector<CanonEntry> canon;
  std::map<std::string, std::string> defines;  // every macro, expanded
  std::vector<WordList> words;  // `words` lines, in file order
  std::string places_path;  // `places PATH`: the gazetteer lexicon, or ""
};

// Parses one file's text into `data` (appending). Macros are expanded later,
// by ExpandMacros, once every file has been read.
Status ParseRuleText(std::string_view text, const std::string& file_name, RuleSetData* data,
                     std::map<std::string, std::string>* defines);

// Replaces {NAME} and {~tolerant phrase} in every rule's pattern.
Status ExpandMacros(const std::map<std::string, std::string>& defines, RuleSetData* data);

// Reads every *.rules file of `dir` in name order. Fails naming the file and
// line of the first syntax error.
StatusOr<RuleSetData> ReadRuleDir(const std::string& dir);

// The regex a {~phrase} macro expands to: consonants kept, each vowel run
// replaced by a short class that also admits OCR's digit and letter garble.
std::string TolerantPhrase(std::string_view phrase);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_RULE_FILE_H_
