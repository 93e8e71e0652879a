#include "pipeline/restore/channel/error_channel.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <mutex>
#include <shared_mutex>

#include "pipeline/base/file.h"
#include "pipeline/base/sha256.h"
#include "pipeline/base/utf8.h"
#include "pipeline/restore/channel/channel_search.h"
#include "pipeline/restore/channel/channel_text.h"

namespace sohoa {
namespace {

using channel_internal::ChannelRules;
using channel_internal::VocabularyTrie;
using channel_text::ToU32;

constexpr uint64_t kMaxModelBytes = 64 << 20;
constexpr size_t kMaxPiece = 3;
constexpr size_t kMaxCacheEntries = 1 << 18;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  for (size_t start = 0;;) {
    size_t tab = line.find('\t', start);
    fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return fields;
    start = tab + 1;
  }
}

bool ParseLogProb(std::string_view text, float* value) {
  std::string copy(text);
  char* end = nullptr;
  double v = std::strtod(copy.c_str(), &end);
  if (copy.empty() || end != copy.c_str() + copy.size() || !std::isfinite(v) || v > 0) {
    return false;
  }
  *value = static_cast<float>(v);
  return true;
}

// Reads one body line ("P", "I" or "R" record) into `rules`.
Status ParseRecord(std::string_view line, ChannelRules* rules) {
  std::vector<std::string_view> f = SplitTabs(line);
  float value = 0;
  if (f[0] == "P" && f.size() == 3 && ParseLogProb(f[2], &value)) {
    if (f[1] == "unknown_substitution") rules->unknown_substitution = value;
    else if (f[1] == "unknown_deletion") rules->unknown_deletion = value;
    else if (f[1] == "unknown_insertion") rules->unknown_insertion = value;
    else if (f[1] == "default_identity") rules->default_identity = value;
    else return InvalidArgumentError("unknown parameter \"" + std::string(f[1]) + "\"");
    return Status::Ok();
  }
  if (f[0] == "I" && f.size() == 3 && ParseLogProb(f[2], &value)) {
    std::u32string c = ToU32(f[1]);
    if (c.size() != 1) return InvalidArgumentError("identity record must name one character");
    rules->identity[c[0]] = value;
    ++rules->rule_count;
    return Status::Ok();
  }
  if (f[0] == "R" && f.size() == 4 && ParseLogProb(f[3], &value)) {
    std::u32string clean = ToU32(f[1]), observed = ToU32(f[2]);
    if (clean.empty() || clean.size() > kMaxPiece || observed.size() > kMaxPiece) {
      return InvalidArgumentError("rule sides must have 1..3 (clean) and 0..3 (observed) "
                                  "characters");
    }
    rules->AddRule(clean, observed, value);
    return Status::Ok();
  }
  return InvalidArgumentError("expected \"P name logprob\", \"I char logprob\" or "
                              "\"R clean observed logprob\" with a log probability <= 0");
}

}  // namespace

struct ErrorChannel::Cache {
  std::shared_mutex mu;
  std::unordered_map<std::string, std::vector<ChannelCandidate>> results;
};

ErrorChannel::ErrorChannel()
    : rules_(std::make_unique<ChannelRules>()),
      trie_(VocabularyTrie::Build({}, kMaxTokenLength)),
      cache_(std::make_unique<Cache>()) {}
ErrorChannel::ErrorChannel(ErrorChannel&&) noexcept = default;
ErrorChannel& ErrorChannel::operator=(ErrorChannel&&) noexcept = default;
ErrorChannel::~ErrorChannel() = default;

StatusOr<ErrorChannel> ErrorChannel::Load(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string data, ReadFile(path, kMaxModelBytes));
  return FromBytes(data, path);
}

StatusOr<ErrorChannel> ErrorChannel::FromBytes(std::string_view data, const std::string& name) {
  size_t newline = data.find('\n');
  std::vector<std::string_view> header = SplitTabs(data.substr(0, newline));
  if (header.size() != 3 || header[0] != kChannelMagic) {
    return FailedPreconditionError(name + ": not a sohoa error channel model (first line must "
                                   "start with \"" + std::string(kChannelMagic) + "\")");
  }
  if (header[1] != std::to_string(kChannelFormatVersion)) {
    return FailedPreconditionError(
        name + ": error channel format version " + std::string(header[1]) +
        ", this build reads version " + std::to_string(kChannelFormatVersion) +
        "; retrain it with tools/learn_channel");
  }
  std::string_view body = newline == std::string_view::npos ? "" : data.substr(newline + 1);
  if (Sha256Hex(body) != header[2]) {
    return DataLossError(name + ": checksum mismatch: the model file is damaged or truncated");
  }
  if (!IsValidUtf8(body)) return DataLossError(name + ": model is not valid UTF-8");

  ErrorChannel channel;
  int line_number = 1;
  for (size_t start = 0; start < body.size();) {
    size_t end = std::min(body.find('\n', start), body.size());
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (line.empty() || line[0] == '#') continue;
    Status s = ParseRecord(line, channel.rules_.get());
    if (!s.ok()) return s.WithPrefix(name + " line " + std::to_string(line_number));
  }
  channel.rules_->Finish();
  return channel;
}

void ErrorChannel::SetVocabulary(const std::vector<std::string>& syllables) {
  trie_ = VocabularyTrie::Build(syllables, kMaxTokenLength);
  std::unique_lock lock(cache_->mu);
  cache_->results.clear();
}

size_t ErrorChannel::rule_count() const { return rules_->rule_count; }
size_t ErrorChannel::vocabulary_size() const { return trie_->syllables.size(); }

std::vector<ChannelCandidate> ErrorChannel::Candidates(std::string_view observed,
                                                       int max_candidates,
                                                       float min_log_prob, float beam) const {
  if (max_candidates <= 0 || trie_->syllables.empty() || observed.empty()) return {};
  // Cache key: the token, then the raw bytes of the search settings.
  std::string key(observed);
  key.push_back('\0');
  key.append(reinterpret_cast<const char*>(&max_candidates), sizeof(max_candidates));
  key.append(reinterpret_cast<const char*>(&min_log_prob), sizeof(min_log_prob));
  key.append(reinterpret_cast<const char*>(&beam), sizeof(beam));
  {
    std::shared_lock lock(cache_->mu);
    auto it = cache_->results.find(key);
    if (it != cache_->results.end()) return it->second;
  }
  std::vector<ChannelCandidate> out;
  for (const auto& hit : channel_internal::SearchChannel(
           *rules_, *trie_, ToU32(observed), static_cast<size_t>(max_candidates),
           -min_log_prob, beam)) {
    out.push_back({trie_->syllables[hit.syllable], -hit.cost});
  }
  std::unique_lock lock(cache_->mu);
  if (cache_->results.size() >= kMaxCacheEntries) cache_->results.clear();
  cache_->results.emplace(std::move(key), out);
  return out;
}

float ErrorChannel::LogProb(std::string_view observed, std::string_view syllable) const {
  auto trie = VocabularyTrie::Build({std::string(syllable)}, kMaxTokenLength);
  auto hits = channel_internal::SearchChannel(*rules_, *trie, ToU32(observed), 1, 1e9f, 1e9f);
  return hits.empty() ? -std::numeric_limits<float>::infinity() : -hits[0].cost;
}

}  // namespace sohoa
