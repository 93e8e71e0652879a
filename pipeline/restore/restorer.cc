#include "pipeline/restore/restorer.h"

#include <sys/stat.h>

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/decoder.h"
#include "pipeline/restore/ngram_model.h"
#include "pipeline/restore/tokenizer.h"

#if __has_include("pipeline/restore/channel/error_channel.h")
#include "pipeline/restore/channel/error_channel.h"
#define SOHOA_RESTORE_HAS_CHANNEL 1
#endif

namespace sohoa {
namespace restore {
namespace {

// What the input looks like as a whole; it decides how much a word's own
// form is trusted.
enum class TextKind {
  kClean,     // correctly accented: change a word only on strong evidence
  kStripped,  // typed or exported without diacritics
  kGarbled,   // wrong-model OCR: the error channel proposes candidates
};

// A sentence being decoded: its slots and, per slot, the token it came from
// and which candidate is the token's own form (-1: none).
struct Segment {
  std::vector<Slot> slots;
  std::vector<size_t> token_index;
  std::vector<int> own_index;

  void Clear() {
    slots.clear();
    token_index.clear();
    own_index.clear();
  }
};

// Vocabulary words a stripped word may turn into: syllables, and words of
// Vietnamese letters that carry diacritics, such as "đ" (a list item),
// "hđnd" (an abbreviation) or "kilôgam" (a loanword).
bool IsRestorable(std::string_view word) {
  if (vi::IsValidSyllable(word)) return true;
  for (size_t pos = 0; pos < word.size();) {
    vi::LetterParts lp;
    if (!vi::Decompose(DecodeUtf8(word, &pos), &lp)) return false;
  }
  return HasDiacritic(word);
}

class NgramRestorer : public DiacriticRestorer {
 public:
  NgramRestorer(std::unique_ptr<NgramModel> model, const RestorerOptions& options)
      : model_(std::move(model)), options_(options) {
    for (size_t id = 0; id < model_->vocab_size(); ++id) {
      std::string_view w = model_->Word(static_cast<WordId>(id));
      if (!IsRestorable(w)) continue;
      LmState none, after;
      if (model_->ScoreState(none, static_cast<WordId>(id), &after) < options_.candidate_floor) {
        continue;
      }
      by_fold_[vi::Fold(w)].push_back(static_cast<WordId>(id));
    }
  }

  std::string Restore(std::string_view text) const override;
  std::optional<double> Log10ProbPerWord(std::string_view text) const override;

  // The words the error channel may propose: candidate words that are not
  // too rare (rare ones crowd the frequent ones out of its short list).
  std::vector<std::string> Syllables() const {
    std::vector<std::string> out;
    for (const auto& [fold, ids] : by_fold_) {
      for (WordId id : ids) {
        LmState none, after;
        if (model_->ScoreState(none, id, &after) >= options_.channel_vocab_floor) {
          out.emplace_back(model_->Word(id));
        }
      }
    }
    return out;
  }

  std::string ModelVersion() const override {
    std::string name = model_->MetadataValue("name");
    std::string created = model_->MetadataValue("created");
    return (name.empty() ? "vi-syllable-ngram" : name) + " " + created + " (" +
           model_->content_id().substr(0, 12) + ")";
  }

 private:
  TextKind Classify(const std::vector<Token>& tokens) const;
  bool has_channel() const {
#ifdef SOHOA_RESTORE_HAS_CHANNEL
    return channel_ != nullptr;
#else
    return false;
#endif
  }
  void AddWordSlot(std::string_view word, TextKind kind, Segment* segment) const;
  // Adds the error channel's candidates for `word`; false when it has none.
  bool AddChannelCandidates(std::string_view word, Slot* slot, bool clean = false) const;
  // In garbled text: joins the pieces of a chunk such as "ngu@i", "c&p" or
  // "s6" into one word when the channel can read it as a syllable.
  std::vector<Token> MergeGarbledChunks(std::string_view text,
                                        const std::vector<Token>& tokens) const;
  // For list items "a)", "b)", ... "d)", "đ)": the letter the previous item
  // implies, when the token could be it.
  std::optional<WordId> ListLetter(std::string_view word, std::string_view previous) const;
  void AddFixedSlot(const Token& token, Segment* segment) const;
  void DecodeSegment(const Segment& segment, const std::vector<Token>& tokens,
                     std::vector<std::string>* replacement) const;

