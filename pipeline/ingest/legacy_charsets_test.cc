#include "pipeline/ingest/legacy_charsets.h"

#include <gtest/gtest.h>

#include <string>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"

namespace sohoa::legacy {
namespace {

using std::string_literals::operator""s;

// Every Vietnamese letter outside ASCII, lowercase and capital.
std::string AllLetters() {
  std::string out;
  for (char32_t base : std::u32string_view(U"aăâeêioôơuưyđ")) {
    for (int tone = 0; tone < vi::kToneCount; ++tone) {
      for (bool upper : {false, true}) {
        const char32_t c = vi::Compose(base, static_cast<vi::Tone>(tone), upper);
        if (c >= 0x80) {
          AppendUtf8(c, &out);
          out.push_back(' ');  // one syllable each, so VIQR may give each a tone
        }
      }
    }
  }
  return out;
}

TEST(LegacyCharsetsTest, AllLettersCountIs134) {
  size_t count = 0;
  const std::string letters = AllLetters();
  for (size_t pos = 0; pos < letters.size(); ++count) {
    DecodeUtf8(letters, &pos);
    ++pos;  // the space
  }
  EXPECT_EQ(count, 134u);
}

TEST(LegacyCharsetsTest, EveryCharsetRoundTripsEveryLetter) {
  const std::string text = "Kế hoạch: " + AllLetters() + " 1183/KH-UBND.\n";
  for (Charset charset :
       {Charset::kTcvn3, Charset::kVni, Charset::kViscii, Charset::kCp1258, Charset::kViqr,
        Charset::kUtf16Le, Charset::kUtf16Be, Charset::kUtf32Le, Charset::kUtf32Be}) {
    StatusOr<std::string> bytes = Encode(text, charset);
    ASSERT_TRUE(bytes.ok()) << static_cast<int>(charset) << ": " << bytes.status().ToString();
    size_t invalid = 0;
    EXPECT_EQ(Decode(*bytes, charset, &invalid), text) << static_cast<int>(charset);
    EXPECT_EQ(invalid, 0u);
  }
}

// Examples from the VNI-Windows chart, as old files show them under
// Windows-1252.
TEST(LegacyCharsetsTest, VniTableReadsTheChartsExamples) {
  EXPECT_EQ(Decode(UnreadWestern("Keá hoaïch").value(), Charset::kVni), "Kế hoạch");
  EXPECT_EQ(
      Decode(UnreadWestern("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam").value(), Charset::kVni),
      "Cộng hòa xã hội chủ nghĩa Việt Nam");
  EXPECT_EQ(Decode(UnreadWestern("ÑOÄC LAÄP - TÖÏ DO - HAÏNH PHUÙC").value(), Charset::kVni),
            "ĐỘC LẬP - TỰ DO - HẠNH PHÚC");
  EXPECT_EQ(Decode(UnreadWestern("ngöôøi, Thaønh phoá, chæ thò").value(), Charset::kVni),
            "người, Thành phố, chỉ thị");
}

TEST(LegacyCharsetsTest, VniEncodesOneOrTwoBytesPerLetter) {
  EXPECT_EQ(Encode("ơ ư đ Đ ĩ ỵ", Charset::kVni).value(), "\xF4 \xF6 \xF1 \xD1 \xF3 \xEE");
  EXPECT_EQ(Encode("ế Ế", Charset::kVni).value(), "e\xE1 E\xC1");
  EXPECT_FALSE(Encode("€", Charset::kVni).ok());
}

TEST(LegacyCharsetsTest, IconvCharsetsReadKnownBytes) {
  EXPECT_EQ(Decode("K\xD5 ho\xB9"
                   "ch s\xE8 ng\xB5y",
                   Charset::kTcvn3),
            "Kế hoạch số ngày");
  EXPECT_EQ(Decode("K\xAA ho\xD5"
                   "ch",
                   Charset::kViscii),
            "Kế hoạch");
  // Windows-1258 writes tones as combining marks; they come back composed.
  EXPECT_EQ(Decode("K\xEA\xEC ho\x61\xF2"
                   "ch",
                   Charset::kCp1258),
            "Kế hoạch");
  size_t invalid = 0;
  EXPECT_EQ(Decode("a\x81"
                   "b",
                   Charset::kCp1258, &invalid),
            "a\uFFFD"
            "b");
  EXPECT_EQ(invalid, 1u);
}

// .VnTimeH draws TCVN3's lowercase codes as capitals.
TEST(LegacyCharsetsTest, TcvnCapitalsFromTheHeadingFontComeBackCapitals) {
  EXPECT_EQ(Decode("UBND T\xD8NH T\xA9Y NINH\nC\xE9NG HO\xB5 X\xB7 H\xE9I", Charset::kTcvn3),
            "UBND TỈNH TÂY NINH\nCỘNG HOÀ XÃ HỘI");
  EXPECT_EQ(Decode("UBND T\xD8NH T\xA9y Ninh, H\xE5 Ch\xDD Minh", Charset::kTcvn3),
            "UBND TỈNH Tây Ninh, Hồ Chí Minh");
  EXPECT_EQ(Decode("S\xE8: 12/Q\xA7-UBND\nB\xE9 GD&\xA7T", Charset::kTcvn3),
            "Số: 12/QĐ-UBND\nBộ GD&ĐT");
}

TEST(LegacyCharsetsTest, TcvnAndVisciiCapitalsBelowSpaceAreLetters) {
  EXPECT_TRUE(IsLegacyLetterControl(0x01));  // TCVN3 Ú
  EXPECT_TRUE(IsLegacyLetterControl(0x1E));  // VISCII Ỵ
  EXPECT_FALSE(IsLegacyLetterControl(0x03));
  EXPECT_FALSE(IsLegacyLetterControl('\n'));
  EXPECT_FALSE(IsLegacyLetterControl('\f'));
  EXPECT_FALSE(IsLegacyLetterControl('A'));
}

TEST(LegacyCharsetsTest, WesternMisreadsUndoExactly) {
  std::string all_bytes;
  for (int b = 0; b < 256; ++b) all_bytes.push_back(static_cast<char>(b));
  for (Misread misread : {Misread::kCp1252, Misread::kLatin1}) {
    const std::string mojibake = ReadWestern(all_bytes, misread);
    ASSERT_TRUE(IsValidUtf8(mojibake));
    EXPECT_EQ(UnreadWestern(mojibake).value(), all_bytes);
  }
  EXPECT_EQ(ReadWestern("K\xE1\xBA\xBF", Misread::kCp1252), "Káº¿");
  EXPECT_FALSE(UnreadWestern("Kế").has_value());
  EXPECT_EQ(MisreadShown("Káº¿ hoáº¡ch"), Misread::kCp1252);
  EXPECT_EQ(MisreadShown("K\u00C3\u00A1\u00BA\u00BF \u0081"), Misread::kLatin1);
  EXPECT_EQ(MisreadShown("KÕ ho¹ch"), Misread::kCp1252);
}

TEST(LegacyCharsetsTest, WideUnicodeSkipsTheMarkAndReportsBrokenUnits) {
  EXPECT_EQ(Decode("\xFF\xFEK\0\xBF\x1E"s, Charset::kUtf16Le), "Kế");
  EXPECT_EQ(Decode("\xFE\xFF\xD8\x3D\xDE\x00"s, Charset::kUtf16Be), "\U0001F600");
  EXPECT_EQ(Decode("\0\0\xFE\xFF\0\0\x1E\xBF"s, Charset::kUtf32Be), "ế");
  size_t invalid = 0;
  EXPECT_EQ(Decode("\xFF\xFE\x00\xD8K"s, Charset::kUtf16Le, &invalid), "\uFFFD\uFFFD");
  EXPECT_EQ(invalid, 2u);
}

TEST(ViqrTest, ReadsMarksAfterVowels) {
  EXPECT_EQ(DecodeViqr("Ke^' hoa.ch so^' 184/KH-UBND nga`y 08/4/2022"),
            "Kế hoạch số 184/KH-UBND ngày 08/4/2022");
  EXPECT_EQ(DecodeViqr("DDo^.c la^.p - Tu+. do - Ha.nh phu'c"), "Độc lập - Tự do - Hạnh phúc");
  EXPECT_EQ(DecodeViqr("ngu+o+`i, thu?y, U?y ban, NDD-CP, DDA^'T, BGDDDT"),
            "người, thủy, Ủy ban, NĐ-CP, ĐẤT, BGDĐT");
}

TEST(ViqrTest, TellsMarksFromPunctuation) {
  // A second tone on one syllable is punctuation.
  EXPECT_EQ(DecodeViqr("Ha` No^.i."), "Hà Nội.");
  // "." or "?" ending a word: a tone when the sentence goes on, else punctuation.
  EXPECT_EQ(DecodeViqr("ca'c ddo+n vi. tru+.c thuo^.c"), "các đơn vị trực thuộc");
  EXPECT_EQ(DecodeViqr("ca'c ddo+n vi.."), "các đơn vị.");
  EXPECT_EQ(DecodeViqr("Is it done? Yes. Go."), "Is it done? Yes. Go.");
  EXPECT_EQ(DecodeViqr("ca'c ddo+n vi\\."), "các đơn vi.");
  // In text that is plainly VIQR, a word-final mark is a tone unless escaped.
  EXPECT_EQ(DecodeViqr("Cu. the^?\nca'c ddo+n vi.\nKe^' hoa.ch"), "Cụ thể\ncác đơn vị\nKế hoạch");
  ViqrStats stats;
  DecodeViqr("Ke hoach so 184. Cac don vi? Xong.", &stats);
  EXPECT_EQ(stats.marked, 0);
  DecodeViqr("Ke^' hoa.ch so^'", &stats);
  EXPECT_EQ(stats.words, 3);
  EXPECT_EQ(stats.marked, 3);
  EXPECT_EQ(stats.strong, 3);
}

TEST(ViqrTest, EncodingEscapesLiteralMarks) {
  EXPECT_EQ(EncodeViqr("Hà Nội."), "Ha` No^.i\\.");
  EXPECT_EQ(EncodeViqr("Đơn vị: khoa (a), hòa."), "DDo+n vi.: khoa (a), ho`a\\.");
  for (const char* text : {"Hà Nội.", "Đơn vị: khoa (a) và e? hoặc o+", "C:\\x a\\b", "ươ ƯƠ Ủy"}) {
    EXPECT_EQ(DecodeViqr(EncodeViqr(text)), text) << EncodeViqr(text);
  }
}

}  // namespace
}  // namespace sohoa::legacy
