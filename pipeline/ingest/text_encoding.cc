// Telling a text's encoding by how Vietnamese each reading of it is.
//
// A reading's score (0..1) is the mean of: the share of its words that are
// well-formed syllables; the share that are well-formed and carry diacritics
// (against the three in four real Vietnamese has, capped at one in two); and,
// with a TextScorer, the language model's score per word mapped onto 0..1. A
// wrong reading turns accented letters into symbols, wrong letters or
// impossible syllables ("KÕ ho¹ch"), so it loses on all three.
#include "pipeline/ingest/text_encoding.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>

#include "pipeline/base/format.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/ingest/legacy_charsets.h"

namespace sohoa {
namespace {

// Accented share at and above which a reading counts as fully accented.
constexpr double kFullAccentShare = 0.5;
// Language-model log10 probability per word mapped to 0 and to 1: garbage is
// mostly unknown words, real administrative prose scores about -3.
constexpr double kLmFloor = -6.0;
constexpr double kLmCeiling = -2.5;
// A misread undone must beat Unicode text as it is by this much (see Gain());
// VIQR, already gated by its share of marked words, by the second.
constexpr double kMinGainOverAsIs = 0.3;
constexpr double kMinViqrGain = 0.05;
// A reading is Vietnamese enough when at least this share of its accented
// words are well-formed syllables.
constexpr double kMinAccentedValid = 0.6;
// The language model scores only readings this close to the best by syllables.
constexpr double kLmWindow = 0.15;
// VIQR is considered when this share of ASCII text's words carry its marks.
constexpr double kMinViqrMarked = 0.2;
// Broken UTF-8 is still a candidate with at most this share of its
// non-ASCII bytes broken, plus a few (one lost byte breaks two or three).
constexpr double kMaxBrokenUtf8 = 0.05;
constexpr size_t kFewBrokenUtf8 = 3;

bool FewBroken(size_t broken, size_t non_ascii) {
  return broken <= kFewBrokenUtf8 + kMaxBrokenUtf8 * non_ascii;
}
// Readings are first judged on the lines holding non-ASCII bytes, from the
// top, up to kSampleBytes: enough accented words to tell encodings apart at a
// small part of the cost of the whole text. ASCII text (VIQR or not) is
// judged on its first kHeadBytes, as its marked words are sparser (a VIQR
// table of figures needs them). The whole text is judged again on a wider
// sample (bounding the memory a huge file costs) when the first leaves the
// winner closer than kClearMargin.
constexpr size_t kSampleBytes = 400;
constexpr size_t kHeadBytes = 600;
constexpr size_t kWideSampleBytes = 64 * 1024;
constexpr double kClearMargin = 0.15;

struct NameRow {
  Charset charset;
  const char* display;
  const char* flag;
};
constexpr NameRow kNames[] = {
    {Charset::kUtf8, "UTF-8", "utf-8"},           {Charset::kUtf16Le, "UTF-16LE", "utf-16le"},
    {Charset::kUtf16Be, "UTF-16BE", "utf-16be"},  {Charset::kUtf32Le, "UTF-32LE", "utf-32le"},
    {Charset::kUtf32Be, "UTF-32BE", "utf-32be"},  {Charset::kTcvn3, "TCVN3", "tcvn3"},
    {Charset::kVni, "VNI-Windows", "vni"},        {Charset::kViscii, "VISCII", "viscii"},
    {Charset::kCp1258, "Windows-1258", "cp1258"}, {Charset::kViqr, "VIQR", "viqr"},
};
constexpr std::pair<const char*, const char*> kAliases[] = {
    {"utf8", "utf-8"},          {"tcvn", "tcvn3"},          {"tcvn5712-1", "tcvn3"},
    {"vni-windows", "vni"},     {"windows-1258", "cp1258"}, {"utf-16", "utf-16le"},
    {"utf-32", "utf-32le"},     {"latin-1", "latin1"},      {"iso-8859-1", "latin1"},
    {"windows-1252", "cp1252"},
};
// Charsets whose bytes a misread can have turned into Unicode.
constexpr Charset kMisreadable[] = {Charset::kTcvn3, Charset::kVni, Charset::kViscii,
                                    Charset::kCp1258, Charset::kUtf8};
// Legacy charsets tried on bytes that are not Unicode.
constexpr Charset kLegacy[] = {Charset::kTcvn3, Charset::kVni, Charset::kViscii, Charset::kCp1258};

const NameRow& RowOf(Charset charset) {
  for (const NameRow& row : kNames) {
    if (row.charset == charset) return row;
  }
  return kNames[0];
}

// --- how Vietnamese a reading is ---

bool IsWordChar(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  if (c >= 0x2000 && c <= 0x206F) return false;  // general punctuation
  switch (c) {
    case 0xA0:
    case 0xAB:
    case 0xBB:
    case 0xB0:
    case 0xA7:
    case 0xB7:
    case 0xD7:
    case 0xFEFF:
      return false;
    default:
      return true;  // letters, and the symbols a wrong reading puts inside words
  }
}

struct WordCounts {
  int words = 0;
  int valid = 0;     // well-formed syllables, plausibly cased
  int accented = 0;  // words with a character outside ASCII
  int accented_valid = 0;
};

// Which words are plausible syllables, each word judged once: the readings
// of a text share most of their words. An open-addressing table over one
// buffer of the words, as a text's worth of words is a few hundred.
class SyllableJudge {
 public:
  bool Valid(std::string_view word) {
    const uint64_t hash = Hash(word);
    size_t i = hash & (slots_.size() - 1);
    for (; slots_[i].used; i = (i + 1) & (slots_.size() - 1)) {
      const Slot& slot = slots_[i];
      if (slot.hash == hash && std::string_view(words_).substr(slot.offset, slot.size) == word) {
        return slot.valid;
      }
    }
    const bool valid = vi::IsValidCasedSyllable(word);
    slots_[i] = {hash, static_cast<uint32_t>(words_.size()), static_cast<uint32_t>(word.size()),
                 valid, true};
    words_ += word;
    if (2 * ++count_ > slots_.size()) Grow();
    return valid;
  }

