// The on-disk layout of a restoration language model (internal to
// pipeline/restore: the builder writes it, NgramModel reads it).
//
// A file is a FileHeader, a table of `section_count` SectionEntry, then the
// sections, each aligned to 8 bytes. All integers are little-endian. Every
// section carries a checksum, and the header carries one over itself and the
// section table, so a damaged or truncated file is refused at load.
//
// Sections: metadata (UTF-8 "key=value" lines), vocabulary (NUL-terminated
// words in id order), unigrams (float log10 prob, float log10 backoff per
// word), and for each order n >= 2 an open hash of n-grams: bucket offsets
// (uint32, 2^b + 1 of them), 32-bit fingerprints of the n-gram hashes sorted
// by hash, one byte of quantized log10 probability per n-gram, one byte of
// quantized log10 backoff (not for the highest order), and a codebook of 256
// probability then 256 backoff floats.
#ifndef SOHOA_PIPELINE_RESTORE_LM_FORMAT_H_
#define SOHOA_PIPELINE_RESTORE_LM_FORMAT_H_

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace sohoa::restore::lm_format {

inline constexpr char kMagic[16] = {'S', 'O', 'H', 'O', 'A', '-', 'R', 'E',
                                    'S', 'T', 'O', 'R', 'E', '-', 'L', 'M'};
inline constexpr uint32_t kFormatVersion = 1;
inline constexpr uint32_t kEndianCheck = 0x01020304;
inline constexpr int kMaxOrder = 4;  // four 16-bit word ids fill a 64-bit key

struct FileHeader {
  char magic[16];
  uint32_t format_version;
  uint32_t endian_check;
  uint32_t order;
  uint32_t vocab_size;
  uint64_t file_size;
  uint32_t section_count;
  uint32_t reserved;
  uint64_t header_checksum;  // over the header (this field 0) and the section table
};
static_assert(sizeof(FileHeader) == 56);

enum class SectionKind : uint32_t {
  kMetadata = 1,
  kVocabulary = 2,
  kUnigrams = 3,
  kCodebook = 4,
  kBucketOffsets = 5,
  kFingerprints = 6,
  kProbs = 7,
  kBackoffs = 8,
};

struct SectionEntry {
  uint32_t kind;
  uint32_t order;  // the n-gram order a table section belongs to, else 0
  uint64_t offset;
  uint64_t size;
  uint64_t checksum;
};
static_assert(sizeof(SectionEntry) == 32);

inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// The hash an n-gram is stored under: its packed ids salted with its order.
inline uint64_t NgramHash(uint64_t packed_ids, int order) {
  return Mix64(packed_ids ^ (0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(order)));
}

inline uint64_t Checksum(const void* data, size_t size) {
  const auto* p = static_cast<const unsigned char*>(data);
  uint64_t h = 0x84222325cbf29ce4ULL ^ size;
  size_t i = 0;
  for (; i + 8 <= size; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = (h ^ Mix64(w + i)) * 0x9E3779B97F4A7C15ULL;
  }
  uint64_t tail = 0;
  for (; i < size; ++i) tail = (tail << 8) | p[i];
  return Mix64(h ^ tail);
}

}  // namespace sohoa::restore::lm_format

#endif  // SOHOA_PIPELINE_RESTORE_LM_FORMAT_H_
