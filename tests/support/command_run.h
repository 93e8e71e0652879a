// Running a program under test through the shell, and reading a number back
// from the SQLite database it wrote: the end-to-end tests of the CLI
// (tests/e2e/cli_test) and of nightly runs (tests/ops/ops_test).
#ifndef SOHOA_TESTS_SUPPORT_COMMAND_RUN_H_
#define SOHOA_TESTS_SUPPORT_COMMAND_RUN_H_

#include <cstdint>
#include <string>

namespace sohoa::testing_files {

struct CommandResult {
  int exit_code = -1;  // -1 when the program did not exit normally
  std::string out, err;
};

// Runs `program ARGS` (shell words, already quoted where needed), with stdin
// from `stdin_file` when it is given, and waits for it. Its stdout and stderr
// go through files under the test temp dir named after `tag`, removed after.
CommandResult RunCommand(const std::string& program, const std::string& args,
                         const std::string& tag, const std::string& stdin_file = "");

// The first column of the first row of `sql` over the database at
// `db_path`, opened read-only; -1 when there is no such row.
int64_t QueryInt(const std::string& db_path, const std::string& sql);

}  // namespace sohoa::testing_files

#endif  // SOHOA_TESTS_SUPPORT_COMMAND_RUN_H_
