#include "pipeline/restore/restorer.h"

#include <sys/stat.h>

#include <cmath>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipeline/base/file.h"
#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/restore/decoder.h"
#include "pipeline/restore/ngram_model.h"
#include "pipeline/restore/tokenizer.h"
#include "pipeline/restore/training_text.h"

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

// A page between the first pass (which learns the document's spellings) and
// the second (which uses them).
struct PageWork {
  TextKind kind = TextKind::kClean;
  std::vector<Token> tokens;
  std::vector<Segment> segments;
  std::vector<std::string> replacement;  // per token; empty: as written
  std::vector<std::vector<int>> first;   // per segment: the first pass's choices
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
    // Each candidate's share of its letters' unigram probability.
    fold_share_.assign(model_->vocab_size(), 0.0f);
    for (const auto& [fold, ids] : by_fold_) {
      double sum = 0;
      for (WordId id : ids) sum += std::pow(10.0, Unigram(id));
      for (WordId id : ids) fold_share_[id] = static_cast<float>(std::pow(10.0, Unigram(id)) / sum);
    }
  }

  float Unigram(WordId id) const {
    LmState none, after;
    return model_->ScoreState(none, id, &after);
  }
  std::string Restore(std::string_view text) const override {
    return std::move(RestoreDocument({text})[0]);
  }
  std::vector<std::string> RestoreDocument(
      const std::vector<std::string_view>& pages) const override;
  void CollectSpellings(std::string_view text, DocumentSpellings* spellings) const override {
    FirstPass(text, spellings);
  }
  std::string Restore(std::string_view text, const DocumentSpellings& spellings) const override;
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
  void AddWordSlot(std::string_view word, TextKind kind, const DocumentSpellings* spellings,
                   Segment* segment) const;
  // Adds the document's evidence for same-letters candidates of `slot`.
  void AddSpellingScores(const std::string& fold, const DocumentSpellings& spellings,
                         Slot* slot) const;
  // The abbreviation `word` (capitals, no syllable) stands for, from the
  // document, else from the corpus table; nullptr when none or the same.
  const std::string* AbbreviationFor(std::string_view word,
                                     const DocumentSpellings* spellings) const;
  // Tokens of `text` and its sentences, ready to decode; `replacement` gets
  // the abbreviations restored outside the decoder.
  TextKind BuildSegments(std::string_view text, const DocumentSpellings* spellings,
                         std::vector<Token>* tokens, std::vector<Segment>* segments,
                         std::vector<std::string>* replacement) const;
  // Tokenizes and decodes `text` without the document's spellings, and adds
  // what it says about them to `spellings`.
  PageWork FirstPass(std::string_view text, DocumentSpellings* spellings) const;
  // Decodes again, with the document's spellings, the sentences of `page`
  // where they may change the first pass's choice; returns the restored text.
  std::string SecondPass(std::string_view text, const DocumentSpellings& spellings,
                         PageWork* page) const;
  // Adds the spellings to segment `k` of `page`; false when the first pass's
  // choices stay best (each is the one the spellings favour most).
  bool AddSpellingsTo(const DocumentSpellings& spellings, size_t k, PageWork* page) const;
  // Adds the words of `text` written with diacritics to `spellings`.
  void CollectWritten(const std::vector<Token>& tokens, TextKind kind,
                      DocumentSpellings* spellings) const;
  // Adds abbreviations the restored text spells out: words followed by
  // "(XYZ)" whose initials are X, Y, Z.
  void CollectExpansions(const std::vector<Token>& tokens, const std::vector<std::string>& restored,
                         DocumentSpellings* spellings) const;
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
  // Writes the words `best` chose into `replacement`.
  void DecodeSegment(const Segment& segment, const DecodeResult& best,
                     const std::vector<Token>& tokens, std::vector<std::string>* replacement) const;

  std::unique_ptr<NgramModel> model_;
  RestorerOptions options_;
  std::unordered_map<std::string, std::vector<WordId>> by_fold_;
  std::vector<float> fold_share_;  // by word id: share of its by_fold_ group
  // Folded letters ("dvhc") -> capitals with diacritics ("ĐVHC").
  std::unordered_map<std::string, std::string> abbreviations_;

 public:
  void SetAbbreviations(std::unordered_map<std::string, std::string> table) {
    abbreviations_ = std::move(table);
  }

 private:
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

