#include "pipeline/ocr/openmp_limit.h"

#include <dlfcn.h>

#include <cstdlib>

namespace sohoa {
namespace {

using SetLevelsFn = void (*)(int);

// Looked up at run time so sohoa does not link libgomp itself: it is present
// exactly when the Tesseract build uses it.
SetLevelsFn FindSetMaxActiveLevels() {
  setenv("OMP_THREAD_LIMIT", "1", /*overwrite=*/0);
  return reinterpret_cast<SetLevelsFn>(dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"));
}

}  // namespace

void LimitOpenMpThreads() {
  static const SetLevelsFn set_max_active_levels = FindSetMaxActiveLevels();
  if (set_max_active_levels != nullptr) set_max_active_levels(0);
}

}  // namespace sohoa