 private:
  struct Slot {
    uint64_t hash = 0;
    uint32_t offset = 0, size = 0;
    bool valid = false, used = false;
  };

  static uint64_t Hash(std::string_view word) {  // FNV-1a
    uint64_t h = 14695981039346656037ull;
    for (char c : word) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
  }

  void Grow() {
    std::vector<Slot> old(2 * slots_.size());
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (!slot.used) continue;
      size_t i = slot.hash & (slots_.size() - 1);
      while (slots_[i].used) i = (i + 1) & (slots_.size() - 1);
      slots_[i] = slot;
    }
  }

  std::vector<Slot> slots_ = std::vector<Slot>(512);  // a power of two
  std::string words_;
  size_t count_ = 0;
};

void CountWord(std::string_view word, bool accented, SyllableJudge* judge, WordCounts* counts) {
  ++counts->words;
  const bool valid = judge->Valid(word);
  counts->valid += valid;
  counts->accented += accented;
  counts->accented_valid += accented && valid;
}

WordCounts CountWords(std::string_view text, SyllableJudge* judge) {
  WordCounts counts;
  size_t start = 0;
  bool in_word = false, accented = false;
  for (size_t pos = 0; pos < text.size();) {
    const size_t here = pos;
    const char32_t c = legacy::NextChar(text, &pos);
    if (IsWordChar(c)) {
      if (!in_word) start = here;
      in_word = true;
      accented = accented || c >= 0x80;
    } else if (in_word) {
      CountWord(text.substr(start, here - start), accented, judge, &counts);
      in_word = accented = false;
    }
  }
  if (in_word) CountWord(text.substr(start), accented, judge, &counts);
  return counts;
}

struct Reading {
  explicit Reading(TextEncoding e = {}, std::string t = "") : encoding(e), text(std::move(t)) {}
  TextEncoding encoding;
  std::string text;
  size_t replaced = 0;
  WordCounts counts;
  double syllables = 0;  // parts of the score, 0..1
  double accents = 0;
  std::optional<double> lm;
  double score = 0;

