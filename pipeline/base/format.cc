#include "pipeline/base/format.h"

#include <cmath>
#include <cstdio>

namespace sohoa {

std::string FormatFixed(double value, int digits) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", digits, value);
  return buf;
}

std::string FormatPercent(double share) { return std::to_string(std::lround(share * 100)) + "%"; }

}  // namespace sohoa
