// What document records and legal references share: the issuer's name and
// a document symbol in canonical form. Internal to the extract stage; pure
// functions, thread-safe.
#ifndef SOHOA_PIPELINE_EXTRACT_DOCUMENT_PARTS_H_
#define SOHOA_PIPELINE_EXTRACT_DOCUMENT_PARTS_H_

#include <string>
#include <string_view>

#include "pipeline/extract/canon.h"
#include "pipeline/extract/record_builder.h"

namespace sohoa::build {

// The issuer's canonical name from the slots `issuer` and `issuer_place`
// ("UBND tỉnh" in a plan of "Ủy ban nhân dân tỉnh Hưng Yên" is that one);
// "" when there is no issuer.
std::string IssuerName(const Slots& slots, const CanonTable& canon, const DocumentContext& ctx);

// "nd-cp" -> "NĐ-CP": each part from the symbol table, else as written when
// the writing tells more than the fold ("BGDĐT"), else upper case.
std::string CanonicalSymbol(std::string_view folded, std::string_view written,
                            const CanonTable& canon);

}  // namespace sohoa::build

#endif  // SOHOA_PIPELINE_EXTRACT_DOCUMENT_PARTS_H_
