// Status and StatusOr<T>: how every fallible call in sohoa reports failure.
//
// A Status is either OK or carries a code and a message meant for a person:
// it names the file, the page and what to do ("scan.tif page 3: image is
// 60000x60000 pixels, above the limit of 100 megapixels; raise --max-pixels").
// Library error styles (Tesseract's -1, ICU's UErrorCode, RE2's ok(), SQLite's
// rc) are translated into a Status once, in the stage adapter that calls them.
// No exception crosses a stage boundary.
//
// Status and StatusOr are values: cheap to copy when OK, safe to share
// read-only between threads.
#ifndef SOHOA_PIPELINE_BASE_STATUS_H_
#define SOHOA_PIPELINE_BASE_STATUS_H_

#include <cassert>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace sohoa {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,     // the input is malformed (bad file, bad flag, bad rule)
  kNotFound,            // a file, page or model does not exist
  kPermissionDenied,    // the file exists but cannot be read or written
  kDataLoss,            // a file is truncated or corrupt (model checksum, image)
  kResourceExhausted,   // over a configured limit (pixels, bytes)
  kFailedPrecondition,  // the system is not in a state to do this (wrong version)
  kUnimplemented,       // a format or feature sohoa does not handle
  kInternal,            // a bug or an unexpected library failure
};

std::string_view StatusCodeName(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message)
      : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "InvalidArgument: scan.png: not an image".
  std::string ToString() const;

  // Returns a copy whose message is "prefix: message"; OK stays OK.
  Status WithPrefix(std::string_view prefix) const;

  friend bool operator==(const Status& a, const Status& b) {
    return a.code_ == b.code_ && a.message_ == b.message_;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

Status InvalidArgumentError(std::string message);
Status NotFoundError(std::string message);
Status PermissionDeniedError(std::string message);
Status DataLossError(std::string message);
Status ResourceExhaustedError(std::string message);
Status FailedPreconditionError(std::string message);
Status UnimplementedError(std::string message);
Status InternalError(std::string message);

// Either a value of T or a non-OK Status. Accessing value() of an error is a
// programming error (asserted in debug builds).
template <typename T>
class [[nodiscard]] StatusOr {
 public:
  StatusOr(const Status& status) : rep_(status) {  // NOLINT: implicit by design
    assert(!status.ok() && "StatusOr built from an OK status has no value");
  }
  StatusOr(Status&& status) : rep_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(rep_).ok());
  }
  StatusOr(const T& value) : rep_(value) {}        // NOLINT
  StatusOr(T&& value) : rep_(std::move(value)) {}  // NOLINT
  template <typename U,
            typename = std::enable_if_t<std::is_convertible_v<U&&, T> &&
                                        !std::is_same_v<std::decay_t<U>, T> &&
                                        !std::is_same_v<std::decay_t<U>, Status>>>
  StatusOr(U&& value) : rep_(T(std::forward<U>(value))) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(rep_); }
  Status status() const { return ok() ? Status() : std::get<Status>(rep_); }

  const T& value() const& { assert(ok()); return std::get<T>(rep_); }
  T& value() & { assert(ok()); return std::get<T>(rep_); }
  T&& value() && { assert(ok()); return std::get<T>(std::move(rep_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<Status, T> rep_;
};

}  // namespace sohoa

#define SOHOA_CONCAT_INNER_(a, b) a##b
#define SOHOA_CONCAT_(a, b) SOHOA_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define SOHOA_RETURN_IF_ERROR(expr)             \
  do {                                          \
    ::sohoa::Status sohoa_status_ = (expr);     \
    if (!sohoa_status_.ok()) return sohoa_status_; \
  } while (0)

// `lhs = value of expr` (a StatusOr), or returns its Status from the function.
#define SOHOA_ASSIGN_OR_RETURN(lhs, expr) \
  SOHOA_ASSIGN_OR_RETURN_IMPL_(SOHOA_CONCAT_(sohoa_or_, __LINE__), lhs, expr)
#define SOHOA_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()

#endif  // SOHOA_PIPELINE_BASE_STATUS_H_
