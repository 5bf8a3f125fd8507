#!/usr/bin/env bash
# Runs the -O2 and -O0 digest programs and fails unless they print the same lines.
set -u
a=$("$1") || { echo "determinism: $1 failed:"; echo "$a"; exit 1; }
b=$("$2") || { echo "determinism: $2 failed:"; echo "$b"; exit 1; }
echo "$a"
if [ "$a" != "$b" ]; then
  echo "determinism: -O0 and -O2 builds differ:"; diff <(echo "$a") <(echo "$b"); exit 1
fi
echo "determinism: -O0 and -O2 give the same bits for every engine"
