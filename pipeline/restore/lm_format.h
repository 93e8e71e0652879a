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
// word), and for each order n >= 2 a linear-probing hash table of 6-byte
// records (32-bit fingerprint of the n-gram's hash, never 0; one byte of
// quantized log10 probability; one byte of quantized log10 backoff, 0 for
// the highest order; an empty slot has fingerprint 0) and a codebook of 256
// probability then 256 backoff floats. A lookup costs about one cache miss.
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
  kRecords = 9,
};

inline constexpr size_t kRecordSize = 6;

// Where the probe for hash `h` starts in a table of `slots` records, and the
// fingerprint stored for it.
inline uint64_t FirstSlot(uint64_t h, uint64_t slots) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(h >> 32) * slots) >> 32);
}
inline uint32_t Fingerprint(uint64_t h) {
  uint32_t fp = static_cast<uint32_t>(h);
  return fp == 0 ? 1 : fp;
}

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
