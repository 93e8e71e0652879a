// Where an agency's name ends, given where it starts.
//
// Vietnamese agency names have a shape that a regular expression over the
// folded shadow cannot see, because the shadow has no case:
//   head          "Sở", "Phòng", "Trung tâm", "Ủy ban nhân dân", "UBND", ...
//   body          capitalized parts joined by ",", "và", "-", "&", each a
//                 capitalized word and a few lowercase ones: "Văn hóa, Thể
//                 thao và Du lịch", "Giao thông vận tải", "Nội vụ"
//   level, place  "huyện", "tỉnh Bình Dương", "các xã, thị trấn", "Phường 12"
// Capitals survive diacritic loss and most OCR garble ("Phdng Ndi vu"), so
// the recognizer reads the case of the original text beside the shadow.
//
// What counts as a head, and which lowercase words end a name, are data:
// macros of the rule files (see rules/README.md, "Agency names"):
//   define AGENCY_HEAD = ubnd|{~uy ban nhan dan}|...   body optional
//   define AGENCY_UNIT = {~so}|{~phong}|...            body required
//   define AGENCY_STOP = chu|phoi hop|về|...           folded words or pairs;
//                                                      a word written with
//                                                      accents stops only
//                                                      itself in accented text
//                                                      ("về", not "Bảo vệ")
//   define AGENCY_NOT = xa hoi|cong hoa                a word and a head that
//                                                      name no agency (optional)
// and the word lists of rules/vocabulary.rules, read as their macros: LEVEL,
// TIME_WORD and RECURRING_TIME (a time is the next cell, no place), JOINER
// ("và"), GROUP and PLACE_GROUP ("các", "cấp"), BRANCH ("chi nhánh").
//
// Immutable after construction; safe to share between threads.
#ifndef SOHOA_PIPELINE_EXTRACT_AGENCY_NAME_H_
#define SOHOA_PIPELINE_EXTRACT_AGENCY_NAME_H_

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "pipeline/base/status.h"
#include "pipeline/extract/canon.h"
#include "pipeline/extract/folded_text.h"

namespace sohoa {

class AgencyNameRecognizer {
 public:
  // Builds the recognizer from expanded macros; fails naming a missing one.
  static StatusOr<std::unique_ptr<AgencyNameRecognizer>> Create(
      const std::map<std::string, std::string>& defines);
  ~AgencyNameRecognizer();

  enum class HeadKind {
    kUnknown,  // find the head at `start`
    kHead,     // an AGENCY_HEAD ends at `head_end`
    kUnit,     // an AGENCY_UNIT ends at `head_end`
  };

  // The shadow offset where the agency name starting at shadow offset
  // `start` ends, or npos when no agency name starts there (a unit head with
  // no capitalized body: "ban hành", "phòng, chống"). A caller that matched
  // the head already says which kind it is and where it ends, which saves
  // matching it again. With `canon`, a word written with accents is a unit
  // head only when spelled as the canon's `head` entry ("Phùng" is no
  // "Phòng").
  size_t NameEnd(const FoldedText& folded, std::string_view original, size_t start,
                 HeadKind kind = HeadKind::kUnknown, size_t head_end = 0,
                 const CanonTable* canon = nullptr) const;

 private:
  struct Heads;
  class Reader;
  AgencyNameRecognizer(std::unique_ptr<Heads> heads, std::unordered_set<std::string> stops,
                       std::unordered_map<std::string, std::string> accented_stops,
                       std::unordered_set<std::string> nots,
                       std::unordered_set<std::string> keeps);
  // A lowercase word that ends a name, as written or garbled.
  bool IsStop(std::string_view word) const;
  // The end of a LEVEL phrase at shadow offset `pos`, or npos.
  size_t LevelEnd(std::string_view shadow, size_t pos) const;

  std::unique_ptr<Heads> heads_;
  std::unordered_set<std::string> stops_;  // folded
  // Stops written with accents: folded -> as written ("ve" -> "về").
  std::unordered_map<std::string, std::string> accented_stops_;
  std::unordered_set<std::string> nots_;  // "xa hoi": a word, then a head
  std::unordered_set<std::string> keeps_;  // "dang ky": words, then a stop that is none
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_AGENCY_NAME_H_
