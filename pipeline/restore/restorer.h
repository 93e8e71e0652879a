// Restore: puts back the diacritics that stripped text and wrong-model OCR
// lost, with a syllable language model and an OCR error channel.
//
// Restore() first judges the text as a whole: correctly accented (a word
// changes only on strong evidence), stripped (every word gets the syllables
// with its letters as candidates), or garbled OCR (the error channel adds
// its proposals, and pieces such as "ngu@i" or "s6" become words). A beam
// search under the n-gram model then picks one candidate per word.
//
// Typical use:
//   RestorerOptions options;
//   options.channel_path = "models/restore/channel_eng.tsv";        // optional
//   options.clean_channel_path = "models/restore/channel_vie.tsv";  // optional
//   SOHOA_ASSIGN_OR_RETURN(auto restorer, DiacriticRestorer::Load(
//       "models/restore/vi_syllable_4gram.bin", options));
//   std::string fixed = restorer->Restore(text);
//
// A document is restored as a whole: its own confident spellings weigh in
// (a cache model), and an abbreviation it spells out ("đơn vị hành chính
// (ĐVHC)") is restored everywhere it appears. For a document of several
// pages, RestoreDocument(pages) collects its spellings from every page first,
// then restores each page; Restore(text) does the same for one text.
//
// A DiacriticRestorer is immutable after Load() and safe to share between
// threads; a DocumentSpellings is per document, filled and read by one
// thread at a time.
#ifndef SOHOA_PIPELINE_RESTORE_RESTORER_H_
#define SOHOA_PIPELINE_RESTORE_RESTORER_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "pipeline/base/status.h"

namespace sohoa {

// Decoder settings; the defaults are the ones measured in
// models/restore/MODEL_CARD.md.
struct RestorerOptions {
  int beam = 8;  // hypotheses kept per word
  // Hypotheses further than this (log10) below the best are dropped.
  float beam_threshold = 4.0f;
  // Candidates the model gives a unigram log10 probability below this are
  // not proposed (unless the word is written that way).
  float candidate_floor = -7.0f;
  // log10 bonus for a word's own form when the text as a whole is correctly
  // accented: a well-formed word changes only on strong evidence.
  float keep_bonus_clean = 2.5f;
  // log10 bonus for an accented word's own form in text that is mostly
  // stripped or garbled.
  float keep_bonus_accented = 1.0f;
  // log10 penalty for keeping a word the model does not know when known
  // words have the same letters (in text that is not correctly accented).
  float unknown_penalty = -3.0f;
  // Text counts as correctly accented when at least this share of its words
  // carry diacritics and are known to the model, and as stripped when at
  // most this share carry any; anything between is garbled OCR.
  float clean_share = 0.5f;
  float stripped_share = 0.05f;
  // The OCR error channel (models/restore/channel_eng.tsv); empty: none.
  // Used for garbled text only.
  std::string channel_path;
  // The error channel of fresh OCR (models/restore/channel_vie.tsv); empty:
  // none. Used for unknown words in correctly accented text only.
  std::string clean_channel_path;
  float channel_weight = 1.0f;  // times the channel's log10 probability
  int channel_candidates = 40;  // proposals per word
  // Words the channel may propose need at least this unigram log10 prob.
  float channel_vocab_floor = -6.0f;
  // log10 penalty for reading a short number in garbled text ("46") as a
  // word ("độ").
  float digit_word_penalty = -1.5f;
  // log10 score of a same-letters candidate the channel did not propose.
  float fold_score = -3.0f;
  // The document's own spellings (a cache model). A candidate's score gets
  // spelling_weight * log10(lambda + (1 - lambda) * doc / model), where
  // model is its share of the unigram probability of the words with its
  // letters, and doc its share of the document's evidence for them, smoothed
  // towards model with spelling_prior. A word written with diacritics counts
  // written_evidence (in garbled OCR, where marks may be misreadings, only a
  // capitalized one: a name), a word the first pass restored
  // restored_evidence. Correctly accented text keeps what it writes.
  // spelling_weight 0 turns the cache off.
  float spelling_weight = 1.2f;
  float spelling_lambda = 0.1f;
  float spelling_prior = 2.0f;
  float written_evidence = 1.0f;
  float restored_evidence = 1.0f;
  // Abbreviations in capitals whose letters the training corpus writes with
  // Đ (models/restore/abbreviations.tsv, tools/learn_abbreviations). Empty:
  // the abbreviations.tsv beside the model, when there is one; "none": none.
  std::string abbreviations_path;
};

// What one document says about its own spellings: evidence per word form
// (by the letters without diacritics) and the abbreviations it spells out.
// Filled by DiacriticRestorer::CollectSpellings and only meaningful to the
// restorer that filled it (forms are its model's word ids). Not thread-safe.
class DocumentSpellings {
 public:
  using Forms = std::vector<std::pair<uint32_t, float>>;  // word id, evidence
  // Adds `evidence` for word `id`, whose letters without diacritics are `fold`.
  void AddForm(const std::string& fold, uint32_t id, float evidence);
  // The forms seen with letters `fold`; nullptr when none.
  const Forms* FormsOf(const std::string& fold) const;
  // Records that capitals `letters` ("DVHC") stand for `form` ("ĐVHC").
  void AddAbbreviation(const std::string& letters, const std::string& form);
  // The form of abbreviation `letters`; nullptr when the document has none.
  const std::string* AbbreviationOf(const std::string& letters) const;
  bool empty() const { return forms_.empty() && abbreviations_.empty(); }

