#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "pipeline/base/file.h"
#include "pipeline/base/json.h"
#include "pipeline/base/sha256.h"
#include "pipeline/base/status.h"
#include "pipeline/base/utf8.h"

namespace sohoa {
namespace {

TEST(StatusTest, OkAndErrors) {
  EXPECT_TRUE(Status::Ok().ok());
  Status s = NotFoundError("a.png: no such file");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_EQ(s.ToString(), "NotFound: a.png: no such file");
  EXPECT_EQ(s.WithPrefix("run").message(), "run: a.png: no such file");
}

StatusOr<int> Half(int x) {
  if (x % 2 != 0) return InvalidArgumentError("odd");
  return x / 2;
}

StatusOr<int> Quarter(int x) {
  SOHOA_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(StatusOrTest, ValueOrStatusPropagates) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_EQ(Quarter(6).status().code(), StatusCode::kInvalidArgument);
}

TEST(Sha256Test, NistVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  std::string million(1000000, 'a');
  EXPECT_EQ(Sha256Hex(million), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Utf8Test, DecodesAndSanitizes) {
  std::string s = "Đà Nẵng";
  size_t pos = 0;
  EXPECT_EQ(DecodeUtf8(s, &pos), U'Đ');
  EXPECT_EQ(pos, 2u);
  EXPECT_TRUE(IsValidUtf8(s));
  EXPECT_FALSE(IsValidUtf8("a\xC3"));
  EXPECT_EQ(SanitizeUtf8("a\xC3"), "a\xEF\xBF\xBD");
  EXPECT_EQ(SanitizeUtf8("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  std::string out;
  AppendUtf8(U'ệ', &out);
  EXPECT_EQ(out, "ệ");
}

TEST(Utf8Test, TellsTextWithDiacriticsFromAscii) {
  EXPECT_TRUE(HasNonAscii("Sở Nội vụ"));
  EXPECT_FALSE(HasNonAscii("So Noi vu"));
  EXPECT_FALSE(HasNonAscii(""));
}

TEST(JsonTest, EscapesAndOrdersKeys) {
  JsonObject json;
  json.Add("text", "a\"b\n\fc").Add("n", 3).AddNull("x").Add("l", std::vector<std::string>{"q"});
  EXPECT_EQ(json.Finish(), R"({"text":"a\"b\n\fc","n":3,"x":null,"l":["q"]})");
}

TEST(FileTest, ReadsWritesAndNamesMissingFile) {
  std::string path = testing::TempDir() + "/sohoa_file_test.txt";
  ASSERT_TRUE(WriteFileAtomically(path, "xin chào").ok());
  EXPECT_EQ(*ReadFile(path), "xin chào");
  EXPECT_EQ(ReadFile(path, 3).status().code(), StatusCode::kResourceExhausted);
  auto missing = ReadFile(path + ".missing");
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("sohoa_file_test.txt.missing"), std::string::npos);
  EXPECT_EQ(ReadFile(testing::TempDir()).status().code(), StatusCode::kInvalidArgument);
  std::remove(path.c_str());
}

}  // namespace
}  // namespace sohoa