  bool ReadsWell() const {
    return counts.accented > 0 && counts.accented_valid >= kMinAccentedValid * counts.accented;
  }
  double AccentedValidShare() const {
    return counts.accented > 0 ? static_cast<double>(counts.accented_valid) / counts.accented : 0;
  }
};

void ScoreBySyllables(SyllableJudge* judge, Reading* r) {
  r->counts = CountWords(r->text, judge);
  const double words = std::max(1, r->counts.words);
  r->syllables = r->counts.valid / words;
  r->accents = std::min(1.0, r->counts.accented_valid / words / kFullAccentShare);
  r->score = (r->syllables + r->accents) / 2;
}

void AddLmScore(const TextScorer& scorer, Reading* r) {
  r->lm = scorer.Log10ProbPerWord(r->text);
  if (!r->lm) return;
  const double lm = std::clamp((*r->lm - kLmFloor) / (kLmCeiling - kLmFloor), 0.0, 1.0);
  r->score = (r->syllables + r->accents + lm) / 3;
}

// Scores every reading; the language model is asked only when the syllables
// leave more than one in the running, and only about those. Returns them
// best first.
void ScoreAll(const TextScorer* scorer, SyllableJudge* judge, std::vector<Reading>* readings) {
  for (Reading& r : *readings) ScoreBySyllables(judge, &r);
  double best = 0;
  int in_running = 0;
  for (const Reading& r : *readings) best = std::max(best, r.score);
  for (const Reading& r : *readings) in_running += r.score >= best - kLmWindow;
  if (scorer != nullptr && in_running > 1) {
    for (Reading& r : *readings) {
      if (r.score >= best - kLmWindow) {
        AddLmScore(*scorer, &r);
      } else {
        r.score = (r.syllables + r.accents) / 3;  // too far behind for the model to matter
      }
    }
  }
  std::stable_sort(readings->begin(), readings->end(),
                   [](const Reading& a, const Reading& b) { return a.score > b.score; });
}

std::string Note(const Reading& r, std::optional<double> margin) {
  std::string note = "decoded as " + EncodingDisplayName(r.encoding);
  std::string details;
  if (margin) details = "margin " + FormatFixed(*margin, 2);
  if (r.replaced > 0) {
    if (!details.empty()) details += "; ";
    details += std::to_string(r.replaced) + " invalid byte" + (r.replaced == 1 ? "" : "s") +
               " replaced by U+FFFD";
  }
  return details.empty() ? note : note + " (" + details + ")";
}

DecodedText Result(Reading winner, std::optional<double> margin) {
  DecodedText out;
  out.note = Note(winner, margin);
  out.encoding = winner.encoding;
  out.margin = margin;
  out.replaced = winner.replaced;
  out.text = std::move(winner.text);
  return out;
}

// --- the readings of a text ---

size_t NonAsciiBytes(std::string_view bytes) {
  return std::count_if(bytes.begin(), bytes.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
}

// ASCII text that may be VIQR: its VIQR reading, when it has one.
std::vector<Reading> ViqrReadings(std::string_view text) {
  std::vector<Reading> readings;
  legacy::ViqrStats stats;
  std::string viqr = legacy::DecodeViqr(text, &stats);
  if (stats.strong > 0 && stats.marked >= kMinViqrMarked * stats.words) {
    readings.emplace_back(TextEncoding{Charset::kViqr}, std::move(viqr));
  }
  return readings;
}

// The bytes Unicode text was read from, if it is a misread (see
// legacy::UnreadWestern), and how it was misread.
struct Unread {
  std::string bytes;
  Misread misread = Misread::kNone;
};

std::optional<Unread> UnreadText(std::string_view text) {
  std::optional<std::string> bytes = legacy::UnreadWestern(text);
  if (!bytes) return std::nullopt;
  return Unread{std::move(*bytes), legacy::MisreadShown(text)};
}

// The reading of misread text in `charset`; nothing when it is the text as
// it is, or UTF-8 too broken to be one.
std::optional<Reading> MisreadReading(std::string_view text, const Unread& unread,
                                      Charset charset) {
  Reading r({charset, unread.misread});
  if (charset != Charset::kUtf8) {
    r.text = legacy::Decode(unread.bytes, charset, &r.replaced);
  } else {
    r.text = legacy::Decode(legacy::RestoreLostNoBreakSpaces(unread.bytes), charset, &r.replaced);
    // Copies through Windows-1252 often lose its five undefined bytes ("ờ"
    // ends in one): a few broken sequences still leave UTF-8 in the running.
    if (!FewBroken(r.replaced, NonAsciiBytes(unread.bytes))) return std::nullopt;
  }
  if (r.text == text) return std::nullopt;
  return r;
}

std::vector<std::string_view> Chunks(std::string_view text) {
  std::array<bool, 256> space;  // std::isspace, asked once per byte value
  for (int b = 0; b < 256; ++b) space[b] = std::isspace(b) != 0;
  std::vector<std::string_view> chunks;
  size_t start = 0;
  for (size_t i = 0; i <= text.size(); ++i) {
    if (i < text.size() && !space[static_cast<unsigned char>(text[i])]) continue;
    if (i > start) chunks.push_back(text.substr(start, i - start));
    start = i + 1;
  }
  return chunks;
}

double SyllableShare(const WordCounts& counts) {
  return counts.words > 0 ? static_cast<double>(counts.valid) / counts.words : 0;
}

void Add(const WordCounts& more, WordCounts* counts) {
  counts->words += more.words;
  counts->valid += more.valid;
  counts->accented += more.accented;
  counts->accented_valid += more.accented_valid;
}

// How much better `other` reads than `as_is`. For a misread undone, on the
// words where they differ (the rest says nothing about which is right); for
// VIQR, whose marks are punctuation to the text as it is, and for texts whose
// words do not pair up, on the whole score.
double Gain(const Reading& as_is, const Reading& other, SyllableJudge* judge) {
  const std::vector<std::string_view> a = Chunks(as_is.text), b = Chunks(other.text);
  if (other.encoding.charset == Charset::kViqr || a.size() != b.size()) {
    return other.score - as_is.score;
  }
  // The chunks hold no space, so no word spans two: counting them one by one
  // counts the words of the differing chunks joined by spaces.
  WordCounts a_diff, b_diff;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i] == b[i]) continue;
    Add(CountWords(a[i], judge), &a_diff);
    Add(CountWords(b[i], judge), &b_diff);
  }
  return SyllableShare(b_diff) - SyllableShare(a_diff);
}

