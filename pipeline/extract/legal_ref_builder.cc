#include <algorithm>

#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/document_parts.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {

Fields BuildLegalRef(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  Fields f;
  const Slot* type = Get(slots, "doc_type");
  const Slot* symbol = Get(slots, "symbol");
  const Slot* number = Get(slots, "number");
  const Slot* ref = Get(slots, "ref");
  const Slot* name = Get(slots, "name");
  // "Thông báo kết luận => Thông báo": a kind named by its family.
  std::string doc_type = type ? canon.Expand("doc_type", type->original) : "";
  if (doc_type.empty() && type) doc_type = canon.Lookup("doc_type", type->original);
  if (doc_type.empty() && type) doc_type = name ? "Luật" : CapitalizeFirst(Clean(type->original));
  std::string canonical_symbol =
      symbol ? CanonicalSymbol(symbol->folded, symbol->original, canon) : "";
  if (doc_type.empty() && symbol) {
    std::string code = canonical_symbol.substr(0, canonical_symbol.find_first_of("-/"));
    doc_type = canon.Expand("type_code", code);
  }
  // A code that starts with its issuer, not a type: the rule says what it is.
  const Slot* untyped = Get(slots, "untyped");
  if (doc_type.empty() && untyped) doc_type = untyped->original;
  std::string num = number ? Digits(number->folded) : "";
  int year = SlotNumber(slots, "year");
  std::string ref_text;
  // A law's name starts with a capital, but for an amending law: "Luật sửa
  // đổi, bổ sung một số điều của Luật ...".
  bool amending = false;
  for (const Vocabulary::Entry& entry : canon.vocabulary().List(kAmending)) {
    amending = amending || (name && canon.Key(name->original).rfind(entry.key, 0) == 0);
  }
  if (name && (!type || !IsUpperInitial(type->original) ||
               (!IsUpperInitial(name->original) && !amending))) {
    return {};  // "pháp luật trên địa bàn năm 2022" names no law
  }
  if (ref) {
    ref_text = ref->original;
  } else if (name && num.empty()) {
    // Accented text is kept as written: the canonical words are for garble,
    // and would turn a written "bổ sung" into "bộ sung".
    std::string written = Clean(name->original);
    // OCR marks a vowel it could not read with '?': "Luật Lưu tri? năm 2011".
    written.erase(std::remove(written.begin(), written.end(), '?'), written.end());
    std::string restored = AccentedWell(written) ? written : canon.Restore(written, false);
    ref_text = doc_type + " " + (amending ? restored : CapitalizeFirst(restored));
    if (year > 0) ref_text += " năm " + std::to_string(year);
  } else {
    if (num.empty() || canonical_symbol.empty()) return {};
    bool party_style = canonical_symbol.find('/') != std::string::npos;
    ref_text = num + (party_style ? "-" : "/");
    if (year > 0) ref_text += std::to_string(year) + "/";
    ref_text += canonical_symbol;
  }
  AddString(&f, "doc_type", doc_type);
  AddString(&f, "number", num);
  if (year > 0)
    f.emplace_back("year", int64_t{year});
  else
    f.emplace_back("year", std::monostate());
  AddString(&f, "symbol", canonical_symbol);
  f.emplace_back("ref", ref_text);
  int date_year = FourDigitYear(SlotNumber(slots, "date_year"));
  if (date_year <= 0 && SlotNumber(slots, "month") > 0) date_year = ctx.year;
  AddDate(&f, "date", date_year, SlotNumber(slots, "month"), SlotNumber(slots, "day"), false);
  AddString(&f, "issuer", IssuerName(slots, canon, ctx));
  return f;
}

}  // namespace sohoa::build