void NgramRestorer::AddWordSlot(std::string_view word, TextKind kind,
                                const DocumentSpellings* spellings, Segment* segment) const {
  const std::string own = NormalizeWord(word);
  const WordId own_id = model_->Find(own);
  Slot slot;
  int own_index = -1;
  const std::string fold = vi::Fold(own);
  auto it = by_fold_.find(fold);
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
  // Correct text keeps what it writes; the document's spellings weigh in
  // where the model chooses.
  if (spellings != nullptr && kind != TextKind::kClean) AddSpellingScores(fold, *spellings, &slot);
  segment->slots.push_back(std::move(slot));
  segment->own_index.push_back(own_index);
}

void NgramRestorer::AddSpellingScores(const std::string& fold, const DocumentSpellings& spellings,
                                      Slot* slot) const {
  const DocumentSpellings::Forms* forms = spellings.FormsOf(fold);
  if (forms == nullptr || options_.spelling_weight == 0) return;
  float total = 0;
  for (const auto& [id, evidence] : *forms) total += evidence;
  // A cache model: the document's share of a form, smoothed towards the
  // model's, mixed with the model (the ratio to the model is what changes).
  // A channel proposal with other letters has no evidence, so it loses a
  // little where the document has read these letters as words (measured:
  // legal eng garble 98.546% with, 98.514% without).
  const float lambda = options_.spelling_lambda, prior = options_.spelling_prior;
  for (Candidate& c : *slot) {
    if (c.id == kUnknownId || c.id >= fold_share_.size()) continue;
    float evidence = 0;
    for (const auto& [id, e] : *forms) {
      if (id == c.id) evidence = e;
    }
    const float model_share = fold_share_[c.id];
    const float doc_share = (evidence + prior * model_share) / (total + prior);
    c.score += options_.spelling_weight *
               std::log10(lambda + (1 - lambda) * doc_share / std::max(model_share, 1e-6f));
  }
}

void NgramRestorer::AddFixedSlot(const Token& token, Segment* segment) const {
  segment->slots.push_back({{model_->Find(NonWordKey(token)), 0.0f}});
  segment->own_index.push_back(0);
}

void NgramRestorer::DecodeSegment(const Segment& segment, const std::vector<Token>& tokens,
                                  std::vector<std::string>* replacement) const {
  if (segment.slots.empty()) return;
  DecodeSegment(segment, DecodeBeam(*model_, segment.slots, options_.beam, options_.beam_threshold),
                tokens, replacement);
}

void NgramRestorer::DecodeSegment(const Segment& segment, const DecodeResult& best,
                                  const std::vector<Token>& tokens,
                                  std::vector<std::string>* replacement) const {
  for (size_t s = 0; s < segment.slots.size(); ++s) {
    if (best.choice[s] == segment.own_index[s]) {
      // A second pass may return a word to its own form.
      if (segment.slots[s].size() > 1) (*replacement)[segment.token_index[s]].clear();
      continue;
    }
    const Token& token = tokens[segment.token_index[s]];
    WordId id = segment.slots[s][best.choice[s]].id;
    (*replacement)[segment.token_index[s]] = ApplyCase(model_->Word(id), token.text);
  }
}

// Longest stretch decoded at once; longer sentences are cut (rare: about
// 2,000 words without a line ending in . : ; ! ?).
constexpr size_t kMaxSegmentSlots = 2000;

// A tab or a run of three or more spaces: the gap between the blocks of a
// two-column header or the cells of a table.
bool IsColumnGap(std::string_view space) {
  return space.find('\t') != std::string_view::npos || space.size() >= 3;
}

// True when tokens[i] is a Roman number in capitals followed by ".": "IV.".
bool IsRomanNumber(const std::vector<Token>& tokens, size_t i) {
  return tokens[i].kind == TokenKind::kWord && i + 1 < tokens.size() &&
         tokens[i + 1].text == "." &&
         tokens[i].text.find_first_not_of("IVX") == std::string_view::npos;
}

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

// True when `word` is written in capitals and is no syllable: "DVHC", "UBND".
bool IsCapitalsAbbreviation(std::string_view word, const std::string& normalized) {
  return word.size() >= 2 && ApplyCase(normalized, "AA") == word &&
         !vi::IsValidSyllable(normalized);
}