// The lines of `text` holding a byte outside ASCII, from the top, up to
// about `budget` bytes (a longer line is cut at a space); all of `text` when
// it is not much longer than that.
std::string Sample(std::string_view text, size_t budget) {
  if (text.size() <= 2 * budget) return std::string(text);
  std::string sample;
  for (size_t start = 0; start < text.size() && sample.size() < budget;) {
    const size_t newline = text.find('\n', start);
    const size_t end = newline == std::string_view::npos ? text.size() : newline + 1;
    std::string_view line = text.substr(start, end - start);
    start = end;
    if (!HasNonAscii(line)) continue;
    if (line.size() > budget) {
      const size_t space = line.rfind(' ', budget);
      line = line.substr(0, space == std::string_view::npos || space == 0 ? budget : space);
    }
    sample += line;
  }
  return sample;
}

bool Clear(const std::vector<Reading>& ranked) {
  return ranked.front().ReadsWell() &&
         (ranked.size() == 1 || ranked.front().score - ranked[1].score >= kClearMargin);
}

// What judging Unicode text against its misread readings decided.
struct Verdict {
  std::optional<TextEncoding> repair;  // none: keep the text as it is
  std::optional<double> margin;        // as DecodedText::margin
};

// `readings` (of `text`) against the text as it is.
Verdict Judge(std::string_view text, const TextScorer* scorer, SyllableJudge* judge,
              std::vector<Reading> readings) {
  readings.emplace_back(TextEncoding{}, std::string(text));
  ScoreAll(scorer, judge, &readings);
  auto kept = std::find_if(readings.begin(), readings.end(), [](const Reading& r) {
    return r.encoding.misread == Misread::kNone && r.encoding.charset != Charset::kViqr;
  });
  const Reading& best = readings.front();
  const double needed = best.encoding.charset == Charset::kViqr ? kMinViqrGain : kMinGainOverAsIs;
  if (kept != readings.begin() && best.ReadsWell() && Gain(*kept, best, judge) >= needed) {
    return {best.encoding, best.score - readings[1].score};
  }
  double other = 0;
  for (const Reading& r : readings) {
    if (&r != &*kept) other = std::max(other, r.score);
  }
  return {std::nullopt, kept->score - other};  // below zero: others scored, not by enough
}

