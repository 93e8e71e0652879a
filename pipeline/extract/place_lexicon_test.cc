#include "pipeline/extract/place_lexicon.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "pipeline/base/file.h"

namespace sohoa {
namespace {

TEST(PlaceKeyTest, FoldsAndSplitsWordsAtPunctuation) {
  EXPECT_EQ(PlaceKey("Bình Dương"), "binh duong");
  EXPECT_EQ(PlaceKey("Phan Rang-Tháp Chàm"), "phan rang thap cham");
  EXPECT_EQ(PlaceKey("Ch'ơm"), "ch om");
  EXPECT_EQ(PlaceKey("  Đắk  Lắk "), "dak lak");
  EXPECT_EQ(PlaceKey("Phường 05"), "phuong 5");
  EXPECT_EQ(PlaceKey(PlaceKey("Văn Miếu - Quốc Tử Giám")), "van mieu quoc tu giam");
}

TEST(PlaceSkeletonTest, GarbledVowelsAndOcrLigaturesShareTheSkeleton) {
  EXPECT_EQ(PlaceSkeleton("binh duong"), "bnh dng");
  EXPECT_EQ(PlaceSkeleton("binh dirong"), "bnh dng");  // OCR's "ư" as "ir"
  EXPECT_EQ(PlaceSkeleton("rach gia"), "rch g");       // an onset 'r' stays
  EXPECT_EQ(PlaceSkeleton("tra vinh"), "tr vnh");
  EXPECT_EQ(PlaceSkeleton("tarn binh"), PlaceSkeleton("tam binh"));
  EXPECT_EQ(PlaceSkeleton("tay ninh"), "t nnh");
  EXPECT_EQ(PlaceSkeleton("pong thap"), PlaceSkeleton("dong thap"));  // Đ read as P
  EXPECT_EQ(PlaceSkeleton("phu my"), "ph m");
}

// A lexicon line for a unit; the key is computed, so the line is valid.
std::string Line(std::string_view name, std::string_view type, int level, std::string_view code,
                 std::string_view parents) {
  return PlaceKey(name) + "\t" + std::string(name) + "\t" + std::string(type) + "\t" +
         std::to_string(level) + "\t" + std::string(code) + "\t" + std::string(parents) + "\n";
}

std::string SmallLexiconText() {
  std::vector<std::string> lines = {
      Line("Bình Dương", "Tỉnh", 1, "74", ""),
      Line("Tây Ninh", "Tỉnh", 1, "72", ""),
      Line("Tiền Giang", "Tỉnh", 1, "82", ""),
      Line("Hồ Chí Minh", "Thành phố Trung ương", 1, "79", ""),
      Line("Tây Ninh", "Thành phố", 2, "703", "Tỉnh Tây Ninh"),
      Line("Châu Thành", "Huyện", 2, "711", "Tỉnh Tây Ninh"),
      Line("Châu Thành", "Huyện", 2, "820", "Tỉnh Tiền Giang"),
      Line("Gò Dầu", "Huyện", 2, "712", "Tỉnh Tây Ninh"),
      Line("Tam Bình", "Huyện", 2, "860", "Tỉnh Tiền Giang"),
      Line("Gò Dầu", "Thị trấn", 3, "25810", "Huyện Gò Dầu, Tỉnh Tây Ninh"),
      Line("Tân Phú", "Xã", 3, "25600", "Huyện Châu Thành, Tỉnh Tây Ninh"),
      Line("Tân Phú Trung", "Xã", 3, "25601", "Huyện Châu Thành, Tỉnh Tây Ninh"),
      Line("Vạn Bình", "Xã", 3, "25602", "Huyện Châu Thành, Tỉnh Tây Ninh"),
      Line("Tân Phổ", "Xã", 3, "25603", "Huyện Châu Thành, Tỉnh Tây Ninh"),
      Line("Tiến Phú", "Xã", 3, "25604", "Huyện Châu Thành, Tỉnh Tây Ninh"),
      Line("Văn Bình", "Xã", 3, "28000", "Huyện Châu Thành, Tỉnh Tiền Giang"),
      Line("Long Hòa", "Xã", 3, "28001", "Huyện Châu Thành, Tỉnh Tiền Giang"),
      Line("Long Hải", "Xã", 3, "28002", "Huyện Châu Thành, Tỉnh Tiền Giang"),
      Line("Hòa", "Xã", 3, "28003", "Huyện Châu Thành, Tỉnh Tiền Giang"),
      Line("12", "Phường", 3, "27001", "Thành phố Tây Ninh, Tỉnh Tây Ninh"),
  };
  std::string text = "# sohoa place lexicon, format 1\n# units: " + std::to_string(lines.size()) +
                     "\n# key\tname\ttype\tlevel\tcode\tparents\n";
  for (const std::string& line : lines) text += line;
  return text;
}

class SmallLexiconTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StatusOr<PlaceLexicon> lexicon = PlaceLexicon::Parse(SmallLexiconText(), "small.tsv");
    ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
    lexicon_.emplace(std::move(lexicon).value());
  }
  // The name Match finds, or "-" for none.
  std::string Name(std::string_view text, std::string_view level, PlaceHints hints = {}) {
    std::optional<PlaceMatch> match = lexicon_->Match(text, level, hints);
    return match ? match->name : "-";
  }
  std::optional<PlaceLexicon> lexicon_;
};