// Capitals whose only diacritic is the bar of Đ: "ĐVHC", "HĐND" (what OCR
// makes of capitals with tones is not an abbreviation).
bool OnlyBarredD(std::string_view word) {
  bool any = false;
  for (size_t pos = 0; pos < word.size();) {
    char32_t c = DecodeUtf8(word, &pos);
    if (c == U'Đ') {
      any = true;
    } else if (c >= 0x80) {
      return false;
    }
  }
  return any;
}

const std::string* NgramRestorer::AbbreviationFor(std::string_view word,
                                                  const DocumentSpellings* spellings) const {
  const std::string normalized = NormalizeWord(word);
  if (!IsCapitalsAbbreviation(word, normalized)) return nullptr;
  const std::string letters = vi::Fold(normalized);
  const std::string* form = spellings ? spellings->AbbreviationOf(letters) : nullptr;
  if (form == nullptr) {
    auto it = abbreviations_.find(letters);
    if (it != abbreviations_.end()) form = &it->second;
  }
  return form != nullptr && *form != word ? form : nullptr;
}

TextKind NgramRestorer::BuildSegments(std::string_view text, const DocumentSpellings* spellings,
                                      std::vector<Token>* tokens_out,
                                      std::vector<Segment>* segments,
                                      std::vector<std::string>* replacement) const {
  std::vector<Token>& tokens = *tokens_out;
  tokens = Tokenize(text);
  const TextKind kind = Classify(tokens);
  if (kind == TextKind::kGarbled && has_channel()) tokens = MergeGarbledChunks(text, tokens);
  replacement->assign(tokens.size(), std::string());
  Segment segment;
  std::string previous_item;  // letter of the last list item
  size_t line_start = 0;      // byte offset of the current line
  auto close_segment = [&] {
    if (!segment.slots.empty()) segments->push_back(std::move(segment));
    segment.Clear();
  };
  bool columns = false;      // the current line has a column gap
  bool line_begun = false;   // something but space on the current line
  for (size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.kind == TokenKind::kNewline) {
      size_t here = static_cast<size_t>(t.text.data() - text.data());
      if (columns || EndsSentence(text.substr(line_start, here - line_start))) close_segment();
      line_start = here + t.text.size();
      columns = line_begun = false;
      continue;
    }
    if (t.kind == TokenKind::kSpace) {
      if (line_begun && IsColumnGap(t.text)) {
        // A header's two blocks or a table's cells: each is its own phrase
        // (indentation is not a gap).
        close_segment();
        columns = true;
      }
      continue;
    }
    // A heading's Roman number ("II.") tells nothing about the heading's
    // words, which the model knows best as a phrase of their own.
    const bool heading_number = !line_begun && IsRomanNumber(tokens, i);
    line_begun = true;
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
      } else if (const std::string* form =
                     kind == TextKind::kClean ? nullptr : AbbreviationFor(t.text, spellings)) {
        (*replacement)[i] = *form;
        segment.slots.push_back({{model_->Find(NormalizeWord(*form)), 0.0f}});
        segment.own_index.push_back(0);
      } else {
        AddWordSlot(t.text, kind, spellings, &segment);
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
    if (heading_number) {
      segment.token_index.push_back(++i);  // its "."
      AddFixedSlot(tokens[i], &segment);
      close_segment();
    }
    // Memory stays bounded on text without sentence ends (one huge line).
    if (segment.slots.size() >= kMaxSegmentSlots) close_segment();
  }
  close_segment();
  return kind;
}

std::string NgramRestorer::Restore(std::string_view text,
                                   const DocumentSpellings& spellings) const {
  std::vector<Token> tokens;
  std::vector<Segment> segments;
  std::vector<std::string> replacement;
  BuildSegments(text, spellings.empty() ? nullptr : &spellings, &tokens, &segments, &replacement);
  for (const Segment& segment : segments) DecodeSegment(segment, tokens, &replacement);
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (size_t i = 0; i < tokens.size(); ++i) {
    out += replacement[i].empty() ? tokens[i].text : std::string_view(replacement[i]);
  }
  return out;
}

