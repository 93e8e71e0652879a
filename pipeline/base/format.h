// Numbers as page notes and messages show them.
#ifndef SOHOA_PIPELINE_BASE_FORMAT_H_
#define SOHOA_PIPELINE_BASE_FORMAT_H_

#include <string>

namespace sohoa {

// `value` with `digits` digits after the point: FormatFixed(0.4137, 2) is "0.41".
std::string FormatFixed(double value, int digits);

// A share (0..1) as a whole percentage: FormatPercent(0.966) is "97%".
std::string FormatPercent(double share);

}  // namespace sohoa

#endif  // SOHOA_PIPELINE_BASE_FORMAT_H_
