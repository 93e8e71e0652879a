#include "tools/eval_ocr/run_command.h"

#include <cstdio>

namespace sohoa {

std::string ShellQuote(const std::string& s) {
  std::string quoted = "'";
  for (char c : s) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

StatusOr<std::string> RunForOutput(const std::string& command) {
  FILE* pipe = popen((command + " 2>/dev/null").c_str(), "r");
  if (pipe == nullptr) return InternalError("cannot run: " + command);
  std::string out;
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof(buffer), pipe)) > 0;) out.append(buffer, n);
  const int rc = pclose(pipe);
  if (rc != 0) return InternalError(command + " exited with status " + std::to_string(rc));
  return out;
}

}  // namespace sohoa
