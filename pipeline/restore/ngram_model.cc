#include "pipeline/restore/ngram_model.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <utility>

#include "pipeline/base/file.h"
#include "pipeline/restore/lm_format.h"

namespace sohoa::restore {
namespace {

namespace fmt = lm_format;

struct Section {
  const uint8_t* data = nullptr;
  uint64_t size = 0;
};
using SectionMap = std::map<std::pair<uint32_t, uint32_t>, Section>;

Status Damaged(const std::string& path, const std::string& what) {
  return DataLossError(path + ": damaged restoration model (" + what +
                       "); rebuild it with tools/train_restore or restore it from git");
}

std::string Hex(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

Status ReadSections(const std::string& path, const uint8_t* data, size_t size,
                    SectionMap* sections) {
  fmt::FileHeader header;
  std::memcpy(&header, data, sizeof(header));
  if (header.section_count > 64 ||
      sizeof(header) + header.section_count * sizeof(fmt::SectionEntry) > size) {
    return Damaged(path, "bad section table");
  }
  const uint8_t* table = data + sizeof(header);
  const size_t table_size = header.section_count * sizeof(fmt::SectionEntry);
  fmt::FileHeader zeroed = header;
  zeroed.header_checksum = 0;
  std::string head(reinterpret_cast<const char*>(&zeroed), sizeof(zeroed));
  head.append(reinterpret_cast<const char*>(table), table_size);
  if (fmt::Checksum(head.data(), head.size()) != header.header_checksum) {
    return Damaged(path, "header checksum mismatch");
  }
  for (uint32_t i = 0; i < header.section_count; ++i) {
    fmt::SectionEntry e;
    std::memcpy(&e, table + i * sizeof(e), sizeof(e));
    if (e.offset > size || e.size > size - e.offset || e.offset % 8 != 0) {
      return Damaged(path, "section " + std::to_string(i) + " lies outside the file");
    }
    if (fmt::Checksum(data + e.offset, e.size) != e.checksum) {
      return Damaged(path, "checksum mismatch in section " + std::to_string(i));
    }
    (*sections)[{e.kind, e.order}] = {data + e.offset, e.size};
  }
  return Status::Ok();
}

const Section* Get(const SectionMap& sections, fmt::SectionKind kind, uint32_t order = 0) {
  auto it = sections.find({static_cast<uint32_t>(kind), order});
  return it == sections.end() ? nullptr : &it->second;
}

}  // namespace

NgramModel::~NgramModel() {
  if (mapped_) ::munmap(const_cast<uint8_t*>(data_), size_);
}

StatusOr<std::unique_ptr<NgramModel>> NgramModel::FromBytes(std::string bytes,
                                                            const std::string& name) {
  std::unique_ptr<NgramModel> model(new NgramModel);
  if (bytes.size() < sizeof(fmt::FileHeader)) {
    return Damaged(name, "file of " + std::to_string(bytes.size()) +
                             " bytes is shorter than the header");
  }
  model->owned_ = std::move(bytes);
  model->data_ = reinterpret_cast<const uint8_t*>(model->owned_.data());
  model->size_ = model->owned_.size();
  SOHOA_RETURN_IF_ERROR(model->Parse(name));
  return model;
}

StatusOr<std::unique_ptr<NgramModel>> NgramModel::Load(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoToStatus(errno, path, "open restoration model");
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    int err = errno;
    ::close(fd);
    return ErrnoToStatus(err, path, "stat restoration model");
  }
  if (S_ISDIR(st.st_mode)) {
    ::close(fd);
    return InvalidArgumentError(path + ": is a directory, not a restoration model");
  }
  std::unique_ptr<NgramModel> model(new NgramModel);
  model->size_ = static_cast<size_t>(st.st_size);
  if (model->size_ < sizeof(fmt::FileHeader)) {
    ::close(fd);
    return Damaged(path, "file of " + std::to_string(model->size_) +
                             " bytes is shorter than the header");
  }
  void* p = ::mmap(nullptr, model->size_, PROT_READ, MAP_PRIVATE, fd, 0);
  int err = errno;
  ::close(fd);
  if (p == MAP_FAILED) return ErrnoToStatus(err, path, "map restoration model");
  model->data_ = static_cast<const uint8_t*>(p);
  model->mapped_ = true;
  SOHOA_RETURN_IF_ERROR(model->Parse(path));
  return model;
}

Status NgramModel::Parse(const std::string& path) {
  fmt::FileHeader header;
  std::memcpy(&header, data_, sizeof(header));
  if (std::memcmp(header.magic, fmt::kMagic, sizeof(fmt::kMagic)) != 0) {
    return DataLossError(path + ": not a sohoa restoration model (bad magic string)");
  }
  if (header.format_version != fmt::kFormatVersion || header.endian_check != fmt::kEndianCheck) {
    return FailedPreconditionError(
        path + ": restoration model has format version " +
        std::to_string(header.format_version) + ", this build reads version " +
        std::to_string(fmt::kFormatVersion) + "; rebuild it with tools/train_restore");
  }
  if (header.file_size != size_) {
    return Damaged(path, "file is " + std::to_string(size_) + " bytes, header says " +
                             std::to_string(header.file_size));
  }
  if (header.order < 1 || header.order > fmt::kMaxOrder || header.vocab_size < 3 ||
      header.vocab_size > 65536) {
    return Damaged(path, "bad order or vocabulary size");
  }
  SectionMap sections;
  SOHOA_RETURN_IF_ERROR(ReadSections(path, data_, size_, &sections));
  order_ = static_cast<int>(header.order);
  content_id_ = Hex(header.header_checksum);

  const Section* meta = Get(sections, fmt::SectionKind::kMetadata);
  const Section* vocab = Get(sections, fmt::SectionKind::kVocabulary);
  const Section* uni = Get(sections, fmt::SectionKind::kUnigrams);
  if (meta == nullptr || vocab == nullptr || uni == nullptr) {
    return Damaged(path, "missing section");
  }
  metadata_.assign(reinterpret_cast<const char*>(meta->data), meta->size);
  std::string_view blob(reinterpret_cast<const char*>(vocab->data), vocab->size);
  for (size_t pos = 0; pos < blob.size();) {
    size_t end = blob.find('\0', pos);
    if (end == std::string_view::npos) return Damaged(path, "unterminated vocabulary");
    words_.push_back(blob.substr(pos, end - pos));
    pos = end + 1;
  }
  if (words_.size() != header.vocab_size || uni->size != words_.size() * 2 * sizeof(float)) {
    return Damaged(path, "vocabulary size does not match the header");
  }
  for (size_t i = 0; i < words_.size(); ++i) ids_.emplace(words_[i], static_cast<WordId>(i));
  unigrams_ = reinterpret_cast<const float*>(uni->data);
  for (int n = 2; n <= order_; ++n) {
    const Section* records = Get(sections, fmt::SectionKind::kRecords, n);
    const Section* codebook = Get(sections, fmt::SectionKind::kCodebook, n);
    if (records == nullptr || codebook == nullptr) {
      return Damaged(path, "missing order " + std::to_string(n) + " table");
    }
    SOHOA_RETURN_IF_ERROR(ParseTable(path, n, records->data, records->size, codebook->data,
                                     codebook->size));
  }
  return Status::Ok();
}

Status NgramModel::ParseTable(const std::string& path, int order, const uint8_t* records,
                              uint64_t records_size, const uint8_t* codebook,
                              uint64_t codebook_size) {
  const std::string where = "order " + std::to_string(order) + " table";
  Table& t = tables_[order];
  t.slots = records_size / fmt::kRecordSize;
  if (t.slots == 0 || records_size % fmt::kRecordSize != 0 ||
      codebook_size != 512 * sizeof(float)) {
    return Damaged(path, where + ": section sizes disagree");
  }
  t.records = records;
  t.codebook = reinterpret_cast<const float*>(codebook);
  for (uint64_t i = 0; i < t.slots; ++i) {
    uint32_t fp;
    std::memcpy(&fp, records + i * fmt::kRecordSize, sizeof(fp));
    t.size += fp != 0;
  }
  if (t.size == t.slots) return Damaged(path, where + ": hash table has no empty slot");
  return Status::Ok();
}

WordId NgramModel::Find(std::string_view word) const {
  auto it = ids_.find(word);
  return it == ids_.end() ? kUnknownId : it->second;
}

std::string NgramModel::MetadataValue(std::string_view key) const {
  std::string_view all = metadata_;
  for (size_t pos = 0; pos < all.size();) {
    size_t end = all.find('\n', pos);
    if (end == std::string_view::npos) end = all.size();
    std::string_view line = all.substr(pos, end - pos);
    if (line.size() > key.size() && line.substr(0, key.size()) == key &&
        line[key.size()] == '=') {
      return std::string(line.substr(key.size() + 1));
    }
    pos = end + 1;
  }
  return std::string();
}

size_t NgramModel::NgramCount(int order) const {
  if (order == 1) return words_.size();
  return (order >= 2 && order <= order_) ? tables_[order].size : 0;
}

const uint8_t* NgramModel::FindNgram(int order, uint64_t packed) const {
  const Table& t = tables_[order];
  const uint64_t h = lm_format::NgramHash(packed, order);
  const uint32_t fp = lm_format::Fingerprint(h);
  uint64_t i = lm_format::FirstSlot(h, t.slots);
  for (uint64_t probes = 0; probes < t.slots; ++probes) {
    const uint8_t* r = t.records + i * fmt::kRecordSize;
    uint32_t got;
    std::memcpy(&got, r, sizeof(got));
    if (got == fp) return r;
    if (got == 0) return nullptr;
    if (++i == t.slots) i = 0;
  }
  return nullptr;
}

float NgramModel::Backoff(int order, uint64_t packed) const {
  if (order == 1) return unigrams_[2 * packed + 1];
  const uint8_t* r = FindNgram(order, packed);
  return r == nullptr ? 0.0f : tables_[order].Backoff(r);
}

void NgramModel::Prefetch(const LmState& in, WordId word) const {
  uint64_t key = word;
  for (int k = 0; k < in.length && k + 2 <= order_; ++k) {
    key |= static_cast<uint64_t>(in.words[k]) << (16 * (k + 1));
    const Table& t = tables_[k + 2];
    const uint64_t h = lm_format::NgramHash(key, k + 2);
    __builtin_prefetch(t.records + lm_format::FirstSlot(h, t.slots) * fmt::kRecordSize);
  }
}

LmState NgramModel::BeginState() const {
  LmState s;
  if (order_ > 1) {
    s.words[0] = kBeginId;
    s.backoff[0] = unigrams_[2 * kBeginId + 1];
    s.length = 1;
  }
  return s;
}

float NgramModel::ScoreState(const LmState& in, WordId word, LmState* out) const {
  float prob = unigrams_[2 * word];
  out->words[0] = word;
  out->backoff[0] = unigrams_[2 * word + 1];
  int matched = 1;  // length of the longest n-gram found, ending in `word`
  uint64_t key = word;
  for (int k = 0; k < in.length && matched < order_; ++k) {
    key |= static_cast<uint64_t>(in.words[k]) << (16 * (k + 1));
    int order = k + 2;
    const uint8_t* r = FindNgram(order, key);
    if (r == nullptr) break;
    const Table& t = tables_[order];
    prob = t.Prob(r);
    if (order < 4) {
      out->words[order - 1] = in.words[k];
      out->backoff[order - 1] = t.Backoff(r);
    }
    matched = order;
  }
  for (int j = matched - 1; j < in.length; ++j) prob += in.backoff[j];
  out->length = std::min(matched, std::min(order_ - 1, 3));
  return prob;
}

float NgramModel::Score(const WordId* context, int context_length, WordId word) const {
  int n = std::min(context_length, order_ - 1);
  const WordId* c = context + context_length - n;
  float backoff = 0.0f;
  for (int k = n; k >= 1; --k) {
    uint64_t ctx = 0;
    for (int i = n - k; i < n; ++i) ctx = (ctx << 16) | c[i];
    const uint8_t* r = FindNgram(k + 1, (ctx << 16) | word);
    if (r != nullptr) return backoff + tables_[k + 1].Prob(r);
    backoff += Backoff(k, ctx);
  }
  return backoff + unigrams_[2 * word];
}

}  // namespace sohoa::restore
