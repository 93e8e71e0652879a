#include "tests/ops/json_check.h"

#include <cctype>
#include <set>

namespace sohoa::testing_json {
namespace {

class Reader {
 public:
  explicit Reader(const std::string& s) : s_(s) {}

  bool Top(Parsed* out) {
    Space();
    if (!Peek('{')) return Fail("not an object");
    if (!Object(&out->top)) return false;
    Space();
    return pos_ == s_.size() || Fail("text after the object");
  }
  std::string error;

 private:
  bool Fail(const std::string& why) {
    if (error.empty()) error = why + " at byte " + std::to_string(pos_);
    return false;
  }
  void Space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Peek(char c) const { return pos_ < s_.size() && s_[pos_] == c; }
  bool Eat(char c) {
    Space();
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }
  bool String(std::string* out) {
    if (!Eat('"')) return Fail("expected a string");
    while (pos_ < s_.size() && s_[pos_] != '"') {
      if (static_cast<unsigned char>(s_[pos_]) < 0x20) return Fail("control character in a string");
      if (s_[pos_] == '\\') {
        if (++pos_ >= s_.size()) return Fail("bad escape");
        char e = s_[pos_];
        if (e == 'u') {
          if (pos_ + 4 >= s_.size()) return Fail("bad \\u escape");
          pos_ += 4;
        } else if (std::string("\"\\/bfnrt").find(e) == std::string::npos) {
          return Fail("bad escape");
        }
        if (out) out->push_back(e == 'n' ? '\n' : e);
        ++pos_;
        continue;
      }
      if (out) out->push_back(s_[pos_]);
      ++pos_;
    }
    if (pos_ >= s_.size()) return Fail("unterminated string");
    ++pos_;
    return true;
  }
  bool Value(std::string* out) {
    Space();
    size_t start = pos_;
    if (Peek('{')) {
      std::map<std::string, std::string> ignored;
      if (!Object(&ignored)) return false;
    } else if (Peek('[')) {
      ++pos_;
      if (!Eat(']')) {
        do {
          if (!Value(nullptr)) return false;
        } while (Eat(','));
        if (!Eat(']')) return Fail("expected ]");
      }
    } else if (Peek('"')) {
      std::string text;
      if (!String(&text)) return false;
      if (out) *out = text;
      return true;
    } else {
      while (pos_ < s_.size() && std::string(",}] \t\n").find(s_[pos_]) == std::string::npos) ++pos_;
      std::string word = s_.substr(start, pos_ - start);
      bool number = !word.empty() && (std::isdigit(static_cast<unsigned char>(word[0])) || word[0] == '-');
      if (word != "true" && word != "false" && word != "null" && !number) return Fail("bad value");
    }
    if (out) *out = s_.substr(start, pos_ - start);
    return true;
  }
  bool Object(std::map<std::string, std::string>* members) {
    if (!Eat('{')) return Fail("expected {");
    std::set<std::string> keys;
    if (Eat('}')) return true;
    do {
      std::string key;
      if (!String(&key)) return false;
      if (!keys.insert(key).second) return Fail("duplicate key \"" + key + "\"");
      if (!Eat(':')) return Fail("expected :");
      std::string value;
      if (!Value(&value)) return false;
      (*members)[key] = value;
    } while (Eat(','));
    return Eat('}') || Fail("expected }");
  }

  const std::string& s_;
  size_t pos_ = 0;
};

}  // namespace

Parsed ParseObject(const std::string& text) {
  Parsed out;
  Reader reader(text);
  out.ok = reader.Top(&out);
  out.error = reader.error;
  return out;
}

}  // namespace sohoa::testing_json