Verdict JudgeUnicodeText(std::string_view text, const TextScorer* scorer) {
  SyllableJudge judge;
  if (!HasNonAscii(text)) {
    std::vector<Reading> viqr = ViqrReadings(text);
    return viqr.empty() ? Verdict{} : Judge(text, scorer, &judge, std::move(viqr));
  }
  const std::optional<Unread> unread = UnreadText(text);
  if (!unread) return {};
  // UTF-8 misread shows itself: bytes that are whole multi-byte UTF-8 do not
  // come from an 8-bit code page by chance. When that reading is a repair,
  // the legacy readings of the same bytes are not tried (its margin is then
  // over the text as it is).
  std::optional<Reading> utf8 = MisreadReading(text, *unread, Charset::kUtf8);
  if (utf8 && utf8->replaced == 0) {
    Verdict verdict = Judge(text, scorer, &judge, {*utf8});
    if (verdict.repair) return verdict;
  }
  std::vector<Reading> readings;
  for (Charset charset : kMisreadable) {
    if (charset == Charset::kUtf8) {
      if (utf8) readings.push_back(std::move(*utf8));
    } else if (std::optional<Reading> r = MisreadReading(text, *unread, charset)) {
      readings.push_back(std::move(*r));
    }
  }
  return readings.empty() ? Verdict{} : Judge(text, scorer, &judge, std::move(readings));
}

// Undoes the misread `encoding` on all of `text`; nothing when a character
// of it is outside the code page.
std::optional<Reading> Repair(std::string_view text, TextEncoding encoding) {
  Reading r(encoding);
  if (encoding.charset == Charset::kViqr) {
    r.text = legacy::DecodeViqr(text);
    return r;
  }
  std::optional<std::string> bytes = legacy::UnreadWestern(text);
  if (!bytes) return std::nullopt;
  if (encoding.charset == Charset::kUtf8) *bytes = legacy::RestoreLostNoBreakSpaces(*bytes);
  r.text = legacy::Decode(*bytes, encoding.charset, &r.replaced);
  return r;
}

// The first lines of `text`, up to about `budget` bytes.
std::string Head(std::string_view text, size_t budget) {
  if (text.size() <= 2 * budget) return std::string(text);
  const size_t newline = text.find('\n', budget);
  return std::string(text.substr(0, newline == std::string_view::npos ? text.size() : newline));
}

// Unicode text as it is against its misread readings, judged on a sample of
// it (its accented lines; the head of ASCII text, for VIQR) and, when the
// sample's verdict does not hold for all of it, on a wider one.
DecodedText JudgeUnicode(Reading as_is, const TextScorer* scorer, bool* repaired) {
  *repaired = false;
  const bool ascii = !HasNonAscii(as_is.text);
  const std::string sample =
      ascii ? Head(as_is.text, kHeadBytes) : Sample(as_is.text, kSampleBytes);
  Verdict verdict = JudgeUnicodeText(sample, scorer);
  if (verdict.repair) {
    std::optional<Reading> fixed = Repair(as_is.text, *verdict.repair);
    if (!fixed && sample.size() < as_is.text.size()) {
      verdict = JudgeUnicodeText(
          ascii ? Head(as_is.text, kWideSampleBytes) : Sample(as_is.text, kWideSampleBytes),
          scorer);
      if (verdict.repair) fixed = Repair(as_is.text, *verdict.repair);
    }
    if (fixed) {
      *repaired = true;
      return Result(std::move(*fixed), verdict.margin);
    }
  }
  return Result(std::move(as_is), verdict.margin);
}

