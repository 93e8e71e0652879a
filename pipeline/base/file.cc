#include "pipeline/base/file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/stat.h>

namespace sohoa {

Status ErrnoToStatus(int err, const std::string& path, std::string_view action) {
  std::string msg = path + ": cannot " + std::string(action) + ": " + std::strerror(err);
  switch (err) {
    case ENOENT: case ENOTDIR: return NotFoundError(std::move(msg));
    case EACCES: case EPERM: return PermissionDeniedError(std::move(msg));
    case EISDIR: return InvalidArgumentError(std::move(msg));
    default: return InternalError(std::move(msg));
  }
}

StatusOr<std::string> ReadFile(const std::string& path, uint64_t max_bytes) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return ErrnoToStatus(errno, path, "read");
  if (S_ISDIR(st.st_mode)) return InvalidArgumentError(path + ": is a directory, not a file");
  if (static_cast<uint64_t>(st.st_size) > max_bytes) {
    return ResourceExhaustedError(path + ": file is " + std::to_string(st.st_size) +
                                  " bytes, above the limit of " + std::to_string(max_bytes));
  }
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return ErrnoToStatus(errno, path, "open");
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t got = data.empty() ? 0 : std::fread(data.data(), 1, data.size(), f);
  bool read_error = std::ferror(f) != 0;
  int err = errno;
  std::fclose(f);
  if (read_error) return ErrnoToStatus(err, path, "read");
  data.resize(got);  // the file may have shrunk since stat()
  return data;
}

Status WriteFileAtomically(const std::string& path, const std::string& contents) {
  std::string tmp = path + ".tmp";
  std::FILE* f = std::fopen(tmp.c_str(), "wb");
  if (f == nullptr) return ErrnoToStatus(errno, tmp, "create");
  bool ok = std::fwrite(contents.data(), 1, contents.size(), f) == contents.size();
  ok = (std::fflush(f) == 0) && ok;
  int err = errno;
  std::fclose(f);
  if (!ok) {
    std::remove(tmp.c_str());
    return ErrnoToStatus(err, tmp, "write");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    err = errno;
    std::remove(tmp.c_str());
    return ErrnoToStatus(err, path, "replace");
  }
  return Status::Ok();
}

}  // namespace sohoa
