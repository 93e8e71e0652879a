// The names of Vietnam's administrative units, for finding places in folded
// or garbled text and printing them accented.
//
// Agencies and issuers name their place after a level word: "UBND tỉnh Bình
// Dương", "Phòng Nội vụ huyện Châu Thành", "UBND xã Tân Phú". The extractor
// finds the level word; PlaceLexicon::Match reads the name that follows it in
// the folded shadow ("binh duong", or OCR's "binh dirong") and returns the
// canonical accented name ("Bình Dương") with every unit that bears it.
//
// The lexicon is a TSV file built by tools/build_places from the gazetteer of
// units before the 2025 merger (models/places/vn_places.tsv and its
// MODEL_CARD.md). A PlaceLexicon is immutable after Load, cheap to copy (the
// copies share one table) and safe to use from many threads at once.
#ifndef SOHOA_PIPELINE_EXTRACT_PLACE_LEXICON_H_
#define SOHOA_PIPELINE_EXTRACT_PLACE_LEXICON_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa {

// Unit types as the gazetteer writes them.
enum class PlaceType : uint8_t {
  kProvince,       // Tỉnh (level 1)
  kCentralCity,    // Thành phố Trung ương (level 1: Hà Nội, Hồ Chí Minh, ...)
  kDistrict,       // Huyện (level 2)
  kUrbanDistrict,  // Quận (level 2)
  kCity,           // Thành phố (level 2, a provincial city)
  kTown,           // Thị xã (level 2)
  kCommune,        // Xã (level 3)
  kWard,           // Phường (level 3)
  kTownship,       // Thị trấn (level 3)
};

// "Tỉnh", "Thành phố Trung ương", "Huyện", ... as the gazetteer writes it.
std::string_view PlaceTypeName(PlaceType type);
// The inverse of PlaceTypeName; nullopt for anything else.
std::optional<PlaceType> ParsePlaceType(std::string_view name);
// 1 for provinces and central cities, 2 for districts, 3 for communes.
int PlaceTypeLevel(PlaceType type);

// The lookup key of a name: folded (lowercase ASCII, no diacritics, đ -> d),
// words made of [a-z0-9~] and bytes >= 0x80, joined by single spaces; any
// other character separates words ("Phan Rang-Tháp Chàm" -> "phan rang thap
// cham", "Ch'ơm" -> "ch om"); numbers lose leading zeros ("Phường 05" ->
// "phuong 5"). Text already folded keeps its key.
std::string PlaceKey(std::string_view name);

// The consonant skeleton of a key, word by word: vowels, digits and '~'
// dropped, a word's leading 'p' (not "ph") read as 'd' (OCR's Đ), "rn" read
// as 'm' and "cl" as 'd' (no Vietnamese word has either), an 'r' after a
// vowel dropped (Vietnamese has none; OCR reads "ư" as "ir"). "binh duong"
// and the garbled "binh dirong" share "bnh dng".
std::string PlaceSkeleton(std::string_view key);

// One administrative unit.
struct PlaceUnit {
  std::string key;   // PlaceKey(name): "chau thanh"
  std::string name;  // the bare accented name: "Châu Thành", "12"
  PlaceType type;
  std::string code;     // the official code: "01", "001", "00001"
  std::string parents;  // "Huyện Gò Dầu, Tỉnh Tây Ninh"; "" for level 1
  int level() const { return PlaceTypeLevel(type); }
};

// A name found at the start of folded text.
struct PlaceMatch {
  std::string name;  // the canonical accented name: "Bình Dương"
  // Every unit of a compatible type bearing that name, letter case aside
  // (narrowed by the parent hint when it leaves any): one for "Bình Dương",
  // six districts for "Châu Thành". The pointers stay valid while the
  // lexicon, or any copy of it, lives.
  std::vector<const PlaceUnit*> units;
  size_t begin = 0;   // byte offset of the name in the folded text
  size_t end = 0;     // byte offset just past it: the bytes consumed
  int words = 0;      // words of the name
  bool exact = true;  // false when found by skeleton (garbled text)
};

// What else the caller knows about a place it asks for (see Match).
struct PlaceHints {
  std::string_view parent;    // "Tây Ninh", "tinh tay ninh"
  std::string_view original;  // the text as written, starting where folded_words starts
};

class PlaceLexicon {
 public:
  // Reads a lexicon written by tools/build_places. Fails with NotFound when
  // the file is missing, with InvalidArgument naming file:line for a
  // malformed line (wrong column count, a name with stray spaces, a key that
  // is not PlaceKey(name), an unknown type, a level that does not fit it, a
  // level 1 unit with parents or another without), and with DataLoss when the
  // header or the unit count does not match.
  static StatusOr<PlaceLexicon> Load(const std::string& path);

  // Parses lexicon text; `source` names it in error messages.
  static StatusOr<PlaceLexicon> Parse(std::string_view text, std::string_view source);

  // Finds the longest place name at the start of `folded_words` (folded text
  // that begins right after a level word; leading spaces and a '.' as in
  // "tp. ho chi minh" are skipped) among units the level word can name:
  //   tinh -> Tỉnh;  thanh pho, tp -> Thành phố or Thành phố Trung ương;
  //   huyen -> Huyện;  quan -> Quận;  thi xa, tx -> Thị xã;  xa -> Xã;
  //   phuong -> Phường;  thi tran, tt -> Thị trấn;  "" -> any type.
  // Another level word matches nothing. A name's words may be joined by
  // spaces and one of - ' . but never across a line break.
  //
  // When no exact key fits, a garbled name is accepted by its skeleton. A
  // compatible unit fits garbled words when its name has two or more words,
  // at least one of them written exactly, and each other word is a garble
  // (not a Vietnamese syllable: "thuan ke" is not "Thiện Kế") within two
  // letters of the name's word. The match is accepted only when the units
  // that fit bear exactly one accented name: "tan phii" is "Tân Phú" only if
  // no "Tân Phổ" fits too. A longer name wins over a shorter one; at equal
  // length an exact key wins over a skeleton. Last, one word of six letters
  // or more may be a name of two or more words OCR ran together ("giolinh"
  // -> "Gio Linh"), on the same terms: one accented name, or nothing.
  //
  // `hints` settle homonyms, when the key or skeleton names several accented
  // names: `parent` (a province or district named elsewhere in the document,
  // folded or accented, with or without its type word, or a chain of them
  // separated by commas) keeps the units under it, if any; `original` (the
  // same text as written, when the caller has it: "Vạn Bình ..." for "van
  // binh ...") keeps the name written there, tones and all. Returns nullopt
  // when nothing fits or when the candidates still have more than one
  // accented name: it never guesses.
  std::optional<PlaceMatch> Match(std::string_view folded_words, std::string_view level_word,
                                  const PlaceHints& hints = {}) const;

  // Every unit, sorted by key, type and code.
  const std::vector<PlaceUnit>& units() const;

 private:
  struct Table;
  explicit PlaceLexicon(std::shared_ptr<const Table> table) : table_(std::move(table)) {}

  std::shared_ptr<const Table> table_;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_PLACE_LEXICON_H_