std::optional<Charset> ByteOrderMark(std::string_view bytes) {
  using std::string_view_literals::operator""sv;
  if (bytes.starts_with("\xFF\xFE\0\0"sv)) return Charset::kUtf32Le;
  if (bytes.starts_with("\0\0\xFE\xFF"sv)) return Charset::kUtf32Be;
  if (bytes.starts_with("\xFF\xFE"sv)) return Charset::kUtf16Le;
  if (bytes.starts_with("\xFE\xFF"sv)) return Charset::kUtf16Be;
  return std::nullopt;
}

// IsValidUtf8 (pipeline/base/utf8.h), with ASCII taken inline.
bool ValidUtf8(std::string_view bytes) {
  for (size_t pos = 0; pos < bytes.size();) {
    const size_t start = pos;
    if (legacy::NextChar(bytes, &pos) == kReplacementChar &&
        bytes.substr(start, pos - start) != "\xEF\xBF\xBD") {
      return false;
    }
  }
  return true;
}

size_t BrokenUtf8Bytes(std::string_view bytes) {
  size_t broken = 0;
  for (size_t pos = 0; pos < bytes.size();) {
    const size_t start = pos;
    if (legacy::NextChar(bytes, &pos) == kReplacementChar &&
        bytes.substr(start, 3) != "\xEF\xBF\xBD") {
      ++broken;
    }
  }
  return broken;
}

std::vector<Reading> LegacyReadings(std::string_view bytes, bool with_utf8) {
  std::vector<Reading> readings;
  for (Charset charset : kLegacy) {
    Reading r({charset, Misread::kNone});
    r.text = legacy::Decode(bytes, charset, &r.replaced);
    readings.push_back(std::move(r));
  }
  if (with_utf8) {
    Reading r({Charset::kUtf8, Misread::kNone});
    r.text = legacy::Decode(bytes, Charset::kUtf8, &r.replaced);
    readings.push_back(std::move(r));
  }
  return readings;
}

StatusOr<DecodedText> DecodeLegacy(std::string_view bytes, const std::string& path,
                                   const TextScorer* scorer) {
  std::vector<Reading> readings;
  SyllableJudge judge;
  for (size_t budget : {kSampleBytes, kWideSampleBytes}) {
    const std::string sample = Sample(bytes, budget);
    readings = LegacyReadings(sample, FewBroken(BrokenUtf8Bytes(sample), NonAsciiBytes(sample)));
    ScoreAll(scorer, &judge, &readings);
    if (Clear(readings) || sample.size() == bytes.size()) break;
  }
  const Reading& best = readings.front();
  if (!best.ReadsWell()) {
    return InvalidArgumentError(
        path + ": cannot tell the text's encoding: it is not UTF-8, and its best reading (" +
        EncodingDisplayName(best.encoding) + ") has only " + FormatPercent(best.AccentedValidShare()) +
        " of its accented words as Vietnamese syllables; name the encoding with --encoding");
  }
  Reading winner(best.encoding);
  winner.text = legacy::Decode(bytes, winner.encoding.charset, &winner.replaced);
  return Result(std::move(winner), best.score - readings[1].score);
}

StatusOr<DecodedText> DecodeForced(std::string_view bytes, const std::string& path,
                                   TextEncoding encoding) {
  Reading r(encoding);
  if (encoding.misread == Misread::kNone) {
    r.text = legacy::Decode(bytes, encoding.charset, &r.replaced);
  } else {
    std::optional<std::string> unread =
        legacy::UnreadWestern(legacy::Decode(bytes, Charset::kUtf8, &r.replaced));
    if (!unread || r.replaced > 0) {
      return InvalidArgumentError(
          path + ": is not " + EncodingDisplayName(encoding) +
          " (--encoding): it holds characters " +
          (r.replaced > 0 ? "that are not UTF-8" : "outside that code page"));
    }
    r.text = legacy::Decode(*unread, encoding.charset, &r.replaced);
  }
  DecodedText out = Result(std::move(r), std::nullopt);
  out.note += " as --encoding asked";
  return out;
}

}  // namespace

