// What `sohoa run` prints on stderr while it runs: warnings, failures, and
// progress, either as a live line for a terminal or as one JSON object per
// line for a scheduler (README.md, "Progress").
#ifndef SOHOA_TOOLS_SOHOA_PROGRESS_H_
#define SOHOA_TOOLS_SOHOA_PROGRESS_H_

#include <chrono>
#include <cstdio>
#include <string>

#include "pipeline/driver/pipeline.h"

namespace sohoa::cli {

enum class ProgressStyle { kLine, kJson };

// Prints one line per failure and warning as it happens, progress (a line
// redrawn in place at most 10 times a second, or JSON objects at most once
// a second, and always when the last document is done), and the summary.
// Not thread-safe: the driver calls it from one thread.
class ConsoleProgress : public ProgressListener {
 public:
  ConsoleProgress(ProgressStyle style, bool verbose, std::FILE* out = stderr);

  void OnDocument(const Document& d) override;
  void OnFailure(const Failure& f) override;
  void OnSkipped(const std::string& path) override;
  void OnWarning(const std::string& message) override;
  void OnProgress(const BatchProgress& p) override;

  // A plain line ("note: ...") or a JSON {"event":"note"}.
  void Note(const std::string& message);
  // The run's last words: counts, status, where the results are.
  void Summary(const RunSummary& s, const std::vector<std::string>& outputs, int exit_code);

 private:
  void Print(const std::string& line);  // above the live line, which is redrawn
  void DrawLine();

  ProgressStyle style_;
  bool verbose_;
  std::FILE* out_;
  std::string live_;  // the live line as last drawn, "" when none
  BatchProgress last_;
  std::chrono::steady_clock::time_point last_printed_{};
  bool printed_ = false;
};

// The live line's text: "12/40 documents, 30/95 pages, 1.8 pages/s, ETA 0:36, 2 failed".
std::string ProgressLine(const BatchProgress& p);
// The estimated seconds left, or -1 when nothing tells yet.
double EtaSeconds(const BatchProgress& p);

}  // namespace sohoa::cli

#endif  // SOHOA_TOOLS_SOHOA_PROGRESS_H_