TEST_F(SmallLexiconTest, FindsTheNameAfterTheLevelWordAndWhereItEnds) {
  std::string text = " binh duong xay dung ke hoach";
  std::optional<PlaceMatch> match = lexicon_->Match(text, "tinh");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->name, "Bình Dương");
  EXPECT_EQ(match->words, 2);
  EXPECT_TRUE(match->exact);
  EXPECT_EQ(text.substr(match->begin, match->end - match->begin), "binh duong");
  ASSERT_EQ(match->units.size(), 1u);
  EXPECT_EQ(match->units[0]->code, "74");
  EXPECT_EQ(match->units[0]->level(), 1);
}

TEST_F(SmallLexiconTest, StrippedCapitalsAndPunctuatedTextMatch) {
  EXPECT_EQ(Name("TAY NINH", "tinh"), "Tây Ninh");
  EXPECT_EQ(Name("go dau, tinh tay ninh", "huyen"), "Gò Dầu");
  EXPECT_EQ(Name(". ho chi minh", "tp"), "Hồ Chí Minh");
  EXPECT_EQ(Name("012 thanh pho", "phuong"), "12");
  EXPECT_EQ(Name("tay ninh", "Thành phố"), "Tây Ninh");  // the level word is folded too
}

TEST_F(SmallLexiconTest, GarbledVowelsFallBackToTheSkeleton) {
  std::optional<PlaceMatch> match = lexicon_->Match("binh dirong ban hanh", "tinh");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->name, "Bình Dương");
  EXPECT_FALSE(match->exact);
  EXPECT_EQ(match->words, 2);
  EXPECT_EQ(Name("tarn binh", "huyen"), "Tam Bình");  // "rn" read as "m"
  EXPECT_EQ(Name("chaui thanh", "huyen"), "Châu Thành");
}

TEST_F(SmallLexiconTest, WordsOcrRanTogetherAreOneName) {
  std::optional<PlaceMatch> match = lexicon_->Match("tayninh doc lap", "tinh");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->name, "Tây Ninh");
  EXPECT_EQ(match->words, 1);
  EXPECT_FALSE(match->exact);
  EXPECT_EQ(Name("chauthanh", "huyen"), "Châu Thành");  // two districts, one name
  EXPECT_EQ(Name("godau", "huyen"), "-");               // too short to trust
  EXPECT_EQ(Name("tanphutrung", "xa"), "Tân Phú Trung");
}

TEST_F(SmallLexiconTest, GarbleNeedsOneExactWordAndSimilarLengths) {
  EXPECT_EQ(Name("bjnh dirong", "tinh"), "-");      // no word exact
  EXPECT_EQ(Name("binh dong", "tinh"), "-");        // "dong" is a word, not a garble
  EXPECT_EQ(Name("binh duoooooong", "tinh"), "-");  // too long to be the word
  EXPECT_EQ(Name("hea", "xa"), "-");                // single words must be exact
  EXPECT_EQ(Name("hoa", "xa"), "Hòa");
}

