// build_places: turns the gazetteer of administrative units into the place
// lexicon the extractor loads (pipeline/extract/place_lexicon.h), and writes
// its model card. Run from the repository root:
//
//   build-places/tools/build_places/build_places
//       --gazetteer ../shared/gazetteer/admin_units_2025-03.tsv
//       --output models/places/vn_places.tsv --card models/places/MODEL_CARD.md
//
// Each unit becomes one line: key, bare accented name, type, level, code,
// parent chain. The type word is cut from the name ("Huyện Gò Dầu" -> "Gò
// Dầu"), tones are put where government documents put them ("Phú Hoà" ->
// "Phú Hòa"), and a type column that contradicts the name ("Xã" for
// "Phường 5") yields to the name.
#include <algorithm>
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/place_lexicon.h"
#include "tools/common/flags.h"

namespace po = boost::program_options;
using sohoa::PlaceType;
using sohoa::PlaceUnit;
using sohoa::Status;
using sohoa::StatusOr;

namespace {

struct BuildStats {
  size_t units = 0;
  size_t retoned = 0;           // names whose tone marks moved to the classic place
  size_t type_corrections = 0;  // type column contradicted by the name
  size_t respaced = 0;          // names with stray spaces
};

std::vector<std::string_view> Split(std::string_view line, char sep) {
  std::vector<std::string_view> out;
  for (size_t pos = 0;;) {
    size_t end = line.find(sep, pos);
    out.push_back(line.substr(pos, end == std::string_view::npos ? end : end - pos));
    if (end == std::string_view::npos) return out;
    pos = end + 1;
  }
}

// Trimmed, with single spaces between words ("Xã  Hoàng Văn Thụ ").
std::string CollapseSpaces(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ' ' && (out.empty() || out.back() == ' ')) continue;
    out.push_back(c);
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// Tones in the classic place, syllable by syllable ("Hoà" -> "Hòa").
std::string ClassicTones(std::string_view text) {
  std::string out, syllable;
  auto flush = [&] {
    out += sohoa::vi::PlaceTone(syllable, sohoa::vi::TonePlacement::kClassic);
    syllable.clear();
  };
  for (char c : text) {
    if (c == ' ' || c == '-' || c == '\'' || c == '.' || c == ',') {
      flush();
      out.push_back(c);
    } else {
      syllable.push_back(c);
    }
  }
  flush();
  return out;
}

// The type a full name starts with, and how many code points that word has.
bool NameType(std::string_view name, int level, PlaceType* type, size_t* prefix_chars) {
  static const std::pair<std::string_view, PlaceType> kWords[] = {
      {"thanh pho ", PlaceType::kCity},     {"thi tran ", PlaceType::kTownship},
      {"phuong ", PlaceType::kWard},        {"thi xa ", PlaceType::kTown},
      {"huyen ", PlaceType::kDistrict},     {"tinh ", PlaceType::kProvince},
      {"quan ", PlaceType::kUrbanDistrict}, {"xa ", PlaceType::kCommune}};
  std::string folded = sohoa::vi::Fold(name);
  for (const auto& [word, word_type] : kWords) {
    if (folded.compare(0, word.size(), word) != 0) continue;
    *type = (word_type == PlaceType::kCity && level == 1) ? PlaceType::kCentralCity : word_type;
    *prefix_chars = word.size();  // ASCII: one byte per code point
    return true;
  }
  return false;
}

// The name after its first `chars` code points.
std::string_view DropChars(std::string_view text, size_t chars) {
  size_t pos = 0;
  for (size_t i = 0; i < chars && pos < text.size(); ++i) sohoa::DecodeUtf8(text, &pos);
  return text.substr(pos);
}

StatusOr<PlaceUnit> ParseRow(std::string_view line, const std::string& where, BuildStats* stats) {
  std::vector<std::string_view> cols = Split(line, '\t');
  if (cols.size() != 5) {
    return sohoa::InvalidArgumentError(where +
                                       ": expected 5 columns (level, code, type, name, "
                                       "parent), found " +
                                       std::to_string(cols.size()));
  }
  std::optional<PlaceType> type = sohoa::ParsePlaceType(cols[2]);
  if (!type) return sohoa::InvalidArgumentError(where + ": unknown type " + std::string(cols[2]));
  if (cols[0] != std::to_string(sohoa::PlaceTypeLevel(*type))) {
    return sohoa::InvalidArgumentError(where + ": level " + std::string(cols[0]) +
                                       " does not fit type " + std::string(cols[2]));
  }
  PlaceType name_type;
  size_t prefix_chars = 0;
  if (!NameType(cols[3], sohoa::PlaceTypeLevel(*type), &name_type, &prefix_chars)) {
    return sohoa::InvalidArgumentError(where + ": name " + std::string(cols[3]) +
                                       " does not start with a type word");
  }
  if (name_type != *type) {
    std::cerr << where << ": type " << cols[2] << " but name " << cols[3] << "; using "
              << sohoa::PlaceTypeName(name_type) << "\n";
    ++stats->type_corrections;
  }
  PlaceUnit unit;
  std::string bare = CollapseSpaces(DropChars(cols[3], prefix_chars));
  unit.name = ClassicTones(bare);
  if (unit.name != bare) ++stats->retoned;
  stats->respaced += bare != DropChars(cols[3], prefix_chars);
  unit.key = sohoa::PlaceKey(unit.name);
  if (unit.key.empty()) return sohoa::InvalidArgumentError(where + ": empty name");
  unit.type = name_type;
  unit.code = std::string(cols[1]);
  unit.parents = ClassicTones(CollapseSpaces(cols[4]));
  return unit;
}

StatusOr<std::vector<PlaceUnit>> ReadGazetteer(const std::string& path, BuildStats* stats) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, sohoa::ReadFile(path));
  std::vector<PlaceUnit> units;
  std::vector<std::string_view> lines = Split(text, '\n');
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string_view line = lines[i];
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    SOHOA_ASSIGN_OR_RETURN(PlaceUnit unit,
                           ParseRow(line, path + ":" + std::to_string(i + 1), stats));
    units.push_back(std::move(unit));
  }
  std::sort(units.begin(), units.end(), [](const PlaceUnit& a, const PlaceUnit& b) {
    return std::tie(a.key, a.type, a.code) < std::tie(b.key, b.type, b.code);
  });
  stats->units = units.size();
  return units;
}

