#include "pipeline/restore/lm_builder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <numeric>
#include <utility>

#include "pipeline/base/file.h"
#include "pipeline/restore/lm_format.h"
#include "pipeline/restore/tokenizer.h"

namespace sohoa::restore {
namespace {

namespace fmt = lm_format;

constexpr uint32_t kSentenceMark = UINT32_MAX;

uint64_t LowMask(int words) {
  return words >= 4 ? ~uint64_t{0} : (uint64_t{1} << (16 * words)) - 1;
}

struct Discounts {
  double d[4] = {0, 0.5, 1.0, 1.5};  // d[c] for c = 1, 2, 3+
  double For(uint64_t c) const { return c == 0 ? 0 : d[std::min<uint64_t>(c, 3)]; }
};

Discounts ComputeDiscounts(const std::vector<uint32_t>& adjusted) {
  uint64_t n[5] = {0, 0, 0, 0, 0};
  for (uint32_t a : adjusted) {
    if (a >= 1 && a <= 4) ++n[a];
  }
  Discounts out;
  if (n[1] == 0 || n[2] == 0 || n[3] == 0 || n[4] == 0) return out;
  double y = static_cast<double>(n[1]) / (n[1] + 2.0 * n[2]);
  double d1 = 1 - 2 * y * n[2] / n[1];
  double d2 = 2 - 3 * y * n[3] / n[2];
  double d3 = 3 - 4 * y * n[4] / n[3];
  if (d1 > 0 && d1 < 1 && d2 > 0 && d2 < 2 && d3 > 0 && d3 < 3) {
    out.d[1] = d1;
    out.d[2] = d2;
    out.d[3] = d3;
  }
  return out;
}

// 256-level codebook by equal-count bins; codes index the nearest level.
void Quantize(const std::vector<float>& values, float codebook[256], std::vector<uint8_t>* codes) {
  std::vector<float> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  std::vector<float> sorted_all;
  if (sorted.size() > 256) {
    sorted_all = values;
    std::sort(sorted_all.begin(), sorted_all.end());
  }
  for (int i = 0; i < 256; ++i) {
    if (sorted.empty()) {
      codebook[i] = 0.0f;
    } else if (sorted.size() <= 256) {
      codebook[i] = sorted[std::min<size_t>(i, sorted.size() - 1)];
    } else {
      size_t lo = sorted_all.size() * i / 256, hi = sorted_all.size() * (i + 1) / 256;
      double sum = 0;
      for (size_t k = lo; k < hi; ++k) sum += sorted_all[k];
      codebook[i] = hi > lo ? static_cast<float>(sum / (hi - lo)) : sorted_all[lo];
    }
  }
  std::sort(codebook, codebook + 256);
  codes->resize(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const float* it = std::lower_bound(codebook, codebook + 256, values[i]);
    int hi = static_cast<int>(std::min<ptrdiff_t>(it - codebook, 255));
    int lo = std::max(hi - 1, 0);
    (*codes)[i] = static_cast<uint8_t>(
        std::fabs(codebook[lo] - values[i]) <= std::fabs(codebook[hi] - values[i]) ? lo : hi);
  }
}

float Log10(double p) { return p > 0 ? static_cast<float>(std::log10(p)) : -99.0f; }

template <typename T>
std::string Bytes(const std::vector<T>& v) {
  return std::string(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
}

class FileWriter {
 public:
  void Add(fmt::SectionKind kind, uint32_t order, std::string bytes) {
    sections_.push_back({kind, order, std::move(bytes)});
  }
  std::string Assemble(uint32_t order, uint32_t vocab_size) const {
    fmt::FileHeader header{};
    std::memcpy(header.magic, fmt::kMagic, sizeof(fmt::kMagic));
    header.format_version = fmt::kFormatVersion;
    header.endian_check = fmt::kEndianCheck;
    header.order = order;
    header.vocab_size = vocab_size;
    header.section_count = static_cast<uint32_t>(sections_.size());
    uint64_t offset = sizeof(header) + sections_.size() * sizeof(fmt::SectionEntry);
    std::vector<fmt::SectionEntry> table;
    for (const auto& s : sections_) {
      offset = (offset + 7) / 8 * 8;
      table.push_back({static_cast<uint32_t>(s.kind), s.order, offset, s.bytes.size(),
                       fmt::Checksum(s.bytes.data(), s.bytes.size())});
      offset += s.bytes.size();
    }
    header.file_size = offset;
    std::string head(reinterpret_cast<const char*>(&header), sizeof(header));
    head += Bytes(table);
    header.header_checksum = fmt::Checksum(head.data(), head.size());
    std::string out(reinterpret_cast<const char*>(&header), sizeof(header));
    out += Bytes(table);
    for (size_t i = 0; i < sections_.size(); ++i) {
      out.resize(table[i].offset, '\0');
      out += sections_[i].bytes;
    }
    return out;
  }

 private:
  struct Pending {
    fmt::SectionKind kind;
    uint32_t order;
    std::string bytes;
  };
  std::vector<Pending> sections_;
};

}  // namespace

struct LmBuilder::Order {
  std::vector<uint64_t> keys;  // unique, sorted
  std::vector<uint32_t> raw;
  std::vector<uint32_t> adjusted;
  std::vector<double> prob;     // interpolated, linear
  std::vector<double> backoff;  // linear, 1 when the n-gram is no context

