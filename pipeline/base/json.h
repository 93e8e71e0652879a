// A minimal JSON writer for JSON Lines output: one object per line, keys in
// the order written. Strings must be UTF-8 (invalid bytes become U+FFFD).
#ifndef SOHOA_PIPELINE_BASE_JSON_H_
#define SOHOA_PIPELINE_BASE_JSON_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sohoa {

// Appends `s` as a quoted JSON string.
void AppendJsonString(std::string_view s, std::string* out);

// Builds one JSON object. Not thread-safe; cheap to create.
class JsonObject {
 public:
  JsonObject& Add(std::string_view key, std::string_view value);
  JsonObject& Add(std::string_view key, const char* value) {
    return Add(key, std::string_view(value));
  }
  JsonObject& Add(std::string_view key, int64_t value);
  JsonObject& Add(std::string_view key, int value) { return Add(key, int64_t{value}); }
  JsonObject& Add(std::string_view key, uint64_t value);
  JsonObject& Add(std::string_view key, double value);
  JsonObject& Add(std::string_view key, bool value);
  JsonObject& AddNull(std::string_view key);
  JsonObject& Add(std::string_view key, const std::vector<std::string>& values);
  // `json` must already be valid JSON (a nested object or array).
  JsonObject& AddRaw(std::string_view key, std::string_view json);

  // The object, "{...}", without a trailing newline.
  std::string Finish() const { return body_ + "}"; }

 private:
  void Key(std::string_view key);
  std::string body_ = "{";
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_BASE_JSON_H_
