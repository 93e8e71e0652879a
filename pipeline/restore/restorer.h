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
// A DiacriticRestorer is immutable after Load() and safe to share between
// threads.
#ifndef SOHOA_PIPELINE_RESTORE_RESTORER_H_
#define SOHOA_PIPELINE_RESTORE_RESTORER_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>

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
};

// The channel files Load(model_path) picks up beside the model.
inline constexpr char kGarbleChannelFile[] = "channel_eng.tsv";
inline constexpr char kFreshOcrChannelFile[] = "channel_vie.tsv";

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
  virtual std::string Restore(std::string_view text) const = 0;

  // How Vietnamese `text` reads as written, nothing restored: the mean log10
  // probability per word under the model, sentences ending where Restore()
  // ends them. A word it does not know scores as <unk> plus
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
