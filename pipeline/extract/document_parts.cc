#include "pipeline/extract/document_parts.h"

#include <algorithm>
#include <vector>

#include "pipeline/base/utf8.h"
#include "pipeline/extract/builder_common.h"

namespace sohoa::build {
namespace {

// "tinh Tay\nNinh ve" -> "tỉnh Tây Ninh": the level word, then the words
// that start with a capital letter.
std::string PlacePhrase(const Slot& slot, const CanonTable& canon) {
  std::vector<std::string_view> words = Words(slot.original);
  if (words.empty()) return "";
  size_t level_words = 1;
  std::string first = canon.Key(words[0]);
  if (words.size() > 1) {
    std::string two = first + " " + canon.Key(words[1]);
    if (canon.vocabulary().Has(kLevelWords, two)) level_words = 2;
  }
  std::string level;
  for (size_t k = 0; k < level_words; ++k)
    level += std::string(k ? " " : "") + std::string(words[k]);
  std::string name;
  for (size_t k = level_words; k < words.size() && IsUpperInitial(words[k]); ++k) {
    name += std::string(name.empty() ? "" : " ") + std::string(words[k]);
  }
  std::string out = canon.Restore(level, false);
  std::transform(out.begin(), out.begin() + std::min<size_t>(1, out.size()), out.begin(),
                 [](char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; });
  if (name.empty()) return out;
  std::string place = canon.Lookup("place", Clean(name));
  if (place.empty()) place = canon.AccentPlace(canon.Key(level), Clean(name));
  return out + " " + (place.empty() ? ProperCaseCapitals(Clean(name)) : place);
}

// Splits a symbol at '-' and '/' into its parts, keeping the separators
// as parts of their own; spaces are dropped.
std::vector<std::string> SymbolParts(std::string_view text) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == '-' || c == '/') {
      parts.emplace_back(1, c);
      parts.emplace_back();
    } else if (c != ' ' && c != '\n' && c != '\t') {
      parts.back().push_back(c);
    }
  }
  return parts;
}

// A symbol part as written is trusted when it is letters only and shows
// what folding loses: an Đ ("BGDĐT") or lowercase letters ("TTg", "GDTrH").
bool TrustWrittenPart(std::string_view part) {
  bool telling = false;
  for (size_t pos = 0; pos < part.size();) {
    char32_t c = DecodeUtf8(part, &pos);
    if (c == U'Đ' || (c >= 'a' && c <= 'z')) {
      telling = true;
    } else if (!(c >= 'A' && c <= 'Z')) {
      return false;
    }
  }
  return telling;
}

// A symbol part the table does not know, as OCR may have slipped on it: a
// letter O before a final digit is a zero ("pco7" -> "pc07"); one letter
// read for a look-alike ("binmt" -> "btnmt") is put back when that makes a
// part the table knows, and only one. Returns the table's part, or "".
std::string MendedPart(std::string* clean, const CanonTable& canon) {
  const size_t n = clean->size();
  if (n >= 2 && (*clean)[n - 2] == 'o' && (*clean)[n - 1] >= '0' && (*clean)[n - 1] <= '9') {
    (*clean)[n - 2] = '0';
  }
  if (n < 4) return "";
  static constexpr std::pair<char, char> kLookAlikes[] = {
      {'i', 't'}, {'l', 't'}, {'i', 'l'}, {'o', 'd'}, {'d', 'o'}, {'h', 'n'}, {'n', 'h'}};
  std::string found;
  for (size_t i = 0; i < n; ++i) {
    for (const auto& [seen, meant] : kLookAlikes) {
      if ((*clean)[i] != seen) continue;
      std::string variant = *clean;
      variant[i] = meant;
      std::string canonical = canon.Lookup("symbol", variant);
      if (canonical.empty() || canonical == found) continue;
      if (!found.empty()) return "";  // two parts fit: no guess
      found = canonical;
    }
  }
  return found;
}

}  // namespace

std::string IssuerName(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx) {
  const Slot* body = Get(slots, "issuer");
  if (!body) return "";
  const std::string written = Clean(body->original);
  std::string name = canon.Lookup("issuer", written);
  if (name.empty() && AllInCapitals(written)) {
    name = canon.Lookup("agency", written);
    if (name.empty()) name = canon.NameInCapitals(canon.Restore(written, true));
  }
  if (name.empty()) {
    name = CapitalizeFirst(NameCaseCapitals(canon.Restore(written, true), canon.vocabulary()));
  }
  const Slot* place = Get(slots, "issuer_place");
  if (place) {
    std::string phrase = PlacePhrase(*place, canon);
    if (!phrase.empty()) name += " " + phrase;
  }
  // "UBND tỉnh" in a plan of "Ủy ban nhân dân tỉnh Hưng Yên" is that one.
  if (!ctx.issuer.empty() && ctx.issuer.size() > name.size() &&
      ctx.issuer.compare(0, name.size() + 1, name + " ") == 0) {
    std::string rest = ctx.issuer.substr(name.size() + 1);
    if (rest.find(' ') != std::string::npos || name.find(' ') != std::string::npos) {
      if (Words(ctx.issuer).size() == Words(name).size() + Words(rest).size()) name = ctx.issuer;
    }
  }
  return name;
}

std::string CanonicalSymbol(std::string_view folded, std::string_view written,
                            const CanonTable& canon) {
  std::vector<std::string> folded_parts = SymbolParts(folded);
  std::vector<std::string> written_parts = SymbolParts(written);
  const bool aligned = folded_parts.size() == written_parts.size();
  std::string out;
  for (size_t i = 0; i < folded_parts.size(); ++i) {
    const std::string& part = folded_parts[i];
    if (part == "-" || part == "/") {
      out += part;
      continue;
    }
    std::string clean;
    for (char c : part) {
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '&') clean.push_back(c);
    }
    if (clean.empty()) continue;
    std::string found = canon.Lookup("symbol", clean);
    if (found.empty() && aligned && TrustWrittenPart(written_parts[i])) found = written_parts[i];
    if (found.empty()) found = MendedPart(&clean, canon);
    if (found.empty()) {
      found = clean;
      for (char& c : found) c = (c >= 'a' && c <= 'z') ? c - 32 : c;
    }
    out += found;
  }
  return out;
}

}  // namespace sohoa::build
