// A strict reader of one JSON value, for tests that parse sohoa's JSON Lines
// and JSON progress: it fails on malformed text and on an object with the
// same key twice, and hands back the top-level object's members as text.
#ifndef SOHOA_TESTS_OPS_JSON_CHECK_H_
#define SOHOA_TESTS_OPS_JSON_CHECK_H_

#include <map>
#include <string>

namespace sohoa::testing_json {

struct Parsed {
  bool ok = false;
  std::string error;                      // why not, when !ok
  std::map<std::string, std::string> top;  // top-level key -> value as written (strings unquoted)
};

// Parses `text` as exactly one JSON object.
Parsed ParseObject(const std::string& text);

}  // namespace sohoa::testing_json

#endif  // SOHOA_TESTS_OPS_JSON_CHECK_H_