  std::unique_ptr<NgramModel> model_;
  RestorerOptions options_;
  std::unordered_map<std::string, std::vector<WordId>> by_fold_;
#ifdef SOHOA_RESTORE_HAS_CHANNEL
  std::unique_ptr<ErrorChannel> channel_;        // garbled text; may be null
  std::unique_ptr<ErrorChannel> clean_channel_;  // fresh OCR slips; may be null

 public:
  void SetChannel(std::unique_ptr<ErrorChannel> channel) { channel_ = std::move(channel); }
  void SetCleanChannel(std::unique_ptr<ErrorChannel> channel) {
    clean_channel_ = std::move(channel);
  }
#endif
};

// A word in capitals that is no syllable: UBND, TTHC, KH (the caller also
// checks that no syllable has its letters).
bool IsAbbreviation(std::string_view word, const std::string& normalized) {
  return word.size() >= 2 && ApplyCase(normalized, word) == word &&
         ApplyCase(normalized, "AA") == word && !vi::IsValidSyllable(normalized);
}

// True when every code point is a consonant letter: no syllable, and no
// OCR garble of one either (that keeps a vowel, digit or symbol), so
// capitals like "CCHC" or "TTHC" are an abbreviation even when unknown.
bool IsVowelless(std::string_view word) {
  for (size_t pos = 0; pos < word.size();) {
    vi::LetterParts lp;
    if (!vi::Decompose(DecodeUtf8(word, &pos), &lp) || vi::IsVowelBase(lp.base)) return false;
  }
  return true;
}

bool NonWordSlot(const Token& t) {
  return t.kind == TokenKind::kCode || t.kind == TokenKind::kPunct;
}

TextKind NgramRestorer::Classify(const std::vector<Token>& tokens) const {
  size_t words = 0, accented = 0, known_accented = 0;
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord) continue;
    ++words;
    if (!HasDiacritic(t.text)) continue;
    ++accented;
    known_accented += model_->Find(NormalizeWord(t.text)) != kUnknownId;
  }
  if (words > 0 && known_accented >= options_.clean_share * words) return TextKind::kClean;
  if (accented <= options_.stripped_share * words) return TextKind::kStripped;
  return TextKind::kGarbled;
}

bool NgramRestorer::AddChannelCandidates(std::string_view word, Slot* slot, bool clean) const {
#ifdef SOHOA_RESTORE_HAS_CHANNEL
  const ErrorChannel* channel = clean ? clean_channel_.get() : channel_.get();
  if (channel == nullptr) return false;
  constexpr float kLnToLog10 = 0.4342945f;
  bool any = false;
  for (const ChannelCandidate& c : channel->Candidates(word, options_.channel_candidates)) {
    WordId id = model_->Find(c.syllable);
    if (id == kUnknownId) continue;
    float score = options_.channel_weight * c.log_prob * kLnToLog10;
    auto same = std::find_if(slot->begin(), slot->end(),
                             [&](const Candidate& x) { return x.id == id; });
    if (same == slot->end()) {
      slot->push_back({id, score});
    } else {
      same->score = std::max(same->score, score);
    }
    any = true;
  }
  return any;
#else
  (void)word;
  (void)slot;
  (void)clean;
  return false;
#endif
}

// Sentence punctuation around a chunk, which is never part of a word.
bool IsEdgePunct(const Token& t) {
  static constexpr std::string_view kEdge[] = {",", ".", ";", ":", "!", "?", "(", ")",
                                               "\"", "'", "“", "”", "[", "]"};
  if (t.kind != TokenKind::kPunct) return false;
  return std::find(std::begin(kEdge), std::end(kEdge), t.text) != std::end(kEdge);
}

// Whether wrong-model OCR may have made `core` of a word: it has a letter,
// no slash (codes, dates), and is short.
bool MayBeGarbledWord(std::string_view core) {
  if (core.size() > 24 || core.find('/') != std::string_view::npos) return false;
  for (size_t pos = 0; pos < core.size();) {
    vi::LetterParts lp;
    if (vi::Decompose(DecodeUtf8(core, &pos), &lp)) return true;
  }
  return false;
}

std::vector<Token> NgramRestorer::MergeGarbledChunks(std::string_view text,
                                                     const std::vector<Token>& tokens) const {
  std::vector<Token> out;
  out.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size();) {
    if (tokens[i].kind == TokenKind::kSpace || tokens[i].kind == TokenKind::kNewline) {
      out.push_back(tokens[i++]);
      continue;
    }
    size_t j = i;
    while (j < tokens.size() && tokens[j].kind != TokenKind::kSpace &&
           tokens[j].kind != TokenKind::kNewline) {
      ++j;
    }
    size_t a = i, b = j;
    while (a < b && IsEdgePunct(tokens[a])) ++a;
    while (b > a && IsEdgePunct(tokens[b - 1])) --b;
    bool merge = b > a && (b - a >= 2 || tokens[a].kind == TokenKind::kCode);
    std::string_view core;
    if (merge) {
      size_t begin = tokens[a].text.data() - text.data();
      size_t end = tokens[b - 1].text.data() + tokens[b - 1].text.size() - text.data();
      core = text.substr(begin, end - begin);
      Slot probe;
      merge = MayBeGarbledWord(core) && AddChannelCandidates(core, &probe);
    }
    if (!merge) {
      out.insert(out.end(), tokens.begin() + i, tokens.begin() + j);
    } else {
      out.insert(out.end(), tokens.begin() + i, tokens.begin() + a);
      out.push_back({TokenKind::kWord, core});
      out.insert(out.end(), tokens.begin() + b, tokens.begin() + j);
    }
    i = j;
  }
  return out;
}

