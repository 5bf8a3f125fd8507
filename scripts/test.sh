#!/usr/bin/env bash
# README command 2: install, build twice (plain and ASan+UBSan), run the whole ctest suite on both.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/scripts/install-deps.sh"
jobs=$(nproc)
bash "$top/scripts/build.sh" "$top/build"
bash "$top/scripts/build.sh" "$top/build-sanitize" -DEOQ_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
echo "== ctest: plain build"
ctest --test-dir "$top/build" --output-on-failure -j "$jobs"
echo "== ctest: AddressSanitizer + UndefinedBehaviorSanitizer build"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  EOQ_SANITIZED=1 ctest --test-dir "$top/build-sanitize" --output-on-failure -j "$jobs"
