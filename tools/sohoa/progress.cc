#include "tools/sohoa/progress.h"

#include <cmath>

#include "pipeline/base/json.h"

namespace sohoa::cli {
namespace {

std::string Clock(double seconds) {
  long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof(buf), "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof(buf), "%ld:%02ld", s / 60, s % 60);
  return buf;
}

double PagesPerSecond(const BatchProgress& p) {
  return p.seconds > 0 ? static_cast<double>(p.pages_done) / p.seconds : 0;
}

// One warning line per signature that does not verify or cannot be read.
// These never fail a document: the text is still worth having.
std::vector<std::string> SignatureWarnings(const Document& d) {
  std::vector<std::string> out;
  for (size_t i = 0; i < d.signatures.size(); ++i) {
    const Signature& s = d.signatures[i];
    if (s.status != SignatureStatus::kModified && s.status != SignatureStatus::kUnreadable) continue;
    std::string line = d.path + ": signature " + std::to_string(i + 1) + " of " +
                       std::to_string(d.signatures.size());
    if (!s.signer.empty()) line += " (" + s.signer + ")";
    line += (s.status == SignatureStatus::kModified ? " does not verify: " : " cannot be read: ");
    out.push_back(line + s.problem);
  }
  return out;
}

}  // namespace

double EtaSeconds(const BatchProgress& p) {
  int left = p.documents_total - p.documents_done;
  if (left <= 0) return 0;
  if (p.pages_done > 0 && p.documents_opened > 0) {
    double per_doc = static_cast<double>(p.pages_planned) / p.documents_opened;
    int unopened = std::max(0, p.documents_total - p.documents_opened - p.documents_skipped);
    double pages_left = std::max<double>(0, static_cast<double>(p.pages_planned - p.pages_done)) +
                        unopened * per_doc;
    return pages_left / PagesPerSecond(p);
  }
  if (p.documents_done > 0 && p.seconds > 0) return left * p.seconds / p.documents_done;
  return -1;
}

std::string ProgressLine(const BatchProgress& p) {
  char buf[256];
  std::snprintf(buf, sizeof(buf), "%d/%d documents, %lld/%lld pages, %.2f pages/s",
                p.documents_done, p.documents_total, static_cast<long long>(p.pages_done),
                static_cast<long long>(p.pages_planned), PagesPerSecond(p));
  std::string line = buf;
  double eta = EtaSeconds(p);
  line += ", ETA " + (eta < 0 ? std::string("?") : Clock(eta));
  line += ", " + std::to_string(p.documents_failed) + " failed";
  if (p.documents_skipped > 0) line += ", " + std::to_string(p.documents_skipped) + " skipped";
  return line;
}

ConsoleProgress::ConsoleProgress(ProgressStyle style, bool verbose, std::FILE* out)
    : style_(style), verbose_(verbose), out_(out) {}

void ConsoleProgress::Print(const std::string& line) {
  if (!live_.empty()) std::fputs("\r\033[K", out_);
  std::fputs((line + "\n").c_str(), out_);
  if (!live_.empty()) std::fputs(live_.c_str(), out_);
  std::fflush(out_);
}

void ConsoleProgress::DrawLine() {
  live_ = "sohoa: " + ProgressLine(last_);
  std::fputs(("\r\033[K" + live_).c_str(), out_);
  std::fflush(out_);
}

void ConsoleProgress::OnDocument(const Document& d) {
  for (const std::string& w : SignatureWarnings(d)) OnWarning(w);
  if (!verbose_) return;
  if (style_ == ProgressStyle::kJson) {
    JsonObject json;
    json.Add("event", "document").Add("path", d.path).Add("pages", uint64_t{d.pages.size()});
    Print(json.Finish());
  } else {
    Print("ok: " + d.path + " (" + std::to_string(d.pages.size()) + " pages)");
  }
}

void ConsoleProgress::OnFailure(const Failure& f) {
  if (style_ == ProgressStyle::kLine) return Print("error: " + f.message);
  JsonObject json;
  json.Add("event", "failure").Add("path", f.path).Add("stage", f.stage).Add("page", f.page);
  json.Add("message", f.message);
  Print(json.Finish());
}

void ConsoleProgress::OnSkipped(const std::string& path) {
  if (!verbose_) return;
  if (style_ == ProgressStyle::kLine) return Print("skipped (already done): " + path);
  JsonObject json;
  json.Add("event", "skipped").Add("path", path);
  Print(json.Finish());
}

void ConsoleProgress::OnWarning(const std::string& message) {
  if (style_ == ProgressStyle::kLine) return Print("warning: " + message);
  JsonObject json;
  json.Add("event", "warning").Add("message", message);
  Print(json.Finish());
}

void ConsoleProgress::Note(const std::string& message) {
  if (style_ == ProgressStyle::kLine) return Print("note: " + message);
  JsonObject json;
  json.Add("event", "note").Add("message", message);
  Print(json.Finish());
}

void ConsoleProgress::OnProgress(const BatchProgress& p) {
  last_ = p;
  // A line at most 10 times a second, an object at most once: a run that
  // skips 100,000 finished documents should not print 100,000 of either.
  auto now = std::chrono::steady_clock::now();
  auto every = style_ == ProgressStyle::kLine ? std::chrono::milliseconds(100)
                                              : std::chrono::milliseconds(1000);
  if (printed_ && now - last_printed_ < every && p.documents_done < p.documents_total) return;
  printed_ = true;
  last_printed_ = now;
  if (style_ == ProgressStyle::kLine) return DrawLine();
  JsonObject json;
  json.Add("event", "progress").Add("documents_total", p.documents_total);
  json.Add("documents_done", p.documents_done).Add("documents_failed", p.documents_failed);
  json.Add("documents_skipped", p.documents_skipped).Add("pages_done", p.pages_done);
  json.Add("pages_planned", p.pages_planned).Add("pages_per_second", PagesPerSecond(p));
  double eta = EtaSeconds(p);
  if (eta < 0) json.AddNull("eta_seconds"); else json.Add("eta_seconds", eta);
  json.Add("seconds", p.seconds);
  Print(json.Finish());
}

void ConsoleProgress::Summary(const RunSummary& s, const std::vector<std::string>& outputs,
                              int exit_code) {
  if (!live_.empty()) {
    std::fputs("\r\033[K", out_);
    live_.clear();
  }
  if (style_ == ProgressStyle::kJson) {
    JsonObject json;
    json.Add("event", "summary").Add("status", s.status).Add("exit_code", exit_code);
    json.Add("documents_ok", s.documents_ok).Add("documents_failed", s.documents_failed);
    json.Add("documents_skipped", s.documents_skipped).Add("documents_left", s.documents_left);
    json.Add("pages", s.pages).Add("seconds", s.seconds);
    json.Add("pages_per_second", s.seconds > 0 ? s.pages / s.seconds : 0.0);
    json.Add("outputs", outputs);
    Print(json.Finish());
    return;
  }
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "sohoa: %d documents done, %d failed, %d skipped; %d pages in %.1f s (%.2f pages/s)",
                s.documents_ok, s.documents_failed, s.documents_skipped, s.pages, s.seconds,
                s.seconds > 0 ? s.pages / s.seconds : 0.0);
  Print(buf);
  if (s.status != "finished") {
    Print("sohoa: run " + s.status + ": " + std::to_string(s.documents_left) +
          " inputs not tried; the same command goes on from here");
  }
  for (const std::string& o : outputs) Print("sohoa: results in " + o);
}

}  // namespace sohoa::cli