void NgramRestorer::AddWordSlot(std::string_view word, TextKind kind, Segment* segment) const {
  const std::string own = NormalizeWord(word);
  const WordId own_id = model_->Find(own);
  Slot slot;
  int own_index = -1;
  auto it = by_fold_.find(vi::Fold(own));
  if (it == by_fold_.end() && IsAbbreviation(word, own) &&
      (own_id != kUnknownId || IsVowelless(word))) {
    segment->slots.push_back({{own_id, 0.0f}});
    segment->own_index.push_back(0);
    return;
  }
  const float fold_score = kind == TextKind::kGarbled && has_channel() ? options_.fold_score : 0;
  if (it != by_fold_.end()) {
    for (WordId id : it->second) {
      if (id == own_id) own_index = static_cast<int>(slot.size());
      slot.push_back({id, fold_score});
    }
  }
  if (own_index < 0) {
    own_index = static_cast<int>(slot.size());
    slot.push_back({own_id, fold_score});
  }
  if (kind == TextKind::kGarbled && AddChannelCandidates(word, &slot)) {
    // The channel scored the word's own form too (identity edits).
  } else if (kind == TextKind::kClean) {
    slot[own_index].score += options_.keep_bonus_clean;
    // Fresh OCR slips ("thee" for "theo"): the clean channel proposes, an
    // unknown word yields to a proposal the model knows.
    const size_t before = slot.size();
    if (own_id == kUnknownId && AddChannelCandidates(word, &slot, true) &&
        slot.size() > before) {
      slot[own_index].score += options_.unknown_penalty;
    }
  } else if (own_id != kUnknownId && HasDiacritic(word)) {
    slot[own_index].score += options_.keep_bonus_accented;
  }
  if (own_id == kUnknownId && slot.size() > 1 && kind != TextKind::kClean) {
    // <unk> stands for every unknown word at once: one of them is far less
    // likely than a known word the letters also spell.
    slot[own_index].score += options_.unknown_penalty;
  }
  segment->slots.push_back(std::move(slot));
  segment->own_index.push_back(own_index);
}

void NgramRestorer::AddFixedSlot(const Token& token, Segment* segment) const {
  segment->slots.push_back({{model_->Find(NonWordKey(token)), 0.0f}});
  segment->own_index.push_back(0);
}