std::string LexiconText(const std::vector<PlaceUnit>& units, const std::string& source) {
  std::ostringstream out;
  out << "# sohoa place lexicon, format 1\n"
      << "# source: " << source << " (official list as of 01/03/2025, before the 2025 merger)\n"
      << "# units: " << units.size() << "\n"
      << "# key\tname\ttype\tlevel\tcode\tparents\n";
  for (const PlaceUnit& u : units) {
    out << u.key << '\t' << u.name << '\t' << sohoa::PlaceTypeName(u.type) << '\t' << u.level()
        << '\t' << u.code << '\t' << u.parents << '\n';
  }
  return out.str();
}

// Lowercase accented text, as Match compares names ("AYun" is "Ayun").
std::string Lower(std::string_view text) {
  std::string out;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = sohoa::DecodeUtf8(text, &pos);
    sohoa::vi::LetterParts parts;
    if (sohoa::vi::Decompose(c, &parts)) c = sohoa::vi::Compose(parts.base, parts.tone, false);
    sohoa::AppendUtf8(c, &out);
  }
  return out;
}

// How units group by `key_of(unit)`, within one type or across all types.
struct Groups {
  size_t groups = 0;
  size_t shared = 0;       // groups of more than one unit
  size_t mixed = 0;        // groups of more than one accented name: refused
  size_t mixed_units = 0;  // units in those
};

template <typename KeyOf>
Groups Ambiguity(const std::vector<PlaceUnit>& units, KeyOf key_of, bool per_type) {
  std::map<std::pair<std::string, int>, std::pair<size_t, std::set<std::string>>> by;
  for (const PlaceUnit& u : units) {
    std::string key = key_of(u);
    if (key.empty()) continue;
    auto& group = by[{key, per_type ? static_cast<int>(u.type) : -1}];
    ++group.first;
    group.second.insert(Lower(u.name));
  }
  Groups out;
  out.groups = by.size();
  for (const auto& [key, group] : by) {
    out.shared += group.first > 1;
    out.mixed += group.second.size() > 1;
    if (group.second.size() > 1) out.mixed_units += group.first;
  }
  return out;
}

// Key of skeleton-indexed names: two or more words, each with a consonant.
std::string IndexedSkeleton(const PlaceUnit& u) {
  if (u.key.find(' ') == std::string::npos) return "";
  std::string skeleton = sohoa::PlaceSkeleton(u.key);
  for (std::string_view w : Split(skeleton, ' ')) {
    if (w.empty()) return "";
  }
  return skeleton;
}

