#include <algorithm>

#include "pipeline/extract/builder_common.h"
#include "pipeline/extract/document_parts.h"
#include "pipeline/extract/kind_builders.h"

namespace sohoa::build {

namespace {

// The type of a reference: from its words ("Thông báo kết luận => Thông
// báo": a kind named by its family), for a named law "Luật", else from its
// symbol's code; for a code that starts with its issuer, what the rule says.
std::string RefDocType(const Slots& slots, const CanonTable& canon,
                       const std::string& canonical_symbol) {
  const Slot* type = Get(slots, "doc_type");
  std::string doc_type = type ? canon.Expand("doc_type", type->original) : "";
  if (doc_type.empty() && type) doc_type = canon.Lookup("doc_type", type->original);
  if (doc_type.empty() && type) {
    doc_type = Get(slots, "name") ? "Luật" : CapitalizeFirst(Clean(type->original));
  }
  if (doc_type.empty() && Get(slots, "symbol")) {
    std::string code = canonical_symbol.substr(0, canonical_symbol.find_first_of("-/"));
    doc_type = canon.Expand("type_code", code);
  }
  const Slot* untyped = Get(slots, "untyped");
  if (doc_type.empty() && untyped) doc_type = untyped->original;
  return doc_type;
}

// True when a law's name opens as an amending law's does (AMENDING: "Luật
// sửa đổi, bổ sung một số điều của Luật ..."); such a name need not start
// with a capital.
bool IsAmending(const Slot& name, const CanonTable& canon) {
  const std::string key = canon.Key(name.original);
  for (const Vocabulary::Entry& entry : canon.vocabulary().List(kAmending)) {
    if (key.rfind(entry.key, 0) == 0) return true;
  }
  return false;
}

// A law cited by its name: "Luật Đất đai năm 2013". Accented text is kept as
// written: the canonical words are for garble, and would turn a written "bổ
// sung" into "bộ sung".
std::string NamedRef(const Slot& name, const std::string& doc_type, bool amending, int year,
                     const CanonTable& canon) {
  std::string written = Clean(name.original);
  // OCR marks a vowel it could not read with '?': "Luật Lưu tri? năm 2011".
  written.erase(std::remove(written.begin(), written.end(), '?'), written.end());
  std::string restored = AccentedWell(written) ? written : canon.Restore(written, false);
  std::string ref = doc_type + " " + (amending ? restored : CapitalizeFirst(restored));
  if (year > 0) ref += " năm " + std::to_string(year);
  return ref;
}

}  // namespace

Fields BuildLegalRef(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx,
                     size_t* /*span_end*/) {
  const Slot* type = Get(slots, "doc_type");
  const Slot* symbol = Get(slots, "symbol");
  const Slot* number = Get(slots, "number");
  const Slot* ref = Get(slots, "ref");
  const Slot* name = Get(slots, "name");
  std::string canonical_symbol =
      symbol ? CanonicalSymbol(symbol->folded, symbol->original, canon) : "";
  const std::string doc_type = RefDocType(slots, canon, canonical_symbol);
  std::string num = number ? Digits(number->folded) : "";
  int year = SlotNumber(slots, "year");
  const bool amending = name && IsAmending(*name, canon);
  if (name && (!type || !IsUpperInitial(type->original) ||
               (!IsUpperInitial(name->original) && !amending))) {
    return {};  // "pháp luật trên địa bàn năm 2022" names no law
  }
  std::string ref_text;
  if (ref) {
    ref_text = ref->original;
  } else if (name && num.empty()) {
    ref_text = NamedRef(*name, doc_type, amending, year, canon);
  } else {
    if (num.empty() || canonical_symbol.empty()) return {};
    bool party_style = canonical_symbol.find('/') != std::string::npos;
    ref_text = num + (party_style ? "-" : "/");
    if (year > 0) ref_text += std::to_string(year) + "/";
    ref_text += canonical_symbol;
  }
  Fields f;
  AddString(&f, "doc_type", doc_type);
  AddString(&f, "number", num);
  if (year > 0) {
    f.emplace_back("year", int64_t{year});
  } else {
    f.emplace_back("year", std::monostate());
  }
  AddString(&f, "symbol", canonical_symbol);
  f.emplace_back("ref", ref_text);
  int date_year = FourDigitYear(SlotNumber(slots, "date_year"));
  if (date_year <= 0 && SlotNumber(slots, "month") > 0) date_year = ctx.year;
  AddDate(&f, "date", date_year, SlotNumber(slots, "month"), SlotNumber(slots, "day"), false);
  AddString(&f, "issuer", IssuerName(slots, canon, ctx));
  return f;
}

}  // namespace sohoa::build
