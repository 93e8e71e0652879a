#include "pipeline/ingest/text_encoding.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

#include "pipeline/ingest/ingest.h"
#include "pipeline/ingest/legacy_charsets.h"

namespace sohoa {
namespace {

using std::string_literals::operator""s;

constexpr char kPlan[] =
    "ỦY BAN NHÂN DÂN HUYỆN GÒ DẦU\n"
    "Số: 245/KH-UBND, Gò Dầu, ngày 14 tháng 3 năm 2023\n"
    "KẾ HOẠCH\n"
    "Thông tin, tuyên truyền về chuyển đổi số trên địa bàn huyện năm 2023\n"
    "Căn cứ Nghị định số 61/2018/NĐ-CP ngày 23/4/2018 của Chính phủ về thực hiện cơ chế một "
    "cửa, một cửa liên thông trong giải quyết thủ tục hành chính.\n";

DecodedText MustDecode(const std::string& bytes, DecodeOptions options = {}) {
  StatusOr<DecodedText> decoded = DecodeText(bytes, "plan.txt", options);
  EXPECT_TRUE(decoded.ok()) << decoded.status().ToString();
  return decoded.ok() ? *decoded : DecodedText();
}

TEST(EncodingNamesTest, ParseWhatTheyPrint) {
  for (const std::string& name : EncodingFlagNames()) {
    std::optional<TextEncoding> encoding = ParseEncodingName(name);
    ASSERT_TRUE(encoding.has_value()) << name;
    EXPECT_EQ(EncodingFlagName(*encoding), name);
  }
  EXPECT_EQ(ParseEncodingName("Windows-1258"), (TextEncoding{Charset::kCp1258}));
  EXPECT_EQ(ParseEncodingName("TCVN5712-1-as-windows-1252"),
            (TextEncoding{Charset::kTcvn3, Misread::kCp1252}));
  EXPECT_FALSE(ParseEncodingName("koi8-r").has_value());
  EXPECT_FALSE(ParseEncodingName("viqr-as-cp1252").has_value());
  EXPECT_EQ(EncodingDisplayName({Charset::kUtf8, Misread::kCp1252}), "UTF-8 read as Windows-1252");
}

TEST(DecodeTextTest, Utf8StaysAsItIs) {
  DecodedText d = MustDecode(kPlan);
  EXPECT_EQ(d.text, kPlan);
  EXPECT_EQ(d.encoding, TextEncoding{});
  EXPECT_EQ(d.note, "decoded as UTF-8");
}

TEST(DecodeTextTest, EachLegacyCharsetIsDetected) {
  for (Charset charset : {Charset::kTcvn3, Charset::kVni, Charset::kViscii, Charset::kCp1258,
                          Charset::kViqr, Charset::kUtf16Le, Charset::kUtf32Be}) {
    std::string bytes = legacy::Encode(kPlan, charset).value();
    if (charset == Charset::kUtf16Le) bytes = "\xFF\xFE"s + bytes;
    if (charset == Charset::kUtf32Be) bytes = "\0\0\xFE\xFF"s + bytes;
    EXPECT_EQ(SniffFormat(bytes), InputFormat::kText) << static_cast<int>(charset);
    DecodedText d = MustDecode(bytes);
    EXPECT_EQ(d.text, kPlan) << d.note;
    EXPECT_EQ(d.encoding.charset, charset) << d.note;
  }
}

TEST(DecodeTextTest, MisreadsAreUndone) {
  // The examples.
  EXPECT_EQ(MustDecode("KÕ ho¹ch sè 184/KH-UBND ngµy 08/4/2022").text,
            "Kế hoạch số 184/KH-UBND ngày 08/4/2022");
  EXPECT_EQ(MustDecode("Keá hoaïch soá 184/KH-UBND ngaøy 08/4/2022").text,
            "Kế hoạch số 184/KH-UBND ngày 08/4/2022");
  DecodedText d = MustDecode("Káº¿ hoáº¡ch sá»‘ 184/KH-UBND ngÃ y 08/4/2022");
  EXPECT_EQ(d.text, "Kế hoạch số 184/KH-UBND ngày 08/4/2022");
  EXPECT_EQ(d.encoding, (TextEncoding{Charset::kUtf8, Misread::kCp1252}));
  EXPECT_EQ(d.note.rfind("decoded as UTF-8 read as Windows-1252 (margin 0.", 0), 0u) << d.note;
}

TEST(DecodeTextTest, Utf8MisreadThatLostUndefinedBytesIsStillUndone) {
  // "người" is ng C6 B0 E1 BB 9D i; copies through Windows-1252 drop the 0x9D.
  std::string mojibake = legacy::ReadWestern(
      "Kế hoạch của người dân, cơ quan, đơn vị trên địa bàn tỉnh năm 2022", Misread::kCp1252);
  mojibake.erase(mojibake.find("\xC2\x9D"), 2);
  DecodedText d = MustDecode(mojibake);
  EXPECT_EQ(d.encoding, (TextEncoding{Charset::kUtf8, Misread::kCp1252})) << d.note;
  // The two bytes left of "ờ" show as replacement characters, and are counted.
  EXPECT_EQ(d.text,
            "Kế hoạch của ngư\uFFFD\uFFFDi dân, cơ quan, đơn vị trên địa bàn tỉnh năm 2022");
  EXPECT_EQ(d.replaced, 2u);
}

TEST(DecodeTextTest, PlainEnglishAndUnaccentedVietnameseStayAsTheyAre) {
  for (const char* text : {"The plan was approved on 8 April. Is it done? Yes: see item 3(a).\n",
                           "Ke hoach so 184/KH-UBND ngay 08/4/2022. Cac don vi? Xong.\n",
                           "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
                           "e, na\xC3\xAFve r\xC3\xA9sum\xC3\xA9.\n"}) {
    DecodedText d = MustDecode(text);
    EXPECT_EQ(d.text, text);
    EXPECT_EQ(d.encoding, TextEncoding{}) << d.note;
  }
}

TEST(DecodeTextTest, RandomBytesFailNamingTheFile) {
  std::mt19937 rng(7);
  std::string bytes;
  for (int i = 0; i < 2000; ++i) bytes.push_back(static_cast<char>(0x20 + rng() % 0xE0));
  StatusOr<DecodedText> d = DecodeText(bytes, "noise.txt", {});
  ASSERT_FALSE(d.ok()) << d->note;
  EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(d.status().message().find("noise.txt: cannot tell the text's encoding"),
            std::string::npos)
      << d.status().message();
  EXPECT_EQ(d.status().message().find('\n'), std::string::npos);
}

TEST(DecodeTextTest, BrokenUtf8WithAFewBadBytesIsStillUtf8) {
  std::string bytes = kPlan;
  bytes[bytes.find("ế")] = '\xFF';  // damage one letter
  DecodedText d = MustDecode(bytes);
  EXPECT_EQ(d.encoding, TextEncoding{});
  EXPECT_EQ(d.replaced, 3u);  // the bad lead byte and the two orphans after it
  EXPECT_NE(d.note.find("3 invalid bytes replaced by U+FFFD"), std::string::npos) << d.note;
}

TEST(DecodeTextTest, ForcedEncodingIsObeyed) {
  DecodeOptions options;
  options.forced = TextEncoding{Charset::kViscii};
  const std::string bytes = legacy::Encode(kPlan, Charset::kViscii).value();
  DecodedText d = MustDecode(bytes, options);
  EXPECT_EQ(d.text, kPlan);
  EXPECT_EQ(d.note, "decoded as VISCII as --encoding asked");
  options.forced = TextEncoding{Charset::kTcvn3, Misread::kCp1252};
  EXPECT_FALSE(DecodeText("Kế hoạch", "a.txt", options).ok());
}

TEST(DecodeTextTest, BomThatLiesFails) {
  EXPECT_FALSE(DecodeText("\xFF\xFE\x00\xD8"s, "a.txt", {}).ok());
}

TEST(RepairLegacyTextTest, RepairsMojibakeLayersOnly) {
  std::optional<DecodedText> repaired =
      RepairLegacyText("KÕ ho¹ch sè 184/KH-UBND ngµy 08/4/2022 cña UBND huyÖn", nullptr);
  ASSERT_TRUE(repaired.has_value());
  EXPECT_EQ(repaired->text, "Kế hoạch số 184/KH-UBND ngày 08/4/2022 của UBND huyện");
  EXPECT_EQ(repaired->encoding, (TextEncoding{Charset::kTcvn3, Misread::kCp1252}));
  EXPECT_FALSE(RepairLegacyText(kPlan, nullptr).has_value());
  EXPECT_FALSE(RepairLegacyText("Ke hoach so 184", nullptr).has_value());
}

// A scorer that prefers one text, to check the model's score is used.
class FavoriteScorer : public TextScorer {
 public:
  explicit FavoriteScorer(std::string favorite) : favorite_(std::move(favorite)) {}
  std::optional<double> Log10ProbPerWord(std::string_view text) const override {
    return text == favorite_ ? -2.5 : -6.0;
  }

 private:
  std::string favorite_;
};

// 0xE4 is "ọ" in TCVN3 and "ả" in VISCII: both readings are well-formed
// syllables, so the language model decides.
TEST(DecodeTextTest, TheLanguageModelDecidesWhatSyllablesCannot) {
  const std::string bytes = "b\xE4n v\xE4n";
  for (const auto& [favorite, charset] :
       {std::pair{"bọn vọn", Charset::kTcvn3}, std::pair{"bản vản", Charset::kViscii}}) {
    FavoriteScorer scorer(favorite);
    DecodeOptions options;
    options.scorer = &scorer;
    DecodedText d = MustDecode(bytes, options);
    EXPECT_EQ(d.text, favorite);
    EXPECT_EQ(d.encoding.charset, charset) << d.note;
    EXPECT_GT(d.margin.value(), 0.1) << d.note;
  }
}

}  // namespace
}  // namespace sohoa