PageWork NgramRestorer::FirstPass(std::string_view text, DocumentSpellings* spellings) const {
  PageWork page;
  page.kind = BuildSegments(text, nullptr, &page.tokens, &page.segments, &page.replacement);
  CollectWritten(page.tokens, page.kind, spellings);
  if (page.kind == TextKind::kClean) return page;
  for (const Segment& segment : page.segments) {
    DecodeResult best = DecodeBeam(*model_, segment.slots, options_.beam, options_.beam_threshold);
    DecodeSegment(segment, best, page.tokens, &page.replacement);
    for (size_t s = 0; s < segment.slots.size(); ++s) {
      const Token& token = page.tokens[segment.token_index[s]];
      const WordId id = segment.slots[s][best.choice[s]].id;
      if (token.kind != TokenKind::kWord || id == kUnknownId) continue;
      if (page.kind == TextKind::kGarbled || !HasDiacritic(token.text)) {
        spellings->AddForm(vi::Fold(model_->Word(id)), id, options_.restored_evidence);
      }
    }
    page.first.push_back(std::move(best.choice));
  }
  CollectExpansions(page.tokens, page.replacement, spellings);
  return page;
}

bool NgramRestorer::AddSpellingsTo(const DocumentSpellings& spellings, size_t k,
                                   PageWork* page) const {
  Segment& segment = page->segments[k];
  bool may_change = false;
  std::vector<float> before;
  for (size_t s = 0; s < segment.slots.size(); ++s) {
    const size_t i = segment.token_index[s];
    const Token& token = page->tokens[i];
    if (token.kind != TokenKind::kWord) continue;
    Slot& slot = segment.slots[s];
    if (const std::string* form = AbbreviationFor(token.text, &spellings)) {
      if (page->replacement[i] != *form) {
        page->replacement[i] = *form;
        slot = {{model_->Find(NormalizeWord(*form)), 0.0f}};
        segment.own_index[s] = 0;
        may_change = true;
      }
      continue;
    }
    if (slot.size() < 2) continue;
    before.clear();
    for (const Candidate& c : slot) before.push_back(c.score);
    AddSpellingScores(vi::Fold(NormalizeWord(token.text)), spellings, &slot);
    const int chosen = page->first[k][s];
    for (size_t c = 0; c < slot.size(); ++c) {
      const float gain = slot[c].score - before[c];
      if (gain > slot[chosen].score - before[chosen] + 1e-4f) may_change = true;
    }
  }
  return may_change;
}

std::string NgramRestorer::SecondPass(std::string_view text, const DocumentSpellings& spellings,
                                      PageWork* page) const {
  for (size_t k = 0; k < page->segments.size(); ++k) {
    if (page->kind == TextKind::kClean) {
      DecodeSegment(page->segments[k], page->tokens, &page->replacement);
    } else if (!spellings.empty() && AddSpellingsTo(spellings, k, page)) {
      DecodeSegment(page->segments[k], page->tokens, &page->replacement);
    }
  }
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  for (size_t i = 0; i < page->tokens.size(); ++i) {
    const std::string& r = page->replacement[i];
    out += r.empty() ? page->tokens[i].text : std::string_view(r);
  }
  return out;
}

std::vector<std::string> NgramRestorer::RestoreDocument(
    const std::vector<std::string_view>& pages) const {
  DocumentSpellings spellings;
  std::vector<PageWork> work;
  work.reserve(pages.size());
  for (std::string_view page : pages) work.push_back(FirstPass(page, &spellings));
  std::vector<std::string> out;
  out.reserve(pages.size());
  for (size_t p = 0; p < pages.size(); ++p) out.push_back(SecondPass(pages[p], spellings, &work[p]));
  return out;
}

void NgramRestorer::CollectWritten(const std::vector<Token>& tokens, TextKind kind,
                                   DocumentSpellings* spellings) const {
  for (const Token& t : tokens) {
    if (t.kind != TokenKind::kWord || !HasDiacritic(t.text)) continue;
    const std::string normalized = NormalizeWord(t.text);
    if (IsCapitalsAbbreviation(t.text, normalized)) {
      if (OnlyBarredD(t.text)) {
        spellings->AddAbbreviation(vi::Fold(normalized), std::string(t.text));
      }
      continue;
    }
    // Garbled OCR writes marks that are misreadings ("dé" for "để"); the
    // names it writes with marks ("Thạnh Trị") are the document's spelling.
    if (kind == TextKind::kGarbled &&
        (ApplyCase(normalized, "Aa") != t.text || !vi::IsValidSyllable(normalized))) {
      continue;
    }
    const WordId id = model_->Find(normalized);
    if (id == kUnknownId) continue;
    spellings->AddForm(vi::Fold(normalized), id, options_.written_evidence);
  }
}

