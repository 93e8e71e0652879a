#include "pipeline/restore/training_text.h"

#include "pipeline/base/file.h"
#include "pipeline/restore/lm_format.h"
#include "pipeline/restore/tokenizer.h"

namespace sohoa::restore {

Split SplitOf(std::string_view document, bool legal) {
  if (!legal) return Split::kTrain;
  std::string_view head = document.substr(0, 512);
  uint64_t bucket = lm_format::Checksum(head.data(), head.size()) % 100;
  if (bucket < 3) return Split::kDev;
  if (bucket < 6) return Split::kTest;
  return Split::kTrain;
}

void ForEachLine(std::string_view text, const std::function<void(std::string_view)>& fn) {
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    fn(line);
    pos = end + 1;
  }
}

Status ForEachDocument(const std::string& path, const std::function<void(std::string_view)>& fn) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::string_view all = text;
  size_t doc_start = 0;
  bool in_doc = false;
  size_t pos = 0;
  while (pos <= all.size()) {
    size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
    if (blank && in_doc) {
      fn(all.substr(doc_start, pos - doc_start));
      in_doc = false;
    } else if (!blank && !in_doc) {
      doc_start = pos;
      in_doc = true;
    }
    pos = end + 1;
  }
  if (in_doc) fn(all.substr(doc_start));
  return Status::Ok();
}

std::vector<std::string> LineKeys(std::string_view line) {
  std::vector<std::string> keys;
  for (const Token& t : Tokenize(line)) {
    if (t.kind == TokenKind::kWord) {
      keys.push_back(NormalizeWord(t.text));
    } else if (t.kind == TokenKind::kCode || t.kind == TokenKind::kPunct) {
      keys.push_back(NonWordKey(t));
    }
  }
  return keys;
}

}  // namespace sohoa::restore
