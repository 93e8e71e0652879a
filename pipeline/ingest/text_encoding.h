// Text encodings: which one a text file (or a PDF text layer) is in, and its
// text as UTF-8.
//
// Archives hold Vietnamese text saved before Unicode was common (TCVN3,
// VNI-Windows, VISCII, Windows-1258, VIQR) and Unicode text that is such a
// file read once through the wrong code page ("KÕ ho¹ch" is TCVN3 read as
// Windows-1252). DecodeText tries every reading that fits the bytes and keeps
// the one that reads most like Vietnamese: the share of words that are valid
// syllables and, with a TextScorer, a language model's score per word. A
// text no reading makes Vietnamese is a failure, never a silent guess; Unicode
// text that reads as it is stays as it is (English, or Vietnamese typed
// without diacritics, is not "repaired").
//
// Everything here is thread-safe: free functions without shared mutable state.
#ifndef SOHOA_PIPELINE_INGEST_TEXT_ENCODING_H_
#define SOHOA_PIPELINE_INGEST_TEXT_ENCODING_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa {

// The character set the bytes of a text are in.
enum class Charset : uint8_t {
  kUtf8,
  kUtf16Le,
  kUtf16Be,
  kUtf32Le,
  kUtf32Be,
  kTcvn3,   // TCVN 5712:1993 (.VnTime fonts); glibc's TCVN5712-1
  kVni,     // VNI-Windows (VNI-Times fonts)
  kViscii,  // VISCII (RFC 1456)
  kCp1258,  // Windows-1258, tone marks as combining characters
  kViqr,    // VIQR: ASCII with marks after vowels, "Ke^' hoa.ch"
};

// A wrong code page a program once read the bytes through before it saved
// them again as Unicode (mojibake).
enum class Misread : uint8_t { kNone, kCp1252, kLatin1 };

struct TextEncoding {
  Charset charset = Charset::kUtf8;
  Misread misread = Misread::kNone;
  bool operator==(const TextEncoding&) const = default;
};

// "TCVN3", "VNI-Windows", "UTF-8 read as Windows-1252".
std::string EncodingDisplayName(TextEncoding encoding);
// The name --encoding takes: "tcvn3", "vni", "utf-8-as-cp1252".
std::string EncodingFlagName(TextEncoding encoding);
// Parses a --encoding name (case-insensitive; aliases such as "windows-1258",
// "tcvn5712-1", "vni-windows", "utf8" are accepted). Nothing when unknown.
std::optional<TextEncoding> ParseEncodingName(std::string_view name);
// Every encoding ParseEncodingName knows, by flag name, for help and errors.
std::vector<std::string> EncodingFlagNames();

// How Vietnamese a text reads to a language model. The driver implements it
// over the restoration model (stages do not call each other). Implementations
// must be safe to call from several threads at once.
class TextScorer {
 public:
  virtual ~TextScorer() = default;
  // Mean log10 probability per word of `text` as written (no restoration);
  // nothing when the text has no words.
  virtual std::optional<double> Log10ProbPerWord(std::string_view text) const = 0;
};

struct DecodeOptions {
  // Set: decode with this encoding, no detection (--encoding).
  std::optional<TextEncoding> forced;
  // Null: readings are judged by their syllables alone.
  const TextScorer* scorer = nullptr;
};

struct DecodedText {
  std::string text;  // UTF-8; line ends and form feeds as the file had them
  TextEncoding encoding;
  // How far the winner read better than the runner-up, on the 0..1 scale of
  // the readings' scores; none when there was no other reading. Below zero
  // when Unicode text was kept as it is although a misread reading scored
  // higher, by less than it takes to change the text.
  std::optional<double> margin;
  size_t replaced = 0;  // bytes that meant nothing in the encoding (now U+FFFD)
  // For the page notes: "decoded as TCVN3 (margin 0.41)".
  std::string note;
};

// Decodes a text file's bytes. UTF-8, and UTF-16/32 with a byte-order mark,
// are taken as they are when valid, unless undoing a misread reads far better;
// other bytes are read as each legacy encoding and the most Vietnamese reading
// wins. Fails with InvalidArgument, naming `path` and the best reading's
// score, when the bytes are not valid Unicode and no reading is Vietnamese
// enough (random bytes, an unknown encoding), or when a forced misread
// cannot be undone.
StatusOr<DecodedText> DecodeText(std::string_view bytes, const std::string& path,
                                 const DecodeOptions& options);

// For PDF text layers whose fonts carry a legacy encoding (.VnTime fonts
// extract as "KÕ ho¹ch"): `utf8` repaired when undoing a misread of a legacy
// encoding makes it read as Vietnamese far better than it reads now; nothing
// when it is not such a layer (then use it as it is).
std::optional<DecodedText> RepairLegacyText(std::string_view utf8, const TextScorer* scorer);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_INGEST_TEXT_ENCODING_H_
