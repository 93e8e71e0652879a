#include "pipeline/normalize/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uversion.h>
#include <unicode/unistr.h>

#include "pipeline/base/utf8.h"

namespace sohoa {

struct Normalizer::Impl {
  const icu::Normalizer2* nfc = nullptr;
  NormalizeOptions options;
};

namespace {

// Look-alikes and invisible characters. 0 means "drop".
bool MapLookAlike(char32_t c, std::u32string* out) {
  switch (c) {
    case 0x00D0: out->push_back(0x0110); return true;  // Ð (eth) -> Đ
    case 0x00F0: out->push_back(0x0111); return true;  // ð -> đ
    case 0x0189: out->push_back(0x0110); return true;  // Ɖ (African D) -> Đ
    case 0x00A0: case 0x2007: case 0x202F: out->push_back(' '); return true;
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD:
      return true;  // zero-width and soft hyphen: drop
    case 0xFB01: out->append(U"fi"); return true;
    case 0xFB02: out->append(U"fl"); return true;
    case '\r': return true;  // CRLF -> LF; a lone CR is handled by the caller
    default:
      if (c >= 0x2000 && c <= 0x200A) {  // typographic spaces
        out->push_back(' ');
        return true;
      }
      return false;
  }
}

std::u32string MapCharacters(std::string_view text) {
  std::u32string out;
  out.reserve(text.size());
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    if (c == '\r' && (pos >= text.size() || text[pos] != '\n')) {
      out.push_back('\n');  // old Mac line end
      continue;
    }
    if (!MapLookAlike(c, &out)) out.push_back(c);
  }
  return out;
}

// Letters, and combining marks NFC could not attach: a word with a leftover
// mark ("HOẠ" + U+0301) is not a clean syllable, so its tone is left alone.
bool IsWordChar(char32_t c) {
  vi::LetterParts parts;
  return vi::Decompose(c, &parts) || (c >= 0x0300 && c <= 0x036F);
}

// Moves tone marks to the configured place, one run of letters at a time.
std::string PlaceTones(std::string_view text, vi::TonePlacement style) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    size_t start = pos;
    size_t next = pos;
    if (!IsWordChar(DecodeUtf8(text, &next))) {
      out.append(text.substr(start, next - start));
      pos = next;
      continue;
    }
    while (pos < text.size()) {
      next = pos;
      if (!IsWordChar(DecodeUtf8(text, &next))) break;
      pos = next;
    }
    out += vi::PlaceTone(text.substr(start, pos - start), style);
  }
  return out;
}

}  // namespace

StatusOr<std::unique_ptr<Normalizer>> Normalizer::Create(NormalizeOptions options) {
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error) || nfc == nullptr) {
    return InternalError(std::string("ICU NFC data could not be loaded: ") + u_errorName(error) +
                         "; is libicu installed?");
  }
  auto impl = std::make_unique<Impl>();
  impl->nfc = nfc;
  impl->options = options;
  return std::unique_ptr<Normalizer>(new Normalizer(std::move(impl)));
}

Normalizer::Normalizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Normalizer::~Normalizer() = default;

std::string Normalizer::Normalize(std::string_view text) const {
  // Look-alikes first: dropping a zero-width character can bring a letter and
  // a combining mark together, and NFC must see the result.
  std::string mapped;
  mapped.reserve(text.size());
  for (char32_t c : MapCharacters(text)) AppendUtf8(c, &mapped);
  icu::UnicodeString source = icu::UnicodeString::fromUTF8(
      icu::StringPiece(mapped.data(), static_cast<int32_t>(mapped.size())));
  UErrorCode error = U_ZERO_ERROR;
  icu::UnicodeString composed = impl_->nfc->normalize(source, error);
  std::string nfc;
  if (U_FAILURE(error)) {
    nfc = std::move(mapped);  // keep the text rather than lose the page
  } else {
    composed.toUTF8String(nfc);
  }
  return PlaceTones(nfc, impl_->options.tone_placement);
}

std::string Normalizer::IcuVersion() const { return U_ICU_VERSION; }

}  // namespace sohoa
