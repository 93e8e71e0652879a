// SHA-256 (FIPS 180-4). Documents are identified by the SHA-256 of their
// bytes. Written here rather than pulling in a crypto library for one hash.
#ifndef SOHOA_PIPELINE_BASE_SHA256_H_
#define SOHOA_PIPELINE_BASE_SHA256_H_

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace sohoa {

// Incremental hasher. Not thread-safe; use one per thread.
class Sha256 {
 public:
  Sha256();
  void Update(std::string_view data);
  // Finishes and returns the 32-byte digest; the hasher must not be reused.
  std::array<uint8_t, 32> Finish();

 private:
  void Block(const uint8_t* p);
  uint32_t h_[8];
  uint8_t buffer_[64];
  size_t buffered_ = 0;
  uint64_t total_bytes_ = 0;
};

// Lowercase hex SHA-256 of `data`.
std::string Sha256Hex(std::string_view data);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_BASE_SHA256_H_