 private:
  std::unordered_map<std::string, Forms> forms_;
  std::unordered_map<std::string, std::string> abbreviations_;
};

// The channel files Load(model_path) picks up beside the model.
inline constexpr char kGarbleChannelFile[] = "channel_eng.tsv";
inline constexpr char kFreshOcrChannelFile[] = "channel_vie.tsv";
// The learned abbreviations Load(model_path) picks up beside the model.
inline constexpr char kAbbreviationsFile[] = "abbreviations.tsv";

class DiacriticRestorer {
 public:
  virtual ~DiacriticRestorer() = default;
  // Loads a model file (models/restore/MODEL_CARD.md) and the channels
  // named in `options`. Fails with NotFound when a file is missing, DataLoss
  // or FailedPrecondition, naming the file, when it is damaged or of another
  // format version, Unimplemented when a channel is asked for in a build
  // without pipeline/restore/channel.
  // Load(model_path) uses the default options plus the channels found in the
  // model's folder (channel_eng.tsv, channel_vie.tsv), if any.
  static StatusOr<std::unique_ptr<DiacriticRestorer>> Load(const std::string& model_path);
  static StatusOr<std::unique_ptr<DiacriticRestorer>> Load(const std::string& model_path,
                                                           const RestorerOptions& options);

  // Restores NFC text. Keeps every line, space and non-word character as it
  // is; changes only word tokens, keeping their case pattern (KE -> KẾ,
  // Tay -> Tây). Numbers, codes (1183/KH-UBND), abbreviations (UBND), URLs
  // pass through; in garbled text only, an OCR-broken piece of a word
  // ("ngu@i", "s6", "46") may be replaced by the word. Never fails.
  // The text is its own document: RestoreDocument({text}).
  virtual std::string Restore(std::string_view text) const = 0;

  // Restores the pages of one document with the spellings all of them show:
  // the same as CollectSpellings over every page and then Restore(page,
  // spellings) for each, except that a sentence whose first-pass reading the
  // spellings only confirm is not decoded again.
  virtual std::vector<std::string> RestoreDocument(
      const std::vector<std::string_view>& pages) const = 0;

  // For pages that come one at a time: adds to `spellings` what `text` (one
  // page of a document) says: the words it writes with diacritics (in garbled
  // OCR only capitalized ones), abbreviations in capitals written with Đ,
  // and, for stripped or garbled text, the words a first restoring pass chose
  // and the abbreviations it spells out ("don vi hanh chinh (DVHC)" -> ĐVHC).
  virtual void CollectSpellings(std::string_view text, DocumentSpellings* spellings) const = 0;

  // Restore(text) with the document's spellings weighing in.
  virtual std::string Restore(std::string_view text, const DocumentSpellings& spellings) const = 0;

  // How Vietnamese `text` reads as written, nothing restored: the mean log10
  // probability per word under the model, sentences ending at the line ends
  // where Restore() ends them (Restore() also ends a phrase at a column gap
  // and after a heading's Roman number; this does not). A word it does not know scores as <unk> plus
  // RestorerOptions::unknown_penalty: <unk> stands for all of them at once. Nothing when the
  // text has no words. Tells a text's encoding (pipeline/ingest/
  // text_encoding.h, through the driver).
  virtual std::optional<double> Log10ProbPerWord(std::string_view text) const = 0;

  // "vi-syllable-4gram 2026-11-23 (e53236a9f179)": name and date from the
  // model's metadata and a prefix of its content checksum; recorded with
  // every run.
  virtual std::string ModelVersion() const = 0;
};

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_RESTORE_RESTORER_H_
