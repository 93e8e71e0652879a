#include "pipeline/extract/compiled_rules.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "pipeline/base/utf8.h"
#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/agency_name.h"
#include "pipeline/extract/folded_text.h"
#include "pipeline/extract/record_builder.h"
#include "pipeline/extract/table_context.h"
#include "pipeline/extract/task_builder.h"

namespace sohoa {
namespace {

// Offsets are 32-bit; longer texts are cut (with a record saying so would be
// nicer; the contract says extraction never fails).
constexpr size_t kMaxTextBytes = size_t{1} << 30;
constexpr int kMaxMatchesPerRule = 100000;
constexpr size_t kHeaderBytes = 1500;

struct CompiledRule {
  size_t index = 0;  // into RuleSetData::rules
  std::unique_ptr<RE2> re;
  std::vector<std::pair<std::string, int>> slot_groups;  // slot -> group number
  int span_group = 0;
  int recognized_group = 0;  // a group the agency recognizer must confirm
  // A pattern that is one named group, "(?P<name>...)": the group is the
  // match, and RE2 is asked for the match alone (no submatch engine).
  int whole_group = 0;
  // What the group holds: a whole name (kUnknown), or only a head of that
  // kind, which the recognizer extends.
  AgencyNameRecognizer::HeadKind head_kind = AgencyNameRecognizer::HeadKind::kUnknown;
};

// A rule with `before`/`after` instead of a pattern: it gives its slots to
// an agency name found by the name rules when the text around fits.
struct Attachment {
  size_t index = 0;             // into RuleSetData::rules
  std::unique_ptr<RE2> before;  // must end where the name starts (null: any)
  std::unique_ptr<RE2> after;   // must start where the name ends (null: any)
  std::vector<std::pair<std::string, int>> after_slots;  // slot -> group of `after`
};

// How far before a name `before` may reach, and after it `after`.
constexpr size_t kBeforeWindow = 240;
constexpr size_t kAfterWindow = 600;

struct KindMatcher {
  RecordKind kind;
  std::unique_ptr<RE2::Set> set;
  std::vector<CompiledRule> rules;  // in Set index order
};

struct Candidate {
  const CompiledRule* rule = nullptr;
  const Rule* attached = nullptr;  // the attachment rule that gave a role
  size_t start = 0, end = 0;      // the record's span, original bytes
  size_t span_start = 0, span_end = 0;  // the same span in the shadow
  size_t match_length = 0;        // shadow bytes of the whole match
  // Shadow [start, end) of each of rule->slot_groups (start npos: the group
  // did not take part); turned into `slots` only for candidates kept.
  std::vector<std::pair<size_t, size_t>> groups;
  Slots slots;
};

RE2::Options MatchOptions() {
  RE2::Options options;
  options.set_encoding(RE2::Options::EncodingLatin1);  // the shadow is ASCII
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

class LineIndex {
 public:
  explicit LineIndex(std::string_view text) {
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\n') newlines_.push_back(i);
    }
  }
  int LineOf(size_t offset) const {
    return static_cast<int>(std::lower_bound(newlines_.begin(), newlines_.end(), offset) -
                            newlines_.begin()) + 1;
  }

 private:
  std::vector<size_t> newlines_;
};

bool OverlapsAccepted(const std::set<std::pair<size_t, size_t>>& accepted, size_t start,
                      size_t end) {
  auto it = accepted.lower_bound({start, 0});
  if (it != accepted.end() && it->first < end) return true;
  if (it != accepted.begin() && std::prev(it)->second > start) return true;
  return false;
}

bool AllWordsCapitalized(std::string_view text) {
  int words = 0;
  for (size_t pos = 0; pos < text.size();) {
    char32_t c = DecodeUtf8(text, &pos);
    if (c == ' ' || c == '*' || c == '\t') continue;
    vi::LetterParts parts;
    if (!vi::Decompose(c, &parts) || !parts.upper) return false;
    ++words;
    while (pos < text.size() && text[pos] != ' ' && text[pos] != '*' && text[pos] != '\t') ++pos;
  }
  return words >= 2;
}

// Slots that only make sense together come from the same piece.
constexpr const char* kSlotGroups[][3] = {
    {"number", "symbol", nullptr}, {"day", "month", "year"}, {"issuer", "issuer_place", nullptr},
    {"doc_type", "title", nullptr}, {"place", nullptr, nullptr}, {"recipients", nullptr, nullptr}};

// Adds a header piece's slots that the merged record lacks. Returns true when
// it added a header slot (one that belongs in the document record's span).
bool MergeDocumentPiece(const Slots& piece, Slots* merged) {
  auto signer = piece.find("signer");
  if (signer != piece.end() && AllWordsCapitalized(signer->second.original)) {
    (*merged)["signer"] = signer->second;  // the last name printed signs
  }
  bool added = false;
  for (const auto& group : kSlotGroups) {
    bool piece_has = false, merged_has = false;
    for (const char* slot : group) {
      if (!slot) break;
      piece_has = piece_has || piece.count(slot);
      merged_has = merged_has || merged->count(slot);
    }
    if (!piece_has) continue;
    // A later piece may complete a date the header left partly blank.
    bool completes_date = merged_has && std::string(group[0]) == "day" && !merged->count("day") &&
                          piece.count("day") && piece.count("month") && piece.count("year") &&
                          merged->count("month") && merged->count("year") &&
                          merged->at("month").folded == piece.at("month").folded &&
                          merged->at("year").folded == piece.at("year").folded;
    if (merged_has && !completes_date) continue;
    for (const char* slot : group) {
      if (!slot) break;
      auto it = piece.find(slot);
      if (it != piece.end()) (*merged)[slot] = it->second;
    }
    if (std::string(group[0]) != "recipients") added = true;
  }
  return added;
}

}  // namespace

struct CompiledRules::Matchers {
  std::vector<KindMatcher> kinds;
  // Every rule of every kind in one Set, so the shadow is scanned once for
  // all kinds; null when too large, and per-kind Sets serve when its DFA
  // runs out of memory on a text.
  std::unique_ptr<RE2::Set> all;
  std::vector<std::pair<size_t, size_t>> all_to_kind;  // Set index -> kind, rule
  mutable SharedAgencyNames agency_names;
  std::vector<const CompiledRule*> by_index;  // rule index -> compiled rule
  std::unique_ptr<AgencyNameRecognizer> agency_names_recognizer;  // when a rule needs it
  // `define FACT_SECTION`: headings of sections that report what was done
  // ("Đánh giá tình hình", "Kết quả"), where numbers are no quotas, unless
  // the heading also says `define TARGET_SECTION` ("chỉ tiêu", "dự kiến").
  std::unique_ptr<RE2> fact_section;
  std::unique_ptr<RE2> target_section;
  std::vector<Attachment> attachments;  // in rule order; the first that fits wins
  std::optional<PlaceLexicon> places;   // from `places PATH`

};

CompiledRules::CompiledRules(RuleSetData data, std::unique_ptr<Matchers> matchers)
    : data_(std::move(data)),
      canon_(data_.canon, data_.confusions, data_.words),
      matchers_(std::move(matchers)) {
  if (matchers_->places) canon_.SetPlaces(*matchers_->places);
}

CompiledRules::~CompiledRules() = default;

namespace {
bool Recognize(const CompiledRule& rule, const AgencyNameRecognizer& recognizer,
               const CanonTable& canon, const FoldedText& folded, std::string_view original,
               std::vector<re2::StringPiece>* sub, size_t* resume);
}  // namespace

namespace {

// True when `pattern` is "(?P<name>...)" with the group's ')' at its end.
bool IsOneGroup(std::string_view pattern) {
  if (pattern.rfind("(?P<", 0) != 0 || pattern.back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < pattern.size(); ++i) {
    char c = pattern[i];
    if (c == '\\') {
      ++i;
    } else if (c == '[') {  // a class: ')' inside it is no group end
      size_t j = i + 1;
      if (j < pattern.size() && pattern[j] == '^') ++j;
      if (j < pattern.size() && pattern[j] == ']') ++j;
      while (j < pattern.size() && pattern[j] != ']') j += pattern[j] == '\\' ? 2 : 1;
      i = j;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')' && --depth == 0) {
      return i + 1 == pattern.size();
    }
  }
  return false;
}

Status CompileOne(const Rule& rule, size_t index, CompiledRule* out) {
  out->index = index;
  out->re = std::make_unique<RE2>(rule.pattern, MatchOptions());
  if (!out->re->ok()) {
    return InvalidArgumentError(rule.Where() + ": bad pattern: " + out->re->error());
  }
  const std::map<std::string, int>& groups = out->re->NamedCapturingGroups();
  auto known_slot = [&](const std::string& s) { return HasSlot(rule.kind, s); };
  // Named groups that are slots map to themselves unless a `map` says more.
  for (const auto& [name, number] : groups) {
    if (known_slot(name)) out->slot_groups.emplace_back(name, number);
  }
  for (const auto& [slot, group] : rule.maps) {
    if (!known_slot(slot)) {
      return InvalidArgumentError(rule.Where() + ": " + std::string(KindName(rule.kind)) +
                                  " has no slot " + slot);
    }
    auto it = groups.find(group);
    if (it == groups.end()) {
      return InvalidArgumentError(rule.Where() + ": map " + slot + " = " + group +
                                  ": the pattern has no group (?P<" + group + ">...)");
    }
    out->slot_groups.emplace_back(slot, it->second);
  }
  for (const auto& [slot, value] : rule.sets) {
    if (!known_slot(slot)) {
      return InvalidArgumentError(rule.Where() + ": " + std::string(KindName(rule.kind)) +
                                  " has no slot " + slot);
    }
  }
  if (rule.recognizes.size() > 1) {
    return InvalidArgumentError(rule.Where() + ": at most one `recognize` a rule");
  }
  for (const auto& [slot, recognizer] : rule.recognizes) {
    if (recognizer == "agency_head") out->head_kind = AgencyNameRecognizer::HeadKind::kHead;
    if (recognizer == "agency_unit") out->head_kind = AgencyNameRecognizer::HeadKind::kUnit;
    for (const auto& [name, number] : out->slot_groups) {
      if (name == slot) out->recognized_group = number;
    }
    if (out->recognized_group == 0) {
      return InvalidArgumentError(rule.Where() + ": recognize " + slot +
                                  ": no group feeds that slot");
    }
  }
  if (groups.size() == 1 && out->re->NumberOfCapturingGroups() == 1 &&
      IsOneGroup(rule.pattern)) {
    out->whole_group = groups.begin()->second;
  }
  if (!rule.span_group.empty()) {
    auto it = groups.find(rule.span_group);
    if (it == groups.end()) {
      return InvalidArgumentError(rule.Where() + ": span " + rule.span_group +
                                  ": no such group in the pattern");
    }
    out->span_group = it->second;
  }
  return Status::Ok();
}

Status CompileAttachment(const Rule& rule, size_t index, Attachment* out) {
  out->index = index;
  if (!rule.before.empty()) {
    // The text before a name is passed cut at the name: \z is the name's start.
    out->before = std::make_unique<RE2>("(?:" + rule.before + ")\\z", MatchOptions());
    if (!out->before->ok()) {
      return InvalidArgumentError(rule.Where() + ": bad before: " + out->before->error());
    }
  }
  if (!rule.after.empty()) {
    out->after = std::make_unique<RE2>(rule.after, MatchOptions());
    if (!out->after->ok()) {
      return InvalidArgumentError(rule.Where() + ": bad after: " + out->after->error());
    }
    for (const auto& [name, number] : out->after->NamedCapturingGroups()) {
      if (HasSlot(rule.kind, name)) out->after_slots.emplace_back(name, number);
    }
  }
  for (const auto& [slot, value] : rule.sets) {
    if (!HasSlot(rule.kind, slot)) {
      return InvalidArgumentError(rule.Where() + ": " + std::string(KindName(rule.kind)) +
                                  " has no slot " + slot);
    }
  }
  if (!rule.maps.empty() || !rule.recognizes.empty() || !rule.span_group.empty()) {
    return InvalidArgumentError(rule.Where() +
                                ": an attachment rule takes no map, recognize or span");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<CompiledRules>> CompiledRules::Compile(RuleSetData data) {
  auto matchers = std::make_unique<Matchers>();
  if (!data.places_path.empty()) {
    auto places = PlaceLexicon::Load(data.places_path);
    if (!places.ok()) return places.status().WithPrefix("places");
    matchers->places = std::move(places).value();
  }
  for (const KindSchema& schema : RecordKinds()) {
    KindMatcher km;
    km.kind = schema.kind;
    km.set = std::make_unique<RE2::Set>(MatchOptions(), RE2::UNANCHORED);
    matchers->kinds.push_back(std::move(km));
  }
  std::vector<std::pair<size_t, size_t>> where(data.rules.size());  // kind, position
  for (size_t i = 0; i < data.rules.size(); ++i) {
    const Rule& rule = data.rules[i];
    if (!rule.recognizes.empty() && !matchers->agency_names_recognizer) {
      auto recognizer = AgencyNameRecognizer::Create(data.defines);
      if (!recognizer.ok()) return recognizer.status().WithPrefix(rule.Where());
      matchers->agency_names_recognizer = std::move(*recognizer);
    }
    if (rule.IsAttachment()) {
      Attachment attachment;
      SOHOA_RETURN_IF_ERROR(CompileAttachment(rule, i, &attachment));
      matchers->attachments.push_back(std::move(attachment));
      continue;
    }
    CompiledRule compiled;
    SOHOA_RETURN_IF_ERROR(CompileOne(rule, i, &compiled));
    KindMatcher* km = &matchers->kinds[static_cast<size_t>(rule.kind)];
    std::string error;
    if (km->set->Add(rule.pattern, &error) < 0) {
      return InvalidArgumentError(rule.Where() + ": bad pattern: " + error);
    }
    km->rules.push_back(std::move(compiled));
  }
  for (KindMatcher& km : matchers->kinds) {
    if (!km.rules.empty() && !km.set->Compile()) {
      return ResourceExhaustedError("rules of kind " + std::string(KindName(km.kind)) +
                                    " are too large for one RE2::Set; split them");
    }
  }
  for (auto [name, re] : {std::pair{"FACT_SECTION", &matchers->fact_section},
                          std::pair{"TARGET_SECTION", &matchers->target_section}}) {
    auto define = data.defines.find(name);
    if (define == data.defines.end()) continue;
    *re = std::make_unique<RE2>(define->second, MatchOptions());
    if (!(*re)->ok()) {
      return InvalidArgumentError(std::string("define ") + name + ": bad pattern: " +
                                  (*re)->error());
    }
  }
  matchers->all = std::make_unique<RE2::Set>(MatchOptions(), RE2::UNANCHORED);
  for (size_t k = 0; k < matchers->kinds.size() && matchers->all; ++k) {
    const KindMatcher& km = matchers->kinds[k];
    for (size_t r = 0; r < km.rules.size(); ++r) {
      if (matchers->all->Add(data.rules[km.rules[r].index].pattern, nullptr) < 0) {
        matchers->all.reset();
        break;
      }
      matchers->all_to_kind.emplace_back(k, r);
    }
  }
  if (matchers->all && !matchers->all->Compile()) matchers->all.reset();
  matchers->by_index.assign(data.rules.size(), nullptr);
  for (const KindMatcher& km : matchers->kinds) {
    for (const CompiledRule& r : km.rules) matchers->by_index[r.index] = &r;
  }
  return std::unique_ptr<CompiledRules>(new CompiledRules(std::move(data), std::move(matchers)));
}

bool CompiledRules::RuleGivesRecord(size_t index, std::string_view text) const {
  if (index >= data_.rules.size()) return false;
  const std::string tag = data_.rules[index].Tag();
  for (const Record& r : Extract(text)) {
    if (r.rule == tag) return true;
  }
  return false;
}

bool CompiledRules::RuleFires(size_t index, std::string_view text) const {
  if (index >= matchers_->by_index.size()) return false;
  if (!matchers_->by_index[index]) {  // an attachment: fires when it gives a record
    return RuleGivesRecord(index, text);
  }
  const CompiledRule& rule = *matchers_->by_index[index];
  FoldedText folded(text, data_.confusions);
  const re2::StringPiece whole(folded.shadow());
  std::vector<re2::StringPiece> sub(rule.re->NumberOfCapturingGroups() + 1);
  for (size_t pos = 0; pos <= whole.size();) {
    if (!rule.re->Match(whole, pos, whole.size(), RE2::UNANCHORED, sub.data(),
                        static_cast<int>(sub.size()))) {
      return false;
    }
    size_t resume = 0;
    if (rule.recognized_group == 0 ||
        (matchers_->agency_names_recognizer &&
         Recognize(rule, *matchers_->agency_names_recognizer, canon_, folded, text, &sub,
                   &resume))) {
      return true;
    }
    pos = std::max(resume, static_cast<size_t>(sub[0].data() - whole.data()) + 1);
  }
  return false;
}

namespace {

// The shadow is cut into chunks at line ends; the kind's RE2::Set runs on
// each chunk (plus an overlap into the next, so a match across the cut is
// still seen whole) and a rule's own RE2 runs only in the chunks where the
// Set says it can fire. Seen alone, a chunk can only gain matches (its edges
// count as text edges for ^, $ and \b), never lose one that lies inside it.
constexpr size_t kChunkBytes = 2048;
constexpr size_t kChunkOverlap = 768;  // longest match sure to be found
constexpr size_t kScanTail = 768;      // room for a match to run past its chunk

std::vector<std::pair<size_t, size_t>> Chunks(const std::string& shadow) {
  std::vector<std::pair<size_t, size_t>> chunks;
  for (size_t start = 0; start < shadow.size();) {
    size_t end = std::min(shadow.size(), start + kChunkBytes);
    if (end < shadow.size()) {
      size_t nl = shadow.find('\n', end);
      end = (nl == std::string::npos || nl - start > 2 * kChunkBytes) ? end : nl + 1;
    }
    chunks.emplace_back(start, end);
    start = end;
  }
  return chunks;
}

Candidate MakeCandidate(const CompiledRule& rule, const std::vector<re2::StringPiece>& sub,
                        const FoldedText& folded) {
  const std::string& shadow = folded.shadow();
  size_t s = sub[0].data() - shadow.data();
  size_t e = s + sub[0].size();
  Candidate c;
  c.rule = &rule;
  c.match_length = e - s;
  const re2::StringPiece& span = sub[rule.span_group];
  size_t span_s = span.data() ? span.data() - shadow.data() : s;
  size_t span_e = span.data() ? span_s + span.size() : e;
  c.span_start = span_s;
  c.span_end = span_e;
  c.start = folded.ToOriginal(span_s);
  c.end = folded.ToOriginal(span_e);
  c.groups.reserve(rule.slot_groups.size());
  for (const auto& [slot, group] : rule.slot_groups) {
    if (!sub[group].data()) {
      c.groups.emplace_back(std::string::npos, 0);
      continue;
    }
    size_t gs = sub[group].data() - shadow.data();
    c.groups.emplace_back(gs, gs + sub[group].size());
  }
  return c;
}

// Fills the candidate's slots from its groups and its rule's constants.
void FillSlots(const Rule& source, const FoldedText& folded, std::string_view text,
               Candidate* c) {
  const std::string& shadow = folded.shadow();
  const auto& slot_groups = c->rule->slot_groups;
  for (size_t k = 0; k < slot_groups.size(); ++k) {
    const auto& [gs, ge] = c->groups[k];
    if (gs == std::string::npos) continue;
    Slot value;
    value.start = folded.ToOriginal(gs);
    value.end = folded.ToOriginal(ge);
    value.original = std::string(text.substr(value.start, value.end - value.start));
    value.folded = shadow.substr(gs, ge - gs);
    c->slots[slot_groups[k].first] = std::move(value);
  }
  for (const auto& [slot, value] : source.sets) c->slots[slot] = Slot{value, value, 0, 0};
}

// A place that ends a match ends with its capitalized words, before
// overlapping matches are resolved: "... của UBND tỉnh và Công văn số 2871/..."
// must not swallow the next reference.
void TrimPlaceTail(const FoldedText& folded, std::string_view text, const Vocabulary& vocabulary,
                   Candidate* c) {
  const auto& slot_groups = c->rule->slot_groups;
  for (size_t k = 0; k < slot_groups.size(); ++k) {
    if (slot_groups[k].first != "issuer_place") continue;
    const auto& [gs, ge] = c->groups[k];
    if (gs == std::string::npos) return;
    Slot place;
    place.start = folded.ToOriginal(gs);
    place.end = folded.ToOriginal(ge);
    if (place.end != c->end) return;
    place.original = std::string(text.substr(place.start, place.end - place.start));
    c->end = std::max(c->start, PlaceEnd(place, vocabulary));
    return;
  }
}

// For each rule, the Set's verdicts chunk by chunk are joined into runs of
// consecutive chunks where it can fire, and the rule's RE2 scans each run in
// one go: a run ending at a cut no longer rescans the overlap (and the tail
// past it) once per chunk, which cost most of the time on dense plans.
// hits[kind][chunk]: the rules (positions in their kind) that can fire in
// each chunk, from one scan of the Set of all rules where it can.
using ChunkHits = std::vector<std::vector<std::vector<int>>>;

ChunkHits FindChunkHits(const std::vector<KindMatcher>& kinds, const RE2::Set* all,
                        const std::vector<std::pair<size_t, size_t>>& all_to_kind,
                        const std::string& shadow,
                        const std::vector<std::pair<size_t, size_t>>& chunks) {
  ChunkHits hits(kinds.size(), std::vector<std::vector<int>>(chunks.size()));
  const re2::StringPiece whole(shadow);
  std::vector<int> found;
  for (size_t c = 0; c < chunks.size(); ++c) {
    const auto& [chunk_start, chunk_end] = chunks[c];
    size_t seen_end = std::min(shadow.size(), chunk_end + kChunkOverlap);
    const re2::StringPiece seen = whole.substr(chunk_start, seen_end - chunk_start);
    found.clear();
    RE2::Set::ErrorInfo error{RE2::Set::kNoError};
    if (all && (all->Match(seen, &found, &error) || error.kind == RE2::Set::kNoError)) {
      for (int i : found) {
        const auto& [kind, rule] = all_to_kind[i];
        hits[kind][c].push_back(static_cast<int>(rule));
      }
      continue;
    }
    for (size_t k = 0; k < kinds.size(); ++k) {
      if (!kinds[k].rules.empty()) kinds[k].set->Match(seen, &hits[k][c]);
    }
  }
  return hits;
}

// Checks a match's recognized group against the agency recognizer. Returns
// true to keep the match (its group and end extended when the group ends the
// match); false to drop it, with `*resume` where to look for the next match.
bool Recognize(const CompiledRule& rule, const AgencyNameRecognizer& recognizer,
               const CanonTable& canon, const FoldedText& folded, std::string_view original,
               std::vector<re2::StringPiece>* sub, size_t* resume) {
  const std::string& shadow = folded.shadow();
  re2::StringPiece& group = (*sub)[rule.recognized_group];
  re2::StringPiece& whole = (*sub)[0];
  const size_t s = whole.data() - shadow.data(), e = s + whole.size();
  if (!group.data()) {  // a branch that matches what is no agency: skip it
    *resume = e > s ? e : s + 1;
    return false;
  }
  const size_t gs = group.data() - shadow.data(), ge = gs + group.size();
  size_t name_end = recognizer.NameEnd(folded, original, gs, rule.head_kind, ge, &canon);
  // A unit head written with accents must be spelled as the head is:
  // "Trưởng Công an huyện" names a post, and "Công an huyện" is the agency.
  if (name_end != std::string::npos && rule.head_kind == AgencyNameRecognizer::HeadKind::kUnit) {
    const size_t from = folded.ToOriginal(gs), to = folded.ToOriginal(name_end);
    if (canon.HeadWrittenOtherwise(original.substr(from, to - from))) {
      name_end = std::string::npos;
    }
  }
  if (name_end != std::string::npos && ge == e) {
    group = re2::StringPiece(group.data(), name_end - gs);
    whole = re2::StringPiece(whole.data(), std::max(name_end, gs) - s);
    return true;
  }
  if (name_end == ge) return true;
  *resume = name_end != std::string::npos && name_end > s ? name_end : s + 1;
  return false;
}

std::vector<Candidate> RunKind(const KindMatcher& km, const FoldedText& folded,
                               std::string_view original,
                               const AgencyNameRecognizer* recognizer, const CanonTable& canon,
                               const std::vector<std::pair<size_t, size_t>>& chunks,
                               const std::vector<std::vector<int>>& chunk_hits) {
  std::vector<Candidate> out;
  if (km.rules.empty()) return out;
  const std::string& shadow = folded.shadow();
  const re2::StringPiece whole(shadow);
  // runs[rule]: [first chunk, last chunk] of each run of firing chunks.
  std::vector<std::vector<std::pair<size_t, size_t>>> runs(km.rules.size());
  for (size_t c = 0; c < chunks.size(); ++c) {
    for (int hit : chunk_hits[c]) {
      auto& rule_runs = runs[hit];
      if (!rule_runs.empty() && rule_runs.back().second + 1 == c) {
        rule_runs.back().second = c;
      } else {
        rule_runs.emplace_back(c, c);
      }
    }
  }
  std::vector<re2::StringPiece> sub;
  for (size_t hit = 0; hit < km.rules.size(); ++hit) {
    const CompiledRule& rule = km.rules[hit];
    int matches_left = kMaxMatchesPerRule;
    size_t cursor = 0;
    sub.assign(rule.re->NumberOfCapturingGroups() + 1, re2::StringPiece());
    for (const auto& [first, last] : runs[hit]) {
      const size_t run_start = chunks[first].first, run_end = chunks[last].second;
      const size_t seen_end = std::min(shadow.size(), run_end + kChunkOverlap);
      const size_t scan_end = std::min(shadow.size(), seen_end + kScanTail);
      size_t pos = std::max(cursor, run_start);
      const int wanted = rule.whole_group ? 1 : static_cast<int>(sub.size());
      while (pos < run_end && matches_left > 0 &&
             rule.re->Match(whole, pos, scan_end, RE2::UNANCHORED, sub.data(), wanted)) {
        size_t s = sub[0].data() - shadow.data();
        if (s >= run_end) break;  // the next run's
        if (rule.whole_group) sub[rule.whole_group] = sub[0];
        size_t resume = 0;
        if (rule.recognized_group > 0 &&
            (!recognizer ||
             !Recognize(rule, *recognizer, canon, folded, original, &sub, &resume))) {
          pos = std::max(resume, s + 1);
          continue;
        }
        size_t e = s + sub[0].size();
        out.push_back(MakeCandidate(rule, sub, folded));
        --matches_left;
        // Text after the record's span is context, not taken: the next match
        // may start in it ("12.850 ha, ...\n6.300 ha": the line break that
        // ended one quota starts the next).
        const size_t span_end = out.back().span_end;
        pos = span_end > s && span_end < e ? span_end : (e > s ? e : s + 1);
      }
      cursor = pos;
    }
  }
  return out;
}

// Gives `c` (an agency name) the slots of the first attachment rule whose
// `before` and `after` fit the text around the name.
void Attach(const std::vector<Attachment>& attachments, const RuleSetData& data,
            const FoldedText& folded, std::string_view original, Candidate* c) {
  const std::string& shadow = folded.shadow();
  std::vector<re2::StringPiece> sub;
  for (const Attachment& a : attachments) {
    if (a.before) {
      const re2::StringPiece head(shadow.data(), c->span_start);
      size_t from = c->span_start > kBeforeWindow ? c->span_start - kBeforeWindow : 0;
      if (!a.before->Match(head, from, head.size(), RE2::UNANCHORED, nullptr, 0)) continue;
    }
    if (a.after) {
      sub.assign(a.after->NumberOfCapturingGroups() + 1, re2::StringPiece());
      size_t to = std::min(shadow.size(), c->span_end + kAfterWindow);
      if (!a.after->Match(shadow, c->span_end, to, RE2::ANCHOR_START, sub.data(),
                          static_cast<int>(sub.size()))) {
        continue;
      }
      for (const auto& [slot, group] : a.after_slots) {
        if (!sub[group].data()) continue;
        size_t gs = sub[group].data() - shadow.data(), ge = gs + sub[group].size();
        Slot value;
        value.start = folded.ToOriginal(gs);
        value.end = folded.ToOriginal(ge);
        value.original = std::string(original.substr(value.start, value.end - value.start));
        value.folded = shadow.substr(gs, ge - gs);
        c->slots[slot] = std::move(value);
      }
    }
    const Rule& rule = data.rules[a.index];
    for (const auto& [slot, value] : rule.sets) c->slots[slot] = Slot{value, value, 0, 0};
    c->attached = &rule;
    return;
  }
}

// A numbered heading line of the shadow: its title ("ii. danh gia tinh
// hinh", "1. ket qua dat duoc:"), or for a labeled item the label ("1. tinh
// hinh: nam 2023 ..." -> "tinh hinh"), and whether it is numbered in roman
// (a part: I., II.) rather than arabic (an item inside one).
struct Heading {
  std::string_view title;  // empty: no heading
  bool roman = false;
};

Heading ReadHeading(std::string_view line) {
  size_t i = line.find_first_not_of(" \t*#");
  if (i == std::string_view::npos) return {};
  size_t number = i;
  while (i < line.size() && (line[i] == 'i' || line[i] == 'v' || line[i] == 'x')) ++i;
  const bool roman = i > number;
  if (!roman) {
    while (i < line.size() && line[i] >= '0' && line[i] <= '9') ++i;
  }
  if (i == number || i - number > 4 || i >= line.size() || (line[i] != '.' && line[i] != ')')) {
    return {};
  }
  std::string_view title = line.substr(i + 1);
  while (!title.empty() && (title.front() == ' ' || title.front() == '\t')) title.remove_prefix(1);
  // "d) ket qua du kien: to chuc 02 dot": the label before the colon.
  constexpr size_t kMaxLabel = 40;
  if (size_t colon = title.find(':'); colon != std::string_view::npos && colon <= kMaxLabel) {
    title = title.substr(0, colon);
  }
  while (!title.empty() && (title.back() == ' ' || title.back() == '\t' || title.back() == '\r')) {
    title.remove_suffix(1);
  }
  if (title.size() < 3 || title.size() > 120 || title.find(':') != std::string_view::npos) return {};
  return {title, roman};
}

// Drops the quotas that sit in a section reporting what was done. A heading
// or labeled item whose title matches `fact` ("I. KẾT QUẢ", "1. Tình hình:")
// opens one unless it also matches `target` ("Tình hình và chỉ tiêu", "kết
// quả dự kiến"), which opens a section of targets. An arabic item whose title
// says neither belongs to the roman part it is in.
void DropQuotasInFactSections(const FoldedText& folded, const RE2& fact, const RE2* target,
                              std::vector<Record>* records) {
  if (std::none_of(records->begin(), records->end(),
                   [](const Record& r) { return IsKind(r, RecordKind::kQuota); })) {
    return;
  }
  const std::string_view shadow = folded.shadow();
  std::vector<std::pair<size_t, bool>> sections;  // start (original), is a fact section
  bool part_is_fact = false;
  for (size_t start = 0; start < shadow.size();) {
    size_t end = shadow.find('\n', start);
    if (end == std::string_view::npos) end = shadow.size();
    const Heading heading = ReadHeading(shadow.substr(start, end - start));
    if (!heading.title.empty()) {
      const re2::StringPiece piece(heading.title.data(), heading.title.size());
      const bool says_target = target && RE2::PartialMatch(piece, *target);
      const bool says_fact = !says_target && RE2::PartialMatch(piece, fact);
      bool is_fact = says_fact;
      if (heading.roman) {
        part_is_fact = says_fact;
      } else if (!says_fact && !says_target) {
        is_fact = part_is_fact;
      }
      // From the line's start: a labeled item's own line is its section.
      sections.emplace_back(folded.ToOriginal(start), is_fact);
    }
    start = end + 1;
  }
  if (sections.empty()) return;
  records->erase(std::remove_if(records->begin(), records->end(),
                                [&](const Record& r) {
                                  if (!IsKind(r, RecordKind::kQuota)) return false;
                                  auto it = std::upper_bound(
                                      sections.begin(), sections.end(),
                                      std::make_pair(r.start, true));
                                  return it != sections.begin() && std::prev(it)->second;
                                }),
                 records->end());
}

// True when [start, end) is all of a list item: a dash opens its line, and
// only ';', ',', '.' or a note in parentheses follow it there ("- Sở Nội
// vụ;", "- UBND tỉnh (b/c);").
bool IsListItemAlone(std::string_view text, size_t start, size_t end) {
  size_t before = start;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  if (before == 0 || (text[before - 1] != '-' && text[before - 1] != '+')) return false;
  --before;
  while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\t')) --before;
  if (before > 0 && text[before - 1] != '\n') return false;
  size_t after = end;
  while (after < text.size()) {
    const char c = text[after];
    if (c == '(') {
      const size_t close = text.find(')', after);
      if (close == std::string_view::npos || text.substr(after, close - after).find('\n') !=
                                                  std::string_view::npos) {
        return false;
      }
      after = close + 1;
    } else if (c == ' ' || c == '\t' || c == ';' || c == ',' || c == '.') {
      ++after;
    } else {
      break;
    }
  }
  return after == text.size() || text[after] == '\n' || text[after] == '\r';
}

// Longest match first; a span already taken by a longer match is dropped.
std::vector<Candidate> Resolve(std::vector<Candidate> candidates) {
  std::stable_sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.match_length != b.match_length) return a.match_length > b.match_length;
    return a.rule->index < b.rule->index;
  });
  std::set<std::pair<size_t, size_t>> accepted;
  std::vector<Candidate> out;
  for (Candidate& c : candidates) {
    if (c.end <= c.start || OverlapsAccepted(accepted, c.start, c.end)) continue;
    accepted.insert({c.start, c.end});
    out.push_back(std::move(c));
  }
  return out;
}

// A document does not cite itself: its own number again in prose
// ("bảo đảm kinh phí thực hiện Kế hoạch số 47/KH-UBND") is no reference. The
// same number and symbol with another date is another document.
void DropSelfReferences(const Record& document, std::vector<Record>* records) {
  const std::string number = document.FieldText("number"),
                    symbol = document.FieldText("symbol"), date = document.FieldText("date");
  if (number.empty() || symbol.empty()) return;
  std::erase_if(*records, [&](const Record& r) {
    if (!IsKind(r, RecordKind::kLegalRef) || r.FieldText("symbol") != symbol) return false;
    if (std::atoi(r.FieldText("number").c_str()) != std::atoi(number.c_str())) return false;
    const std::string cited = r.FieldText("date");
    return cited.empty() || date.empty() || cited == date;
  });
}

}  // namespace

std::vector<Record> CompiledRules::Extract(std::string_view text) const {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  FoldedText folded(text, data_.confusions);
  LineIndex lines(text);
  std::vector<Record> records;
  auto make_record = [&](RecordKind kind, size_t start, size_t end, const Rule& rule,
                         Fields fields) {
    Record r;
    r.kind = std::string(KindName(kind));
    r.start = start;
    r.end = end;
    r.text = std::string(text.substr(start, end - start));
    r.line = lines.LineOf(start);
    r.rule = rule.Tag();
    r.fields = std::move(fields);
    return r;
  };

  // The document record first: the others resolve implicit years against it.
  NameCache names;
  DocumentContext context;
  names.shared = &matchers_->agency_names;
  context.names = &names;
  context.text = text;
  const std::vector<std::pair<size_t, size_t>> chunks = Chunks(folded.shadow());
  const ChunkHits hits = FindChunkHits(matchers_->kinds, matchers_->all.get(),
                                       matchers_->all_to_kind, folded.shadow(), chunks);
  std::vector<Candidate> pieces =
      RunKind(matchers_->kinds[static_cast<size_t>(RecordKind::kDocument)], folded, text, matchers_->agency_names_recognizer.get(), canon_,
              chunks, hits[static_cast<size_t>(RecordKind::kDocument)]);
  for (Candidate& c : pieces) FillSlots(data_.rules[c.rule->index], folded, text, &c);
  std::stable_sort(pieces.begin(), pieces.end(),
                   [](const Candidate& a, const Candidate& b) { return a.start < b.start; });
  Slots merged;
  const Candidate* primary = nullptr;
  size_t doc_start = text.size(), doc_end = 0;
  for (const Candidate& c : pieces) {
    // The header's pieces make the record's span; pieces far below (the
    // annex line that completes a date) only lend their slots.
    bool header = !primary || c.start < doc_start + kHeaderBytes;
    if (MergeDocumentPiece(c.slots, &merged) && header) {
      if (!primary) primary = &c;
      doc_start = std::min(doc_start, c.start);
      doc_end = std::max(doc_end, c.end);
    }
  }
  if (!primary && !pieces.empty()) {
    primary = &pieces.front();
    doc_start = primary->start;
    doc_end = primary->end;
  }
  if (primary) {
    Fields fields = BuildFields(RecordKind::kDocument, merged, canon_, context);
    for (const auto& [name, value] : fields) {
      const std::string* s = std::get_if<std::string>(&value);
      if (!s) continue;
      if (name == "date") {
        context.year = std::atoi(s->c_str());
        if (s->size() >= 7) context.month = std::atoi(s->c_str() + 5);
      } else if (name == "issuer") {
        context.issuer = *s;
      } else if (name == "doc_type") {
        context.doc_type = *s;
      }
    }
    records.push_back(make_record(RecordKind::kDocument, doc_start, std::max(doc_start, doc_end),
                                  data_.rules[primary->rule->index], std::move(fields)));
  }

  // Then every other kind, in schema order.
  for (size_t k = 0; k < matchers_->kinds.size(); ++k) {
    const KindMatcher& km = matchers_->kinds[k];
    if (km.kind == RecordKind::kDocument) continue;
    std::vector<Candidate> found =
        RunKind(km, folded, text, matchers_->agency_names_recognizer.get(), canon_, chunks,
                hits[k]);
    for (Candidate& c : found) TrimPlaceTail(folded, text, canon_.vocabulary(), &c);
    for (Candidate& c : Resolve(std::move(found))) {
      FillSlots(data_.rules[c.rule->index], folded, text, &c);
      if (km.kind == RecordKind::kAgency) {
        Attach(matchers_->attachments, data_, folded, text, &c);
        // "- Sở Nội vụ;" under "Nơi nhận": a list of addressees (the
        // document's recipients), not agencies given something to do.
        if (!c.attached && IsListItemAlone(text, c.start, c.end)) continue;
      }
      size_t span_end = std::string::npos;
      Fields fields = BuildFields(km.kind, c.slots, canon_, context, &span_end);
      if (fields.empty()) continue;
      if (span_end > c.start && span_end < c.end) c.end = span_end;
      const Rule& maker = c.attached ? *c.attached : data_.rules[c.rule->index];
      records.push_back(make_record(km.kind, c.start, c.end, maker, std::move(fields)));
    }
  }
  if (matchers_->fact_section) {
    DropQuotasInFactSections(folded, *matchers_->fact_section, matchers_->target_section.get(),
                             &records);
  }
  if (primary) DropSelfReferences(records.front(), &records);
  AttachTableContext(text, canon_, &records);
  std::stable_sort(records.begin() + (primary ? 1 : 0), records.end(),
                   [](const Record& a, const Record& b) { return a.start < b.start; });
  AssembleTasks(text, canon_.vocabulary(), &records);
  return records;
}

size_t CompiledRules::RunStages(std::string_view text, Stage last) const {
  if (text.size() > kMaxTextBytes) text = text.substr(0, kMaxTextBytes);
  FoldedText folded(text, data_.confusions);
  const std::vector<std::pair<size_t, size_t>> chunks = Chunks(folded.shadow());
  const ChunkHits hits = FindChunkHits(matchers_->kinds, matchers_->all.get(),
                                       matchers_->all_to_kind, folded.shadow(), chunks);
  size_t count = 0;
  for (size_t k = 0; k < matchers_->kinds.size(); ++k) {
    if (last == Stage::kGate) {
      for (const auto& chunk_hits : hits[k]) count += chunk_hits.size();
      continue;
    }
    count += RunKind(matchers_->kinds[k], folded, text, matchers_->agency_names_recognizer.get(),
                     canon_, chunks, hits[k])
                 .size();
  }
  return count;
}

std::string CompiledRules::RulesVersion() const {
  std::string out = "rules " + data_.version + " " + data_.digest + ":";
  for (const KindMatcher& km : matchers_->kinds) {
    int rules = 0, versions = 0;
    for (const Rule& r : data_.rules) {
      if (r.kind != km.kind) continue;
      ++rules;
      versions += r.version;
    }
    out += " " + std::string(KindName(km.kind)) + "@" + std::to_string(rules) + "r" +
           std::to_string(versions);
  }
  return out;
}

}  // namespace sohoa