void NgramRestorer::CollectExpansions(const std::vector<Token>& tokens,
                                      const std::vector<std::string>& restored,
                                      DocumentSpellings* spellings) const {
  for (size_t i = 1; i + 1 < tokens.size(); ++i) {
    if (tokens[i - 1].text != "(" || tokens[i + 1].text != ")") continue;
    const std::string normalized = NormalizeWord(tokens[i].text);
    if (tokens[i].kind != TokenKind::kWord ||
        !IsCapitalsAbbreviation(tokens[i].text, normalized)) {
      continue;
    }
    // One word per letter before "(", separated by spaces only: "don vi
    // hanh chinh (DVHC)"; the restored words' initials keep their Đ.
    const std::string letters = vi::Fold(normalized);
    std::string form(letters.size(), ' ');
    bool barred = false;
    size_t matched = 0;
    for (size_t j = i - 1; j-- > 0 && matched < letters.size();) {
      if (tokens[j].kind == TokenKind::kSpace) continue;
      if (tokens[j].kind != TokenKind::kWord) break;
      const std::string_view word = restored[j].empty() ? tokens[j].text : restored[j];
      size_t pos = 0;
      const char32_t initial = DecodeUtf8(word, &pos);
      const char letter = letters[letters.size() - 1 - matched];
      if (vi::FoldChar(initial) != static_cast<unsigned char>(letter)) break;
      barred |= initial == U'đ' || initial == U'Đ';
      form[letters.size() - 1 - matched] = static_cast<char>(std::toupper(letter));
      if (initial == U'đ' || initial == U'Đ') form[letters.size() - 1 - matched] = '*';
      ++matched;
    }
    if (matched < letters.size() || !barred) continue;
    std::string with_bar;  // '*' marks where the Đ goes
    for (char c : form) with_bar += c == '*' ? std::string("Đ") : std::string(1, c);
    spellings->AddAbbreviation(letters, with_bar);
  }
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

// Reads the abbreviation table: "letters<TAB>form<TAB>..." a line, '#'
// starts a comment (tools/learn_abbreviations writes it).
StatusOr<std::unordered_map<std::string, std::string>> LoadAbbreviations(const std::string& path) {
  SOHOA_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  std::unordered_map<std::string, std::string> table;
  size_t line_number = 0;
  Status status;
  ForEachLine(text, [&](std::string_view line) {
    ++line_number;
    if (line.empty() || line[0] == '#' || !status.ok()) return;
    const size_t tab = line.find('\t');
    const size_t end = line.find('\t', tab + 1);
    if (tab == std::string_view::npos || tab == 0) {
      status = DataLossError(path + ":" + std::to_string(line_number) +
                             ": expected letters<TAB>form; rebuild it with "
                             "tools/learn_abbreviations");
      return;
    }
    table[std::string(line.substr(0, tab))] = std::string(line.substr(tab + 1, end - tab - 1));
  });
  if (!status.ok()) return status;
  return table;
}

}  // namespace
}  // namespace restore

void DocumentSpellings::AddForm(const std::string& fold, uint32_t id, float evidence) {
  Forms& forms = forms_[fold];
  for (auto& [known, e] : forms) {
    if (known == id) {
      e += evidence;
      return;
    }
  }
  forms.emplace_back(id, evidence);
}

const DocumentSpellings::Forms* DocumentSpellings::FormsOf(const std::string& fold) const {
  auto it = forms_.find(fold);
  return it == forms_.end() ? nullptr : &it->second;
}

void DocumentSpellings::AddAbbreviation(const std::string& letters, const std::string& form) {
  abbreviations_[letters] = form;
}

const std::string* DocumentSpellings::AbbreviationOf(const std::string& letters) const {
  auto it = abbreviations_.find(letters);
  return it == abbreviations_.end() ? nullptr : &it->second;
}

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
  std::string abbreviations = options.abbreviations_path;
  if (abbreviations.empty()) {
    // The table is data of the model: used whenever it lies beside it.
    const size_t slash = model_path.rfind('/');
    abbreviations = (slash == std::string::npos ? "" : model_path.substr(0, slash + 1)) +
                    kAbbreviationsFile;
    struct stat st;
    if (::stat(abbreviations.c_str(), &st) != 0) abbreviations = "none";
  }
  if (abbreviations != "none") {
    SOHOA_ASSIGN_OR_RETURN(auto table, restore::LoadAbbreviations(abbreviations));
    restorer->SetAbbreviations(std::move(table));
  }
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