TEST_F(SmallLexiconTest, GarbleIsMatchedOnlyWhenOneNameFitsTheWordsReadExactly) {
  // "tn ph" is the skeleton of Tân Phú, Tân Phổ and Tiến Phú.
  EXPECT_EQ(Name("tan phii", "xa"), "-");          // Tân Phú or Tân Phổ
  EXPECT_EQ(Name("tien phii", "xa"), "Tiến Phú");  // only one starts with "tien"
  EXPECT_EQ(Name("tiean phu", "xa"), "-");         // Tân Phú or Tiến Phú
}

TEST_F(SmallLexiconTest, PrefersTheLongestName) {
  std::optional<PlaceMatch> match = lexicon_->Match("tan phu trung va xa tan phu", "xa");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->name, "Tân Phú Trung");
  EXPECT_EQ(match->words, 3);
  EXPECT_EQ(Name("tan phu to chuc", "xa"), "Tân Phú");
  EXPECT_EQ(Name("tan phu-trung", "xa"), "Tân Phú Trung");
}

TEST_F(SmallLexiconTest, NeverCrossesALineBreakOrTwoMarks) {
  EXPECT_EQ(Name("tan phu\ntrung", "xa"), "Tân Phú");
  EXPECT_EQ(Name("tan phu -- trung", "xa"), "Tân Phú");
}

TEST_F(SmallLexiconTest, LevelWordSelectsCompatibleTypes) {
  EXPECT_EQ(Name("binh duong", "huyen"), "-");
  EXPECT_EQ(Name("go dau", "thi tran"), "Gò Dầu");
  EXPECT_EQ(lexicon_->Match("go dau", "thi tran")->units[0]->type, PlaceType::kTownship);
  EXPECT_EQ(lexicon_->Match("tay ninh", "tinh")->units[0]->type, PlaceType::kProvince);
  EXPECT_EQ(lexicon_->Match("tay ninh", "thanh pho")->units[0]->type, PlaceType::kCity);
  EXPECT_EQ(lexicon_->Match("ho chi minh", "thanh pho")->units[0]->type, PlaceType::kCentralCity);
  EXPECT_EQ(Name("ho chi minh", "tinh"), "-");
  EXPECT_EQ(lexicon_->Match("tay ninh", "")->units.size(), 2u);  // any type
  EXPECT_EQ(Name("tay ninh", "ban"), "-");                       // not a level word
}

TEST_F(SmallLexiconTest, HomonymsOfOneNameReturnEveryUnit) {
  std::optional<PlaceMatch> match = lexicon_->Match("chau thanh", "huyen");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->name, "Châu Thành");
  EXPECT_EQ(match->units.size(), 2u);
  match = lexicon_->Match("chau thanh", "huyen", {.parent = "Tỉnh Tiền Giang", .original = {}});
  ASSERT_TRUE(match);
  ASSERT_EQ(match->units.size(), 1u);
  EXPECT_EQ(match->units[0]->code, "820");
  // A hint that fits none narrows nothing.
  EXPECT_EQ(
      lexicon_->Match("chau thanh", "huyen", {.parent = "ha noi", .original = {}})->units.size(),
      2u);
}

TEST_F(SmallLexiconTest, RefusesToChooseBetweenAccentedNames) {
  EXPECT_EQ(Name("van binh", "xa"), "-");
  EXPECT_EQ(Name("long hoai", "xa"), "-");  // skeleton of Long Hòa and Long Hải
}

TEST_F(SmallLexiconTest, HintsChooseBetweenAccentedNames) {
  EXPECT_EQ(Name("van binh", "xa", {.parent = "tay ninh", .original = {}}), "Vạn Bình");
  EXPECT_EQ(Name("van binh", "xa", {.parent = "Tiền Giang", .original = {}}), "Văn Bình");
  EXPECT_EQ(Name("van binh", "xa", {.parent = {}, .original = "VẠN BÌNH tổ chức"}), "Vạn Bình");
  EXPECT_EQ(Name("van binh", "xa", {.parent = {}, .original = "Văn Bình"}), "Văn Bình");
  EXPECT_EQ(Name("van binh", "xa", {.parent = {}, .original = "Van Binh"}), "-");
}

