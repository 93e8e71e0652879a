// The domain words extraction decides by: administrative levels and what
// each says, the words of roles, table headings, periods. They are data,
// `words` lines of the rule files (rules/vocabulary.rules; format in
// rules/README.md, "Vocabulary"):
//   words LEVEL = tỉnh => tỉnh|thị xã => huyện|...
// a named list of phrases, each written with its accents and optionally
// `=> value`; `^phrase` marks one that counts only at the start of a name.
// Every list is also a macro of its folded phrases ({LEVEL} is
// "tinh|thi xa|..."), so patterns and code read the same words.
//
// Code asks for a list by name (the k... constants below); a list missing
// from the rule files is empty. Immutable; thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_VOCABULARY_H_
#define SOHOA_PIPELINE_EXTRACT_VOCABULARY_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

// One `words` line as the rule file wrote it.
struct WordList {
  std::string name;
  std::vector<std::string> entries;  // "thị xã => huyện", "^phòng => huyện"
};

class Vocabulary {
 public:
  struct Entry {
    std::string phrase;     // accented, as written: "thị xã"
    std::string key;        // folded: "thi xa"
    std::string value;      // after "=>", or ""
    bool at_start = false;  // written "^phrase"
  };

  Vocabulary() = default;
  explicit Vocabulary(const std::vector<WordList>& lists);

  // The entries of list `name` in file order; empty when there is no such list.
  const std::vector<Entry>& List(std::string_view name) const;
  // The entry of list `name` whose key is `key` (folded), or null.
  const Entry* Find(std::string_view name, std::string_view key) const;
  // True when `key` (folded) is the key of an entry of list `name`.
  bool Has(std::string_view name, std::string_view key) const { return Find(name, key) != nullptr; }

 private:
  std::map<std::string, std::vector<Entry>, std::less<>> lists_;
};

// Parses one entry of a `words` line.
Vocabulary::Entry ParseWordEntry(std::string_view text);

// The macro a `words` list defines: its entries' keys joined by '|'.
std::string WordListMacro(const WordList& list);

// The lists code reads (rules/vocabulary.rules says what each holds).
inline constexpr std::string_view kLevelWords = "LEVEL";
inline constexpr std::string_view kNameLevel = "NAME_LEVEL";
inline constexpr std::string_view kNoLevel = "NO_LEVEL";
inline constexpr std::string_view kLeadRole = "ROLE_LEAD";
inline constexpr std::string_view kPartnerRole = "ROLE_PARTNER";
inline constexpr std::string_view kContentColumn = "COLUMN_CONTENT";
inline constexpr std::string_view kTimeColumn = "COLUMN_TIME";
inline constexpr std::string_view kRecurringTime = "RECURRING_TIME";
inline constexpr std::string_view kPeriodWords = "PERIOD";
inline constexpr std::string_view kEvery = "EVERY";
inline constexpr std::string_view kTimeWords = "TIME_WORD";
inline constexpr std::string_view kJoiner = "JOINER";
inline constexpr std::string_view kTaskOpener = "TASK_OPENER";
inline constexpr std::string_view kTaskNotLead = "TASK_NOT_LEAD";
inline constexpr std::string_view kTaskFunding = "TASK_FUNDING";
inline constexpr std::string_view kRecipientsHeading = "RECIPIENTS_HEADING";
inline constexpr std::string_view kBlockLead = "BLOCK_LEAD";
inline constexpr std::string_view kBlockPartner = "BLOCK_PARTNER";
inline constexpr std::string_view kBlockOther = "BLOCK_OTHER";
inline constexpr std::string_view kGroup = "GROUP";
inline constexpr std::string_view kPlaceGroup = "PLACE_GROUP";
inline constexpr std::string_view kBranch = "BRANCH";
inline constexpr std::string_view kArchive = "ARCHIVE";
inline constexpr std::string_view kAmending = "AMENDING";
inline constexpr std::string_view kLooksBack = "LOOKS_BACK";
inline constexpr std::string_view kRowNumber = "ROW_NUMBER";
// Every list above, for the test that the rule files hold them all.
inline constexpr std::string_view kVocabularyLists[] = {
    kLevelWords,    kNameLevel,   kNoLevel,  kLeadRole,  kPartnerRole, kContentColumn, kTimeColumn,
    kRecurringTime, kPeriodWords, kEvery,    kTimeWords, kJoiner,      kGroup,         kPlaceGroup,
    kBranch,        kArchive,     kAmending, kLooksBack, kRowNumber,   kTaskOpener,
    kTaskNotLead,   kTaskFunding, kRecipientsHeading, kBlockLead, kBlockPartner, kBlockOther};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_VOCABULARY_H_
