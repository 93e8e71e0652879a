#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>

#include "pipeline/base/file.h"
#include "pipeline/base/json.h"
#include "pipeline/sink/sink.h"

namespace sohoa {
namespace {

std::string PageJson(const Page& page) {
  JsonObject json;
  json.Add("index", page.index).Add("source", TextSourceName(page.source));
  json.Add("text", page.text).Add("raw_text", page.raw_text);
  if (page.mean_confidence >= 0) json.Add("mean_confidence", double{page.mean_confidence});
  json.Add("notes", page.notes);
  return json.Finish();
}

void AddTextOrNull(JsonObject* json, std::string_view key, const std::string& value) {
  if (value.empty()) json->AddNull(key); else json->Add(key, value);
}

std::string SignatureJson(const std::string& document_id, size_t index, const Signature& s) {
  JsonObject json;
  json.Add("type", "signature").Add("document_id", document_id).Add("index", uint64_t{index});
  AddTextOrNull(&json, "field_name", s.field_name);
  AddTextOrNull(&json, "signer", s.signer);
  AddTextOrNull(&json, "signer_dn", s.signer_dn);
  AddTextOrNull(&json, "issuer_dn", s.issuer_dn);
  AddTextOrNull(&json, "signed_at", s.signed_at);
  AddTextOrNull(&json, "hash_algorithm", s.hash_algorithm);
  AddTextOrNull(&json, "sub_filter", s.sub_filter);
  json.AddRaw("byte_ranges", s.ByteRangesJson());
  json.Add("covers_whole_file", s.covers_whole_file).Add("valid", s.valid());
  json.Add("status", SignatureStatusName(s.status));
  AddTextOrNull(&json, "problem", s.problem);
  json.Add("chain_status", ChainStatusName(s.chain));
  AddTextOrNull(&json, "chain_detail", s.chain_detail);
  AddTextOrNull(&json, "certificate_not_before", s.certificate_not_before);
  AddTextOrNull(&json, "certificate_not_after", s.certificate_not_after);
  return json.Finish();
}

class JsonlSink : public Sink {
 public:
  JsonlSink(int fd, std::string path, bool owned) : fd_(fd), path_(std::move(path)), owned_(owned) {}
  ~JsonlSink() override {
    if (owned_) ::close(fd_);
  }

  Status BeginRun(const RunInfo& run) override {
    run_id_ = run.run_id;
    JsonObject json;
    json.Add("type", "run").Add("run_id", run.run_id).Add("started_at", run.started_at);
    json.Add("command_line", run.command_line);
    JsonObject versions;
    for (const auto& [name, version] : run.versions) versions.Add(name, version);
    json.AddRaw("versions", versions.Finish());
    return WriteLine(json.Finish());
  }

  Status WriteDocument(const Document& doc) override {
    std::string lines;
    JsonObject json;
    json.Add("type", "document").Add("run_id", run_id_).Add("id", doc.id).Add("path", doc.path);
    json.Add("format", InputFormatName(doc.format)).Add("size_bytes", doc.size_bytes);
    std::string pages = "[";
    for (size_t i = 0; i < doc.pages.size(); ++i) {
      if (i > 0) pages += ",";
      pages += PageJson(doc.pages[i]);
    }
    json.AddRaw("pages", pages + "]");
    AddTextOrNull(&json, "signed_by", doc.signed_by);
    AddTextOrNull(&json, "signed_at", doc.signed_at);
    lines += json.Finish() + "\n";
    for (size_t i = 0; i < doc.signatures.size(); ++i) {
      lines += SignatureJson(doc.id, i, doc.signatures[i]) + "\n";
    }
    for (const Record& record : doc.records) lines += RecordJson(record, doc.id) + "\n";
    return WriteRaw(lines);
  }

  Status WriteFailure(const Failure& f) override {
    JsonObject json;
    json.Add("type", "failure").Add("run_id", run_id_).Add("path", f.path);
    json.Add("document_id", f.document_id).Add("stage", f.stage).Add("page", f.page);
    json.Add("message", f.message);
    return WriteLine(json.Finish());
  }

  Status EndRun(const RunSummary& s) override {
    JsonObject json;
    json.Add("type", "run_end").Add("run_id", run_id_).Add("documents_ok", s.documents_ok);
    json.Add("documents_failed", s.documents_failed).Add("documents_skipped", s.documents_skipped);
    json.Add("pages", s.pages).Add("seconds", s.seconds).Add("status", s.status);
    json.Add("documents_left", s.documents_left);
    return WriteLine(json.Finish());
  }

  bool HasDocument(const std::string&, const std::string&) override { return false; }
  std::string Location() const override { return path_; }

 private:
  Status WriteLine(const std::string& line) { return WriteRaw(line + "\n"); }
  // One write(2) for a document and all its lines, so that a process
  // killed at any moment leaves whole documents (a partial last line is cut
  // off when the file is next opened).
  Status WriteRaw(const std::string& data) {
    for (size_t done = 0; done < data.size();) {
      ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return ErrnoToStatus(errno, path_, "write");
      done += static_cast<size_t>(n);
    }
    return Status::Ok();
  }

  int fd_;
  std::string path_;
  bool owned_;
  std::string run_id_;
};

// Cuts off a last line without its newline: what a process killed while
// writing left.
Status DropPartialLastLine(int fd, const std::string& path) {
  off_t end = ::lseek(fd, 0, SEEK_END);
  if (end < 0) return ErrnoToStatus(errno, path, "seek");
  char c = '\n';
  off_t keep = end;
  while (keep > 0 && ::pread(fd, &c, 1, keep - 1) == 1 && c != '\n') --keep;
  if (keep == end) return Status::Ok();
  if (::ftruncate(fd, keep) != 0) return ErrnoToStatus(errno, path, "cut off a partial last line of");
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<Sink>> OpenJsonlSink(const std::string& path) {
  if (path == "-") {
    std::fflush(stdout);
    return std::unique_ptr<Sink>(new JsonlSink(STDOUT_FILENO, "<stdout>", false));
  }
  int fd = ::open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoToStatus(errno, path, "open for appending");
  if (Status s = DropPartialLastLine(fd, path); !s.ok()) {
    ::close(fd);
    return s;
  }
  return std::unique_ptr<Sink>(new JsonlSink(fd, path, true));
}

// A record's fields are one object of their own: a field may be named like
// a key of the line (a deadline's "type" and "end"), and JSON readers keep
// only the last of two equal keys.
std::string RecordJson(const Record& r, const std::string& document_id) {
  JsonObject json;
  if (!document_id.empty()) json.Add("type", "record").Add("document_id", document_id);
  json.Add("kind", r.kind).Add("text", r.text);
  json.Add("start", uint64_t{r.start}).Add("end", uint64_t{r.end});
  json.Add("line", r.line).Add("rule", r.rule).AddRaw("fields", r.FieldsJson());
  return json.Finish();
}

std::string VersionsFingerprint(const RunInfo& run) {
  std::string out;
  for (const auto& [name, version] : run.versions) {
    if (!out.empty()) out += ";";
    out += name + "=" + version;
  }
  return out;
}

}  // namespace sohoa