  int64_t IndexOf(uint64_t key) const {
    auto it = std::lower_bound(keys.begin(), keys.end(), key);
    return (it != keys.end() && *it == key) ? it - keys.begin() : -1;
  }
};

LmBuilder::LmBuilder(LmBuildOptions options) : options_(std::move(options)) {
  options_.order = std::clamp(options_.order, 1, fmt::kMaxOrder);
  options_.min_counts.resize(options_.order, 1);
  for (size_t i = 1; i < options_.min_counts.size(); ++i) {
    options_.min_counts[i] = std::max(options_.min_counts[i], options_.min_counts[i - 1]);
  }
  options_.max_vocab = std::min<size_t>(options_.max_vocab, 65536 - 3);
  keys_.resize(options_.order + 1);
}

void LmBuilder::AddSentence(const std::vector<std::string>& sentence, uint32_t weight) {
  for (const auto& w : sentence) {
    auto [it, added] = interned_.try_emplace(w, static_cast<uint32_t>(interned_.size()));
    if (added) interned_counts_.push_back(0);
    interned_counts_[it->second] += weight;
    corpus_.push_back(it->second);
  }
  corpus_.push_back(kSentenceMark);
  weights_.push_back(weight);
}

void LmBuilder::FixVocabulary() {
  vocab_ = {std::string(kUnknown), std::string(kSentenceBegin), std::string(kSentenceEnd)};
  std::vector<std::pair<uint64_t, const std::string*>> by_count;
  for (const auto& [w, i] : interned_) {
    uint64_t c = interned_counts_[i];
    if (c >= options_.min_word_count && w != kUnknown && w != kSentenceBegin &&
        w != kSentenceEnd) {
      by_count.emplace_back(c, &w);
    }
  }
  std::sort(by_count.begin(), by_count.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : *a.second < *b.second;
  });
  if (by_count.size() > options_.max_vocab) by_count.resize(options_.max_vocab);
  id_of_interned_.assign(interned_.size(), kUnknownId);
  for (auto& [c, w] : by_count) {
    id_of_interned_[interned_.at(*w)] = static_cast<WordId>(vocab_.size());
    vocab_.push_back(*w);
  }
  unigram_counts_.assign(vocab_.size(), 0);
}

void LmBuilder::CollectNgrams() {
  const int order = options_.order;
  std::vector<WordId> ids = {kBeginId};
  size_t sentence = 0;
  for (uint32_t w : corpus_) {
    if (w != kSentenceMark) {
      ids.push_back(id_of_interned_[w]);
      continue;
    }
    ids.push_back(kEndId);
    const uint32_t weight = weights_[sentence++];
    for (size_t i = 1; i < ids.size(); ++i) {
      unigram_counts_[ids[i]] += weight;
      uint64_t key = ids[i];
      for (int n = 2; n <= order && i + 1 >= static_cast<size_t>(n); ++n) {
        key |= static_cast<uint64_t>(ids[i + 1 - n]) << (16 * (n - 1));
        keys_[n].insert(keys_[n].end(), weight, key);
      }
    }
    ids.resize(1);
  }
  std::vector<uint32_t>().swap(corpus_);
}

void LmBuilder::Estimate(std::vector<Order>* orders_out) {
  std::vector<Order>& orders = *orders_out;
  const int top = options_.order;
  orders.resize(top + 1);
  // Raw counts.
  for (size_t w = 0; w < vocab_.size(); ++w) {
    orders[1].keys.push_back(w);
    orders[1].raw.push_back(static_cast<uint32_t>(std::min<uint64_t>(unigram_counts_[w], UINT32_MAX)));
  }
  for (int n = 2; n <= top; ++n) {
    std::vector<uint64_t> keys = std::move(keys_[n]);
    std::sort(keys.begin(), keys.end());
    Order& o = orders[n];
    for (size_t i = 0; i < keys.size();) {
      size_t j = i;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      o.keys.push_back(keys[i]);
      o.raw.push_back(static_cast<uint32_t>(j - i));
      i = j;
    }
  }
  // Adjusted counts: continuation counts below the top order, except for
  // n-grams that start with <s> (nothing can precede them).
  orders[top].adjusted = orders[top].raw;
  for (int n = top - 1; n >= 1; --n) {
    std::vector<uint64_t> suffixes;
    suffixes.reserve(orders[n + 1].keys.size());
    for (uint64_t k : orders[n + 1].keys) suffixes.push_back(k & LowMask(n));
    std::sort(suffixes.begin(), suffixes.end());
    Order& o = orders[n];
    o.adjusted.assign(o.keys.size(), 0);
    size_t s = 0;
    for (size_t i = 0; i < o.keys.size(); ++i) {
      uint32_t cont = 0;
      while (s < suffixes.size() && suffixes[s] < o.keys[i]) ++s;
      while (s < suffixes.size() && suffixes[s] == o.keys[i]) ++cont, ++s;
      bool starts_with_bos = (o.keys[i] >> (16 * (n - 1))) == kBeginId;
      o.adjusted[i] = starts_with_bos ? o.raw[i] : cont;
    }
  }
  // Unigrams: discounted, interpolated with the uniform distribution.
  {
    Order& o = orders[1];
    Discounts d = ComputeDiscounts(o.adjusted);
    double total = 0, mass = 0;
    for (size_t w = 0; w < o.keys.size(); ++w) {
      if (w == kBeginId) continue;
      total += o.adjusted[w];
      mass += d.For(o.adjusted[w]);
    }
    double uniform = 1.0 / static_cast<double>(vocab_.size() - 1);
    double gamma = total > 0 ? mass / total : 1.0;
    o.prob.assign(o.keys.size(), 0);
    o.backoff.assign(o.keys.size(), 1.0);
    for (size_t w = 0; w < o.keys.size(); ++w) {
      if (w == kBeginId) continue;
      double discounted = total > 0 ? (o.adjusted[w] - d.For(o.adjusted[w])) / total : 0;
      o.prob[w] = discounted + gamma * uniform;
    }
  }
  for (int n = 2; n <= top; ++n) {
    Order& o = orders[n];
    Order& lower = orders[n - 1];
    Discounts d = ComputeDiscounts(o.adjusted);
    o.prob.assign(o.keys.size(), 0);
    o.backoff.assign(o.keys.size(), 1.0);
    for (size_t i = 0; i < o.keys.size();) {
      const uint64_t context = o.keys[i] >> 16;
      size_t j = i;
      double total = 0, mass = 0;
      for (; j < o.keys.size() && (o.keys[j] >> 16) == context; ++j) {
        total += o.adjusted[j];
        mass += d.For(o.adjusted[j]);
      }
      double gamma = mass / total;
      for (size_t k = i; k < j; ++k) {
        int64_t lo = lower.IndexOf(o.keys[k] & LowMask(n - 1));
        double p_lower = lo >= 0 ? lower.prob[lo] : 0.0;
        o.prob[k] = (o.adjusted[k] - d.For(o.adjusted[k])) / total + gamma * p_lower;
      }
      int64_t c = lower.IndexOf(context);
      if (c >= 0) lower.backoff[c] = gamma;
      i = j;
    }
  }
}

Status LmBuilder::Write(const std::string& path) {
  if (!vocab_.empty()) return FailedPreconditionError(path + ": LmBuilder::Write called twice");
  FixVocabulary();
  CollectNgrams();
  std::vector<Order> orders;
  Estimate(&orders);
  const int top = options_.order;
  FileWriter writer;
  writer.Add(fmt::SectionKind::kMetadata, 0, options_.metadata);
  std::string vocab;
  for (const auto& w : vocab_) vocab += w + '\0';
  writer.Add(fmt::SectionKind::kVocabulary, 0, vocab);
  std::vector<float> unigrams;
  for (size_t w = 0; w < vocab_.size(); ++w) {
    unigrams.push_back(Log10(orders[1].prob[w]));
    unigrams.push_back(Log10(orders[1].backoff[w]));
  }
  writer.Add(fmt::SectionKind::kUnigrams, 0, Bytes(unigrams));
  written_.assign(top + 1, 0);
  written_[1] = vocab_.size();
  for (int n = 2; n <= top; ++n) {
    const Order& o = orders[n];
    std::vector<size_t> kept;
    std::vector<float> probs, backoffs;
    for (size_t i = 0; i < o.keys.size(); ++i) {
      if (o.raw[i] < options_.min_counts[n - 1]) continue;
      kept.push_back(i);
      probs.push_back(Log10(o.prob[i]));
      backoffs.push_back(n < top ? Log10(o.backoff[i]) : 0.0f);
    }
    written_[n] = kept.size();
    std::vector<float> codebook(512);
    std::vector<uint8_t> prob_codes, backoff_codes;
    Quantize(probs, codebook.data(), &prob_codes);
    Quantize(backoffs, codebook.data() + 256, &backoff_codes);
    // Linear probing at a load factor of about 0.85.
    const uint64_t slots = kept.size() * 100 / 85 + 1;
    std::string records(slots * fmt::kRecordSize, '\0');
    for (size_t k = 0; k < kept.size(); ++k) {
      const uint64_t h = fmt::NgramHash(o.keys[kept[k]], n);
      const uint32_t fp = fmt::Fingerprint(h);
      uint64_t i = fmt::FirstSlot(h, slots);
      while (records[i * fmt::kRecordSize] || records[i * fmt::kRecordSize + 1] ||
             records[i * fmt::kRecordSize + 2] || records[i * fmt::kRecordSize + 3]) {
        if (++i == slots) i = 0;
      }
      char* r = &records[i * fmt::kRecordSize];
      std::memcpy(r, &fp, sizeof(fp));
      r[4] = static_cast<char>(prob_codes[k]);
      r[5] = static_cast<char>(backoff_codes[k]);
    }
    writer.Add(fmt::SectionKind::kRecords, n, std::move(records));
    writer.Add(fmt::SectionKind::kCodebook, n, Bytes(codebook));
  }
  return WriteFileAtomically(path, writer.Assemble(top, static_cast<uint32_t>(vocab_.size())));
}

}  // namespace sohoa::restore