std::string EncodingDisplayName(TextEncoding encoding) {
  std::string name = RowOf(encoding.charset).display;
  if (encoding.misread == Misread::kCp1252) name += " read as Windows-1252";
  if (encoding.misread == Misread::kLatin1) name += " read as Latin-1";
  return name;
}

std::string EncodingFlagName(TextEncoding encoding) {
  std::string name = RowOf(encoding.charset).flag;
  if (encoding.misread == Misread::kCp1252) name += "-as-cp1252";
  if (encoding.misread == Misread::kLatin1) name += "-as-latin1";
  return name;
}

std::optional<TextEncoding> ParseEncodingName(std::string_view name) {
  std::string lower;
  for (char c : name)
    lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  auto resolve = [](std::string s) {
    for (const auto& [alias, flag] : kAliases) {
      if (s == alias) return std::string(flag);
    }
    return s;
  };
  std::string charset_part = lower, misread_part;
  if (size_t as = lower.find("-as-"); as != std::string::npos) {
    charset_part = lower.substr(0, as);
    misread_part = resolve(lower.substr(as + 4));
  }
  charset_part = resolve(charset_part);
  TextEncoding encoding;
  if (misread_part == "cp1252") {
    encoding.misread = Misread::kCp1252;
  } else if (misread_part == "latin1") {
    encoding.misread = Misread::kLatin1;
  } else if (!misread_part.empty()) {
    return std::nullopt;
  }
  for (const NameRow& row : kNames) {
    if (charset_part != row.flag) continue;
    encoding.charset = row.charset;
    if (encoding.misread != Misread::kNone &&
        std::find(std::begin(kMisreadable), std::end(kMisreadable), row.charset) ==
            std::end(kMisreadable)) {
      return std::nullopt;
    }
    return encoding;
  }
  return std::nullopt;
}

std::vector<std::string> EncodingFlagNames() {
  std::vector<std::string> names;
  for (const NameRow& row : kNames) names.push_back(row.flag);
  for (Misread misread : {Misread::kCp1252, Misread::kLatin1}) {
    for (Charset charset : kMisreadable) names.push_back(EncodingFlagName({charset, misread}));
  }
  return names;
}

StatusOr<DecodedText> DecodeText(std::string_view bytes, const std::string& path,
                                 const DecodeOptions& options) {
  if (options.forced) return DecodeForced(bytes, path, *options.forced);
  Reading as_is;
  if (std::optional<Charset> bom = ByteOrderMark(bytes)) {
    as_is.encoding.charset = *bom;
    as_is.text = legacy::Decode(bytes, *bom, &as_is.replaced);
    if (as_is.replaced > 0) {
      return InvalidArgumentError(path + ": starts with a " + EncodingDisplayName(as_is.encoding) +
                                  " byte-order mark but is not valid " +
                                  EncodingDisplayName(as_is.encoding) + " (" +
                                  std::to_string(as_is.replaced) + " bad code units)");
    }
  } else if (ValidUtf8(bytes)) {
    as_is.text = std::string(bytes);
  } else {
    return DecodeLegacy(bytes, path, options.scorer);
  }
  bool repaired = false;
  return JudgeUnicode(std::move(as_is), options.scorer, &repaired);
}

std::optional<DecodedText> RepairLegacyText(std::string_view utf8, const TextScorer* scorer) {
  Reading as_is;
  as_is.text = SanitizeUtf8(utf8);
  bool repaired = false;
  DecodedText out = JudgeUnicode(std::move(as_is), scorer, &repaired);
  if (!repaired) return std::nullopt;
  return out;
}

}  // namespace sohoa
