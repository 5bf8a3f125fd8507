#!/usr/bin/env bash
# README command 1: install, build, train the default network on the default data.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bash "$top/scripts/install-deps.sh"
bash "$top/scripts/build.sh" "$top/build"
exec "$top/build/models/eoq" train "$@"
