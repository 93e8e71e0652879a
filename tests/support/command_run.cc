#include "tests/support/command_run.h"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/support/test_files.h"

namespace sohoa::testing_files {

CommandResult RunCommand(const std::string& program, const std::string& args,
                         const std::string& tag, const std::string& stdin_file) {
  static int counter = 0;
  const std::string base = testing::TempDir() + "/sohoa_" + tag + "_" +
                           std::to_string(getpid()) + "_" + std::to_string(counter++);
  std::string cmd = program + " " + args + " >" + base + ".out 2>" + base + ".err";
  if (!stdin_file.empty()) cmd += " <" + stdin_file;
  const int status = std::system(cmd.c_str());
  CommandResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = ReadFileOrDie(base + ".out");
  r.err = ReadFileOrDie(base + ".err");
  std::remove((base + ".out").c_str());
  std::remove((base + ".err").c_str());
  return r;
}

int64_t QueryInt(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr);
  const int64_t v = (st && sqlite3_step(st) == SQLITE_ROW) ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

}  // namespace sohoa::testing_files