std::string CardText(const std::vector<PlaceUnit>& units, const BuildStats& stats,
                     const std::string& command, size_t file_bytes) {
  std::map<std::string_view, size_t> per_type;
  for (const PlaceUnit& u : units) ++per_type[sohoa::PlaceTypeName(u.type)];
  auto key = [](const PlaceUnit& u) { return u.key; };
  Groups keys = Ambiguity(units, key, false), typed_keys = Ambiguity(units, key, true);
  Groups skeletons = Ambiguity(units, IndexedSkeleton, false);
  Groups typed_skeletons = Ambiguity(units, IndexedSkeleton, true);
  std::ostringstream out;
  out << "# vn_places.tsv: names of Vietnam's administrative units (before the 2025 merger)\n\n"
      << "Generated by tools/build_places; do not edit by hand, rebuild instead.\n\n"
      << "## Source\n\n"
      << "The gazetteer `admin_units_2025-03.tsv`: the General Statistics Office's official list\n"
      << "of administrative units as of 01/03/2025 (compiled in the public repository\n"
      << "daohoangson/dvhcvn), i.e. the 63 provinces and their districts and communes *before*\n"
      << "the merger of Resolution 202/2025/QH15 (effective 01/07/2025). Names of administrative\n"
      << "units are public facts. The gazetteer itself is not in the repository.\n\n"
      << "## How it was built\n\n    " << command << "\n\n"
      << "One line per unit: folded key of the bare name (pipeline/extract/place_lexicon.h,\n"
      << "PlaceKey), bare accented name, unit type as the gazetteer writes it, level, official\n"
      << "code, parent chain; sorted by key, type and code. The type word is cut from the name\n"
      << "(\"Huyện Gò Dầu\" -> \"Gò Dầu\"; \"Phường 12\" -> \"12\"). Tone marks are put where\n"
      << "government documents put them (\"Hoà\" -> \"Hòa\"): " << stats.retoned
      << " names changed. Stray spaces removed from " << stats.respaced
      << " names. Where\nthe type column contradicts the name (\"Xã\" for \"Phường 5\"), the name "
      << "wins: " << stats.type_corrections << " units.\n\n"
      << "## Counts\n\n"
      << "- units: " << units.size() << " (" << file_bytes << " bytes)\n";
  for (const auto& [type, count] : per_type) out << "- " << type << ": " << count << "\n";
  out << "\nAmbiguity. Match refuses a key or skeleton whose units (of the types the level word\n"
      << "allows) bear more than one accented name, unless a parent or as-written hint decides.\n"
      << "Homonyms of one name are not refused: the match lists every unit. For skeletons the\n"
      << "count of refused groups is an upper bound: garbled text is matched when the words it\n"
      << "spells exactly leave a single name.\n\n"
      << "| grouped by | groups | with several units | with several names (refused) | units in "
         "those |\n"
      << "|---|---|---|---|---|\n";
  auto row = [&](std::string_view what, const Groups& g) {
    out << "| " << what << " | " << g.groups << " | " << g.shared << " | " << g.mixed << " | "
        << g.mixed_units << " |\n";
  };
  row("key", keys);
  row("key within one type", typed_keys);
  row("skeleton (names of 2+ words)", skeletons);
  row("skeleton within one type", typed_skeletons);
  out << "\n"
      << "## Known limits\n\n"
      << "- Pre-merger names only. Units created, renamed or merged after 01/03/2025 (and the\n"
      << "  34 provinces of mid-2025) are missing; older names from before 2025 are missing too.\n"
      << "- Homonyms: a bare name names many units (\"Châu Thành\" is a district in 6 provinces,\n"
      << "  \"Tân Phú\" a commune in many); a match returns every unit, and only a parent hint\n"
      << "  found elsewhere in the document can tell which one is meant.\n"
      << "- Folding loses tones, so keys with several accented names are refused, never guessed.\n"
      << "- Garbled names are found by consonant skeleton only when it is unique, the name has\n"
      << "  two or more words and one of them is written exactly; single-word names must be\n"
      << "  exact.\n";
  return out.str();
}

int Fail(const Status& status) {
  std::cerr << "build_places: " << status.ToString() << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string gazetteer, output, card;
  po::options_description desc("build_places: build the place lexicon from the gazetteer");
  desc.add_options()("help", "show this help")(
      "gazetteer",
      po::value(&gazetteer)->default_value("../shared/gazetteer/admin_units_2025-03.tsv"),
      "admin_units TSV (level, code, type, name, parent)")(
      "output", po::value(&output)->default_value("models/places/vn_places.tsv"),
      "lexicon to write")("card", po::value(&card)->default_value("models/places/MODEL_CARD.md"),
                          "model card to write; empty to skip");
  po::variables_map vm;
  if (int rc = sohoa::tools::ParseFlags(argc, argv, "build_places", desc, &vm); rc >= 0) return rc;
  BuildStats stats;
  StatusOr<std::vector<PlaceUnit>> units = ReadGazetteer(gazetteer, &stats);
  if (!units.ok()) return Fail(units.status());
  std::string source = gazetteer.substr(gazetteer.find_last_of('/') + 1);
  std::string text = LexiconText(*units, source);
  // Refuse to write what the extractor could not load.
  if (StatusOr<sohoa::PlaceLexicon> check = sohoa::PlaceLexicon::Parse(text, output); !check.ok()) {
    return Fail(check.status());
  }
  if (Status s = sohoa::WriteFileAtomically(output, text); !s.ok()) return Fail(s);
  std::string command = "build_places --gazetteer " + gazetteer + " --output " + output +
                        (card.empty() ? "" : " --card " + card);
  if (!card.empty()) {
    Status s = sohoa::WriteFileAtomically(card, CardText(*units, stats, command, text.size()));
    if (!s.ok()) return Fail(s);
  }
  std::cerr << "build_places: " << stats.units << " units -> " << output << " (" << text.size()
            << " bytes)\n";
  return 0;
}
