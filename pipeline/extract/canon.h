// Canonical, accented names for what rules find in folded or garbled text:
// document types ("nghi dinh" -> "Nghị định"), symbol parts ("nd" -> "NĐ"),
// agency and place names ("phong vin hoea" -> "Phòng Văn hóa"), quota units.
// The entries come from `canon` lines of the rule files:
//   canon doc_type = Nghị định
//   canon type_code = NĐ => Nghị định      (a key and what it stands for)
// Lookups go by the folded text, then by its consonant skeleton ("vn h" for
// both "van hoa" and the garbled "vin hoea") when that skeleton is unique.
//
// Immutable after construction; safe to share between threads.
#ifndef SOHOA_PIPELINE_EXTRACT_CANON_H_
#define SOHOA_PIPELINE_EXTRACT_CANON_H_

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "pipeline/extract/place_lexicon.h"
#include "pipeline/extract/rule_file.h"
#include "pipeline/extract/vocabulary.h"

namespace sohoa {

class CanonTable {
 public:
  CanonTable() = default;
  // `words` are the rule files' word lists (vocabulary()).
  CanonTable(const std::vector<CanonEntry>& entries, const ConfusionTable& confusions,
             const std::vector<WordList>& words = {});

  // The domain words of the rule files: levels, roles, periods ...
  const Vocabulary& vocabulary() const { return vocabulary_; }

  // The canonical phrase of `category` matching `text` (any spelling), or ""
  // when there is none. For "KEY => VALUE" entries this returns KEY's
  // canonical form; Expand returns VALUE.
  std::string Lookup(std::string_view category, std::string_view text) const;
  std::string Expand(std::string_view category, std::string_view text) const;

  // Restores a multi-word name phrase by phrase, longest first, from the
  // agency, place, word and abbrev entries; words it does not know are kept
  // as written. With `expand`, abbreviations become their full form.
  std::string Restore(std::string_view text, bool expand) const;

  // The case of a name a header wrote in capitals, `restored` by Restore:
  // its head as the canon's `head` entries write it ("Ban Chỉ đạo", "Ủy ban
  // nhân dân"; else the first word capitalized), then each part of the
  // name, after the head and after "và", a comma or a dash, starting with a
  // capital and going on in lowercase ("Sở Lao động - Thương binh và Xã
  // hội"); "các" and a level word stay lowercase, and the words after a
  // level are a place, each capitalized ("tỉnh Kon Tum"). Abbreviations
  // ("UBND", "PTNT") stay as written.
  std::string NameInCapitals(std::string_view restored) const;

  // True when the first word of `name` is written with accents as a
  // syllable that a `head` entry spells otherwise: "Trưởng Công an huyện" is
  // a post ("Trường" is a school), "Hỏi - Chính quyền trả lời" a question
  // (no "Hội"), "ĐỐI TƯỢNG" no "Đội". Where the tone mark sits does not
  // matter: "Uỷ" is "Ủy".
  bool HeadWrittenOtherwise(std::string_view name) const;

  // True when `word`, a syllable written with accents, is spelled otherwise
  // than the one-word entry of `category` with its key or, failing that, its
  // consonant skeleton ("Phùng" against the head "Phòng"); false when there
  // is no such entry or no accent.
  bool SpelledOtherwise(std::string_view category, std::string_view word) const;

  // Replaces each abbreviation word by what it stands for.
  std::string ExpandAbbreviations(std::string_view text) const;

  // True when `text` contains an abbreviation entry (UBND, HĐND, ...).
  bool HasAbbreviation(std::string_view text) const;

  // Folded key: lowercase ASCII words separated by single spaces.
  std::string Key(std::string_view text) const;

  // The gazetteer's places (models/places), for AccentPlace.
  void SetPlaces(PlaceLexicon places) { places_ = std::move(places); }

  // The accented name of the place `written` (all of it) of the level
  // `level` ("tinh", "huyen", "" for any) when the gazetteer knows it for
  // sure: "Binh Duong" -> "Bình Dương", a misrestored "Nghĩa Trúng" ->
  // "Nghĩa Trung". "" when unknown or ambiguous.
  std::string AccentPlace(std::string_view level, std::string_view written) const;

  // Accents the place after each level word of a name: "Ủy ban nhân dân
  // tỉnh Binh Duong" -> "... tỉnh Bình Dương".
  std::string AccentPlaces(std::string_view name) const;

 private:
  struct Entry {
    std::string canonical;
    std::string expansion;  // for KEY => VALUE entries
  };
  template <typename V>
  using StringMap = std::unordered_map<std::string, V, StringViewHash, std::equal_to<>>;
  struct Index {
    StringMap<Entry> exact;
    StringMap<Entry> skeleton;  // "" canonical: ambiguous
  };
  void Add(const std::string& category, const std::string& phrase);
  const Entry* Find(std::string_view category, std::string_view key, bool allow_skeleton) const;
  // Find in one index; `skeleton` is Skeleton(key), computed by the caller
  // once for all indexes (empty: not computed yet, computed here if needed).
  static const Entry* FindIn(const Index& index, std::string_view key, bool allow_skeleton,
                             std::string* skeleton);

  ConfusionTable confusions_;
  Vocabulary vocabulary_;
  std::optional<PlaceLexicon> places_;
  StringMap<Index> indexes_;
};

// The consonant skeleton of a folded key: vowels and digits dropped.
std::string Skeleton(std::string_view key);

// Capitalizes the first letter of UTF-8 text ("ủy ban" -> "Ủy ban").
std::string CapitalizeFirst(std::string_view text);

// Proper-name case for words a header wrote in capitals: each word written in
// capitals throughout that is a Vietnamese syllable gets its first letter
// upper and the rest lower ("HUYỆN TÂN BIÊN" -> "Huyện Tân Biên"). Other
// words (abbreviations such as TTHC, "tỉnh", "Gò") are kept as written.
std::string ProperCaseCapitals(std::string_view text);

// Name case for the words of an agency's name a header wrote in capitals, the
// way such names are written: each run of such words starts with a capital
// and goes on in lowercase ("BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ" after a canon "Ban
// Chỉ đạo" -> "Chuyển đổi số"); a run after a level word is a place, every
// word capitalized ("tỉnh KON TUM" -> "tỉnh Kon Tum"). A run ends at any
// word not in capitals and at punctuation ("VĂN HÓA - XÃ HỘI" -> "Văn hóa -
// Xã hội"). Other words are kept as written. Levels are the `LEVEL` words of
// `vocabulary`, but for its `NO_LEVEL` phrases ("XÃ HỘI").
std::string NameCaseCapitals(std::string_view text, const Vocabulary& vocabulary);

// True when every letter of `text` is a capital, and it has two or more.
bool AllInCapitals(std::string_view text);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_EXTRACT_CANON_H_