TEST_F(SmallLexiconTest, NothingAtTheStartMeansNoMatch) {
  EXPECT_EQ(Name("", "tinh"), "-");
  EXPECT_EQ(Name("   ", "tinh"), "-");
  EXPECT_EQ(Name(", binh duong", "tinh"), "-");
  EXPECT_EQ(Name("ke hoach binh duong", "tinh"), "-");
}

TEST_F(SmallLexiconTest, CopiesShareTheTableAndItsUnits) {
  std::optional<PlaceMatch> match = lexicon_->Match("binh duong", "tinh");
  PlaceLexicon copy = *lexicon_;
  lexicon_.reset();
  ASSERT_TRUE(match);
  EXPECT_EQ(copy.Match("binh duong", "tinh")->units[0], match->units[0]);
}

TEST_F(SmallLexiconTest, ThreadsSharingOneLexiconAgree) {
  std::vector<std::string> results(4);
  std::vector<std::thread> threads;
  for (size_t t = 0; t < results.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i)
        results[t] = Name("binh dirong", "tinh") + Name("van binh", "xa");
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const std::string& result : results) EXPECT_EQ(result, "Bình Dương-");
}

// Parse errors name the source and line.
Status ParseError(std::string text) {
  StatusOr<PlaceLexicon> lexicon = PlaceLexicon::Parse(text, "bad.tsv");
  return lexicon.ok() ? Status::Ok() : lexicon.status();
}

std::string WithLine(std::string_view line) {
  return "# sohoa place lexicon, format 1\n# units: 1\n" + std::string(line) + "\n";
}

TEST(PlaceLexiconLoadTest, MalformedLinesAreRefusedWithFileAndLine) {
  EXPECT_TRUE(ParseError(WithLine(Line("Bình Dương", "Tỉnh", 1, "74", ""))).ok());
  Status s = ParseError(WithLine("binh duong\tBình Dương\tTỉnh\t1"));
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("bad.tsv:3: expected 6 tab-separated columns"), std::string::npos)
      << s.message();
  s = ParseError(WithLine("binh dong\tBình Dương\tTỉnh\t1\t74\t"));
  EXPECT_NE(s.message().find("bad.tsv:3: key \"binh dong\""), std::string::npos) << s.message();
  s = ParseError(WithLine("binh duong\tBình Dương\tBang\t1\t74\t"));
  EXPECT_NE(s.message().find("unknown unit type \"Bang\""), std::string::npos) << s.message();
  s = ParseError(WithLine("binh duong\tBình Dương\tTỉnh\t2\t74\t"));
  EXPECT_NE(s.message().find("level \"2\" does not fit"), std::string::npos) << s.message();
  s = ParseError(WithLine("binh duong\tBình Dương\tTỉnh\t1\t74\tViệt Nam"));
  EXPECT_NE(s.message().find("bad.tsv:3: level 1 units have no parents"), std::string::npos);
}

TEST(PlaceLexiconLoadTest, WrongHeaderOrCountIsDataLoss) {
  Status s = ParseError("key\tname\n");
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("bad.tsv:1: not a place lexicon"), std::string::npos);
  s = ParseError("# sohoa place lexicon, format 1\n# units: 2\n" +
                 Line("Bình Dương", "Tỉnh", 1, "74", ""));
  EXPECT_EQ(s.code(), StatusCode::kDataLoss);
  EXPECT_NE(s.message().find("declares 2 units, file has 1"), std::string::npos) << s.message();
  EXPECT_EQ(ParseError("").code(), StatusCode::kDataLoss);
}

TEST(PlaceLexiconLoadTest, MissingFileIsNotFound) {
  StatusOr<PlaceLexicon> lexicon = PlaceLexicon::Load("/nonexistent/vn_places.tsv");
  ASSERT_FALSE(lexicon.ok());
  EXPECT_EQ(lexicon.status().code(), StatusCode::kNotFound);
  EXPECT_NE(lexicon.status().message().find("/nonexistent/vn_places.tsv"), std::string::npos);
}

std::string SourceDir() {
  const char* dir = std::getenv("SOHOA_SOURCE_DIR");
  return dir ? dir : ".";
}

