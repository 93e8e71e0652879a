#include "pipeline/extract/table_context.h"

namespace sohoa {

void AttachTableContext(std::string_view, std::string_view, std::vector<Record>*,
                        const CanonTable&) {}

}  // namespace sohoa
