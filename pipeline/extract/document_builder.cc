#include "pipeline/base/vietnamese.h"
#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/document_parts.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {
namespace {

// True when folded `key` starts with the key of one of `entries`.
bool StartsWithAny(const std::string& key, const std::vector<Vocabulary::Entry>& entries) {
  for (const Vocabulary::Entry& entry : entries) {
    if (key.rfind(entry.key, 0) == 0) return true;
  }
  return false;
}

std::vector<std::string> Recipients(const Slot& slot, const Vocabulary& vocabulary) {
  std::vector<std::string> out;
  std::string_view text = slot.original;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    size_t dash = line.find('-');
    if (dash != std::string_view::npos &&
        line.substr(0, dash).find_first_not_of(" \t*") == std::string_view::npos) {
      std::string_view items = line.substr(dash + 1);
      // "- TT.HU; TT. HDND huyện;": every item ends in ';'. After the last
      // ';' of a line comes the signature column, not a recipient.
      bool has_semicolon = items.find(';') != std::string_view::npos;
      while (!items.empty()) {
        size_t semi = items.find(';');
        if (semi == std::string_view::npos && has_semicolon) break;
        std::string clean = Clean(items.substr(0, semi));
        std::string key = vi::Fold(clean);
        if (!clean.empty() && !StartsWithAny(key, vocabulary.List(kArchive))) {
          out.push_back(clean);
        }
        if (semi == std::string_view::npos) break;
        items.remove_prefix(semi + 1);
      }
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  return out;
}

}  // namespace

Fields BuildDocument(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  Fields f;
  const Slot* type = Get(slots, "doc_type");
  std::string doc_type = type ? canon.Lookup("doc_type", type->original) : "";
  const Slot* symbol = Get(slots, "symbol");
  std::string canonical_symbol =
      symbol ? CanonicalSymbol(symbol->folded, symbol->original, canon) : "";
  if (doc_type.empty() && !canonical_symbol.empty()) {
    doc_type = canon.Expand("type_code", canonical_symbol.substr(0, canonical_symbol.find('-')));
  }
  AddString(&f, "doc_type", doc_type);
  const Slot* number = Get(slots, "number");
  AddString(&f, "number", number ? Digits(number->folded) : "");
  AddString(&f, "symbol", canonical_symbol);
  AddDate(&f, "date", FourDigitYear(SlotNumber(slots, "year")), SlotNumber(slots, "month"),
          SlotNumber(slots, "day"), false);
  const Slot* place = Get(slots, "place");
  std::string place_name;
  if (place) {
    place_name = canon.Lookup("place", Clean(place->original));
    if (place_name.empty()) place_name = canon.AccentPlace("", Clean(place->original));
    if (place_name.empty()) place_name = ProperCaseCapitals(Clean(place->original));
  }
  AddString(&f, "place", place_name);
  AddString(&f, "issuer", IssuerName(slots, canon, ctx));
  const Slot* title = Get(slots, "title");
  AddString(&f, "title", title ? Clean(title->original) : "");
  const Slot* signer = Get(slots, "signer");
  AddString(&f, "signer", signer ? Clean(signer->original) : "");
  const Slot* recipients = Get(slots, "recipients");
  f.emplace_back("recipients", recipients ? Recipients(*recipients, canon.vocabulary()) : std::vector<std::string>());
  return f;
}

}  // namespace sohoa::build
