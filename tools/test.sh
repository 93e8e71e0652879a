#!/usr/bin/env bash
# Installs, builds with AddressSanitizer + UndefinedBehaviorSanitizer, and
# runs the whole test suite; then builds the concurrency code's tests with
# ThreadSanitizer and runs them. This is what CI runs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
tools/setup.sh build-asan -DSOHOA_SANITIZE=ON -DSOHOA_WERROR=ON
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS=suppressions=$PWD/tests/lsan.supp
export OMP_THREAD_LIMIT=1
(cd build-asan && ctest --output-on-failure -j"$(nproc)" --timeout 600)

# The concurrency code (the batch driver, the sinks, `sohoa run` with its
# progress and signals) runs its tests under ThreadSanitizer too.
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSOHOA_TSAN=ON >/dev/null
cmake --build build-tsan -j"$(nproc)" --target batch_test pipeline_test sink_test progress_test ops_test
export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
export SOHOA_SOURCE_DIR=$PWD
for test in pipeline/driver/batch_test pipeline/driver/pipeline_test pipeline/sink/sink_test \
            tools/sohoa/progress_test tests/ops/ops_test; do
  "build-tsan/$test"
done
