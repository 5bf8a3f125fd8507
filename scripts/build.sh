#!/usr/bin/env bash
# Configures and builds one build tree. Usage: scripts/build.sh [DIR [extra cmake args...]]
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
cmake -S "$top" -B "$dir" "$@" >/dev/null
cmake --build "$dir" -j "$(nproc)"
