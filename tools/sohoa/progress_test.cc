#include "tools/sohoa/progress.h"

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace sohoa::cli {
namespace {

BatchProgress Halfway() {
  BatchProgress p;
  p.documents_total = 40;
  p.documents_done = 12;
  p.documents_failed = 2;
  p.documents_skipped = 5;
  p.documents_opened = 10;
  p.pages_done = 30;
  p.pages_planned = 40;
  p.seconds = 15;
  return p;
}

TEST(ProgressTest, TheLineSaysWhereTheRunStands) {
  // 2 pages/s; 10 pages of opened documents left, and 25 documents not
  // opened at 4 pages each: 110 pages, 55 s.
  EXPECT_DOUBLE_EQ(EtaSeconds(Halfway()), 55);
  EXPECT_EQ(ProgressLine(Halfway()),
            "12/40 documents, 30/40 pages, 2.00 pages/s, ETA 0:55, 2 failed, 5 skipped");
}

TEST(ProgressTest, EtaIsUnknownUntilSomethingIsDoneAndZeroAtTheEnd) {
  BatchProgress start;
  start.documents_total = 3;
  EXPECT_EQ(EtaSeconds(start), -1);
  EXPECT_NE(ProgressLine(start).find("ETA ?"), std::string::npos);
  BatchProgress skipped = start;  // only skipped documents: by documents per second
  skipped.documents_done = skipped.documents_skipped = 1;
  skipped.seconds = 2;
  EXPECT_DOUBLE_EQ(EtaSeconds(skipped), 4);
  BatchProgress end = skipped;
  end.documents_done = 3;
  EXPECT_EQ(EtaSeconds(end), 0);
}

TEST(ProgressTest, JsonProgressIsThrottledButTheLastIsAlwaysPrinted) {
  std::FILE* out = std::tmpfile();
  ConsoleProgress progress(ProgressStyle::kJson, false, out);
  BatchProgress p = Halfway();
  progress.OnProgress(p);
  progress.OnProgress(p);  // within a second: not printed
  p.documents_done = p.documents_total;
  progress.OnProgress(p);
  progress.Summary(RunSummary{}, {"x.db"}, 0);
  std::rewind(out);
  std::string text;
  for (int c; (c = std::fgetc(out)) != EOF;) text.push_back(static_cast<char>(c));
  std::fclose(out);
  size_t lines = 0;
  for (char c : text) lines += c == '\n';
  EXPECT_EQ(lines, 3u) << text;
  EXPECT_NE(text.find("\"documents_done\":40"), std::string::npos) << text;
  EXPECT_NE(text.find("{\"event\":\"summary\",\"status\":\"finished\",\"exit_code\":0"),
            std::string::npos) << text;
}

}  // namespace
}  // namespace sohoa::cli