// The committed lexicon, loaded once for the tests below.
const PlaceLexicon& Committed() {
  static const PlaceLexicon* lexicon = [] {
    StatusOr<PlaceLexicon> loaded =
        PlaceLexicon::Load(SourceDir() + "/models/places/vn_places.tsv");
    EXPECT_TRUE(loaded.ok()) << loaded.status().ToString();
    return loaded.ok() ? new PlaceLexicon(std::move(loaded).value()) : nullptr;
  }();
  return *lexicon;
}

std::string_view LevelWord(PlaceType type) {
  switch (type) {
    case PlaceType::kProvince:
      return "tinh";
    case PlaceType::kCentralCity:
    case PlaceType::kCity:
      return "thanh pho";
    case PlaceType::kDistrict:
      return "huyen";
    case PlaceType::kUrbanDistrict:
      return "quan";
    case PlaceType::kTown:
      return "thi xa";
    case PlaceType::kCommune:
      return "xa";
    case PlaceType::kWard:
      return "phuong";
    case PlaceType::kTownship:
      return "thi tran";
  }
  return "";
}

TEST(CommittedLexiconTest, FindsIssuersOfCleanStrippedAndGarbledHeaders) {
  const PlaceLexicon& places = Committed();
  size_t provinces = 0;
  for (const PlaceUnit& unit : places.units()) provinces += unit.level() == 1;
  EXPECT_EQ(provinces, 63u);
  EXPECT_EQ(places.Match("binh duong", "tinh")->name, "Bình Dương");
  EXPECT_EQ(places.Match("binh dirong", "tinh")->name, "Bình Dương");
  EXPECT_EQ(places.Match("go dau", "huyen")->units[0]->parents, "Tỉnh Tây Ninh");
  EXPECT_EQ(places.Match("tay ninh", "thanh pho")->units.size(), 1u);
  std::optional<PlaceMatch> chau_thanh = places.Match("chau thanh", "huyen");
  ASSERT_TRUE(chau_thanh);
  EXPECT_GE(chau_thanh->units.size(), 5u);
  EXPECT_EQ(
      places.Match("chau thanh", "huyen", {.parent = "Tây Ninh", .original = {}})->units.size(),
      1u);
}

// Every unit is found by its own key after its level word, unless its key
// names several accented names of that type: then Match refuses, and the
// unit is found again when the caller says how it is written and where.
TEST(CommittedLexiconTest, EveryUnitIsFoundByItsKeyOrRefusedAsAmbiguous) {
  const PlaceLexicon& places = Committed();
  std::map<std::pair<std::string, std::string_view>, std::set<std::string>> names;
  for (const PlaceUnit& unit : places.units()) {
    names[{unit.key, LevelWord(unit.type)}].insert(unit.name);
  }
  size_t refused = 0;
  for (const PlaceUnit& unit : places.units()) {
    std::optional<PlaceMatch> match = places.Match(unit.key + " ke hoach", LevelWord(unit.type));
    if (!match) {
      ++refused;
      size_t spellings = names[std::make_pair(unit.key, LevelWord(unit.type))].size();
      EXPECT_GT(spellings, 1u) << unit.name;
      match = places.Match(unit.key, LevelWord(unit.type),
                           {.parent = unit.parents, .original = unit.name});
      ASSERT_TRUE(match) << unit.name << ", " << unit.parents;
    }
    EXPECT_EQ(match->end, unit.key.size()) << unit.name;
    EXPECT_NE(std::find(match->units.begin(), match->units.end(), &unit), match->units.end())
        << unit.name << ", " << unit.parents;
  }
  EXPECT_LT(refused, places.units().size() / 5);
}

TEST(CommittedLexiconTest, MatchesTheGazetteerItWasBuiltFrom) {
  std::string path = SourceDir() + "/../shared/gazetteer/admin_units_2025-03.tsv";
  StatusOr<std::string> gazetteer = ReadFile(path);
  if (!gazetteer.ok()) GTEST_SKIP() << "no gazetteer at " << path << " (only on the build machine)";
  size_t rows = 0;
  for (size_t pos = 0; pos < gazetteer->size();) {
    size_t end = std::min(gazetteer->find('\n', pos), gazetteer->size());
    rows += end > pos && (*gazetteer)[pos] != '#';
    pos = end + 1;
  }
  EXPECT_EQ(Committed().units().size(), rows) << "rebuild models/places with tools/build_places";
}

}  // namespace
}  // namespace sohoa