void NgramRestorer::DecodeSegment(const Segment& segment, const std::vector<Token>& tokens,
                                  std::vector<std::string>* replacement) const {
  if (segment.slots.empty()) return;
  DecodeResult best =
      DecodeBeam(*model_, segment.slots, options_.beam, options_.beam_threshold);
  for (size_t s = 0; s < segment.slots.size(); ++s) {
    if (best.choice[s] == segment.own_index[s]) continue;
    const Token& token = tokens[segment.token_index[s]];
    WordId id = segment.slots[s][best.choice[s]].id;
    (*replacement)[segment.token_index[s]] = ApplyCase(model_->Word(id), token.text);
  }
}

// Longest stretch decoded at once; longer sentences are cut (rare: about
// 2,000 words without a line ending in . : ; ! ?).
constexpr size_t kMaxSegmentSlots = 2000;

// Letters of Vietnamese list items, in order.
constexpr std::u32string_view kListLetters = U"abcdđeghiklmnopqrstuvxy";

std::optional<WordId> NgramRestorer::ListLetter(std::string_view word,
                                                std::string_view previous) const {
  std::u32string prev;
  for (size_t pos = 0; pos < previous.size();) prev.push_back(DecodeUtf8(previous, &pos));
  if (prev.size() != 1) return std::nullopt;
  size_t at = kListLetters.find(prev[0]);
  if (at == std::u32string_view::npos || at + 1 >= kListLetters.size()) return std::nullopt;
  std::string next;
  AppendUtf8(kListLetters[at + 1], &next);
  if (vi::Fold(next) != vi::Fold(word)) return std::nullopt;
  WordId id = model_->Find(next);
  if (id == kUnknownId) return std::nullopt;
  return id;
}

// True when tokens[i] is a one-letter word opening its line and followed by
// ")" or ".": a list item such as "đ)".
bool IsListMarker(const std::vector<Token>& tokens, size_t i) {
  if (tokens[i].kind != TokenKind::kWord || i + 1 >= tokens.size()) return false;
  size_t pos = 0;
  DecodeUtf8(tokens[i].text, &pos);
  if (pos != tokens[i].text.size()) return false;
  const std::string_view after = tokens[i + 1].text;
  if (after != ")" && after != ".") return false;
  for (size_t j = i; j-- > 0;) {
    if (tokens[j].kind == TokenKind::kNewline) return true;
    if (tokens[j].kind != TokenKind::kSpace) return false;
  }
  return true;
}

std::string NgramRestorer::Restore(std::string_view text) const {
  std::vector<Token> tokens = Tokenize(text);
  const TextKind kind = Classify(tokens);
  if (kind == TextKind::kGarbled && has_channel()) tokens = MergeGarbledChunks(text, tokens);
  std::vector<std::string> replacement(tokens.size());
  Segment segment;
  std::string previous_item;  // letter of the last list item
  size_t line_start = 0;  // byte offset of the current line
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kNewline) {
      size_t here = static_cast<size_t>(t.text.data() - text.data());
      if (EndsSentence(text.substr(line_start, here - line_start))) {
        DecodeSegment(segment, tokens, &replacement);
        segment.Clear();
      }
      line_start = here + t.text.size();
      continue;
    }
    if (t.kind == TokenKind::kWord) {
      segment.token_index.push_back(i);
      std::optional<WordId> letter;
      if (IsListMarker(tokens, i)) {
        letter = ListLetter(t.text, previous_item);
        previous_item = letter ? std::string(model_->Word(*letter)) : NormalizeWord(t.text);
      }
      if (letter) {
        const bool same = model_->Find(NormalizeWord(t.text)) == *letter;
        segment.slots.push_back({{*letter, 0.0f}});
        segment.own_index.push_back(same ? 0 : -1);
      } else {
        AddWordSlot(t.text, kind, &segment);
      }
    } else if (kind == TextKind::kGarbled && t.kind == TokenKind::kCode && t.text.size() <= 3) {
      // "46" may be a number or OCR's "độ": the channel proposes, the model
      // decides, and the number costs nothing.
      segment.token_index.push_back(i);
      AddFixedSlot(t, &segment);
      Slot& slot = segment.slots.back();
      if (AddChannelCandidates(t.text, &slot)) {
        for (size_t c = 1; c < slot.size(); ++c) slot[c].score += options_.digit_word_penalty;
      }
    } else if (NonWordSlot(t)) {
      segment.token_index.push_back(i);
      AddFixedSlot(t, &segment);
    }
    // Memory stays bounded on text without sentence ends (one huge line).
    if (segment.slots.size() >= kMaxSegmentSlots) {
      DecodeSegment(segment, tokens, &replacement);
      segment.Clear();
    }
  }
  DecodeSegment(segment, tokens, &replacement);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (size_t i = 0; i < tokens.size(); ++i) {
    out += replacement[i].empty() ? tokens[i].text : std::string_view(replacement[i]);
  }
  return out;
}

