// `sohoa run`, `sohoa failures` and `sohoa prune`: batch runs into a
// database and JSON Lines, and the commands that look after the database.
#ifndef SOHOA_TOOLS_SOHOA_RUN_COMMAND_H_
#define SOHOA_TOOLS_SOHOA_RUN_COMMAND_H_

#include <string>
#include <vector>

namespace sohoa::cli {

// Each returns the process's exit code (README.md, "Exit codes").
int RunCommand(const std::vector<std::string>& args, const std::string& command_line);
int FailuresCommand(const std::vector<std::string>& args);
int PruneCommand(const std::vector<std::string>& args);

}  // namespace sohoa::cli

#endif  // SOHOA_TOOLS_SOHOA_RUN_COMMAND_H_