std::optional<double> NgramRestorer::Log10ProbPerWord(std::string_view text) const {
  double total = 0;
  size_t words = 0, line_start = 0;
  LmState state = model_->BeginState(), next;
  for (const Token& t : Tokenize(text)) {
    if (t.kind == TokenKind::kSpace) continue;
    if (t.kind == TokenKind::kNewline) {
      const size_t here = static_cast<size_t>(t.text.data() - text.data());
      if (EndsSentence(text.substr(line_start, here - line_start))) state = model_->BeginState();
      line_start = here + t.text.size();
      continue;
    }
    const bool word = t.kind == TokenKind::kWord;
    const WordId id = model_->Find(word ? NormalizeWord(t.text) : NonWordKey(t));
    const float p = model_->ScoreState(state, id, &next);
    state = next;
    if (!word) continue;
    // <unk> stands for every unknown word at once; one of them is far less
    // likely (as in AddWordSlot).
    total += id == kUnknownId ? p + options_.unknown_penalty : p;
    ++words;
  }
  if (words == 0) return std::nullopt;
  return total / static_cast<double>(words);
}

}  // namespace
}  // namespace restore

StatusOr<std::unique_ptr<DiacriticRestorer>> DiacriticRestorer::Load(
    const std::string& model_path) {
  RestorerOptions options;
  const size_t slash = model_path.rfind('/');
  const std::string dir = slash == std::string::npos ? "" : model_path.substr(0, slash + 1);
  struct stat st;
  if (::stat((dir + kGarbleChannelFile).c_str(), &st) == 0) {
    options.channel_path = dir + kGarbleChannelFile;
  }
  if (::stat((dir + kFreshOcrChannelFile).c_str(), &st) == 0) {
    options.clean_channel_path = dir + kFreshOcrChannelFile;
  }
  return Load(model_path, options);
}

StatusOr<std::unique_ptr<DiacriticRestorer>> DiacriticRestorer::Load(
    const std::string& model_path, const RestorerOptions& options) {
  SOHOA_ASSIGN_OR_RETURN(auto model, restore::NgramModel::Load(model_path));
  auto restorer = std::make_unique<restore::NgramRestorer>(std::move(model), options);
  if (!options.clean_channel_path.empty()) {
#ifdef SOHOA_RESTORE_HAS_CHANNEL
    SOHOA_ASSIGN_OR_RETURN(ErrorChannel channel, ErrorChannel::Load(options.clean_channel_path));
    channel.SetVocabulary(restorer->Syllables());
    restorer->SetCleanChannel(std::make_unique<ErrorChannel>(std::move(channel)));
#else
    return UnimplementedError(options.clean_channel_path +
                              ": this build has no OCR error channel (pipeline/restore/channel)");
#endif
  }
  if (!options.channel_path.empty()) {
#ifdef SOHOA_RESTORE_HAS_CHANNEL
    SOHOA_ASSIGN_OR_RETURN(ErrorChannel channel, ErrorChannel::Load(options.channel_path));
    channel.SetVocabulary(restorer->Syllables());
    restorer->SetChannel(std::make_unique<ErrorChannel>(std::move(channel)));
#else
    return UnimplementedError(options.channel_path +
                              ": this build has no OCR error channel (pipeline/restore/channel)");
#endif
  }
  return std::unique_ptr<DiacriticRestorer>(std::move(restorer));
}

}  // namespace sohoa
