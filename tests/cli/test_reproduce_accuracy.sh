#!/usr/bin/env bash
# scripts/reproduce-accuracy.sh against a stand-in eoq (the real rows take hours): every row's
# accuracy comes from that row's own result line, each row's command carries its mode, lr and
# epochs, at most two rows run at once, a failed row is named in the table and makes the exit
# status 1 without stopping the others, and bad arguments are refused in one line.
set -u
script="$(dirname "$0")/../../scripts/reproduce-accuracy.sh"
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
mkdir "$t/run"
# The stand-in reports an accuracy derived from its mode and lr, so a row that read another row's
# output would show the wrong figure; mode FAIL_MODE fails as a real run would, with a message.
cat > "$t/eoq" <<EOF
#!/usr/bin/env bash
mode=; lr=
while [ \$# -gt 0 ]; do case \$1 in --mode) mode=\$2; shift ;; --lr) lr=\$2; shift ;; esac; shift; done
touch "$t/run/\$\$"
sleep 0.3
ls "$t/run" | wc -l >> "$t/concurrency"
rm -f "$t/run/\$\$"
[ "\$mode" = "\${FAIL_MODE:-}" ] && { echo "eoq: \$mode failed on purpose" >&2; exit 1; }
case \$mode in bn32) a=0.9;; fixup32) a=0.7;; wageubn8) a=0.8;; eoq8) a=0.6;; esac
echo "result: mode=\$mode test_acc=\$a\$(echo "\$lr" | tr -d .)"
EOF
chmod +x "$t/eoq"
fails=0
fail() { echo "FAIL: $*"; fails=$((fails+1)); }

EOQ="$t/eoq" OUT="$t/a" bash "$script" table1 3 > "$t/table" 2> "$t/log" || fail "table1 exit status $?"
want='| wageubn8 | 0.802 |
| eoq8-act-range-2 | 0.602 |
| fixup32 | 0.7015 |
| bn32 | 0.902 |
| eoq8 | 0.602 |'
got=$(awk -F' [|] ' 'NR > 2 { print $1 " | " $2 " |" }' "$t/table")
[ "$got" = "$want" ] || fail "table1 rows: got"$'\n'"$got"
[ "$(grep -c -- '--epochs 3 ' "$t/table")" -eq 5 ] || fail "not every row has --epochs 3: $(cat "$t/table")"
grep -q '^| eoq8-act-range-2 .*--mode eoq8 --act-range 2 --lr 0.2 ' "$t/table" || fail "act-range row command"
grep -q '^| fixup32 .*--mode fixup32 --lr 0.15 ' "$t/table" || fail "fixup32 row command"
max=$(sort -n "$t/concurrency" | tail -n 1)
[ "$max" -le 2 ] || fail "$max rows ran at once"

: > "$t/concurrency"
FAIL_MODE=fixup32 EOQ="$t/eoq" OUT="$t/b" bash "$script" table1 > "$t/table" 2> /dev/null
rc=$?
[ $rc -eq 1 ] || fail "a failed row gave exit status $rc, want 1"
grep -q "^| fixup32 | failed, see $t/b/fixup32.err |" "$t/table" || fail "failed row not named: $(cat "$t/table")"
grep -q 'failed on purpose' "$t/b/fixup32.err" || fail "the failed row's message is not in its .err"
[ "$(grep -c '| 0\.[0-9]* |' "$t/table")" -eq 4 ] || fail "the other rows did not all finish: $(cat "$t/table")"

EOQ="$t/eoq" OUT="$t/c" bash "$script" small-batch > "$t/table" 2> /dev/null || fail "small-batch exit status"
grep -q '^| eoq8-b4 | 0.6005 |' "$t/table" || fail "small-batch batch 4 row (lr 0.05): $(cat "$t/table")"
[ "$(grep -c '^| [a-z0-9]*-b[1248] | 0\.' "$t/table")" -eq 8 ] || fail "small-batch rows: $(cat "$t/table")"

bash "$script" --help > "$t/help" || fail "--help exit status"
grep -q 'table1 \[EPOCHS\]' "$t/help" || fail "--help text: $(cat "$t/help")"
refused() { # expected message, then the arguments
  local want=$1; shift
  if EOQ="$t/eoq" OUT="$t/d" bash "$script" "$@" > /dev/null 2> "$t/err"; then
    fail "accepted: $*"
  elif ! grep -q "$want" "$t/err" || [ "$(wc -l < "$t/err")" -ne 1 ]; then
    fail "message for $*: $(cat "$t/err")"
  fi
}
refused "unknown table 'table9'" table9
refused "EPOCHS must be a positive integer, got '0'" table1 0
refused "EPOCHS must be a positive integer, got 'two'" table1 two
EOQ="$t/missing" bash "$script" table1 > /dev/null 2> "$t/err" && fail "missing eoq accepted"
grep -q "missing not built" "$t/err" || fail "missing eoq message: $(cat "$t/err")"
[ $fails -eq 0 ] || exit 1
echo "reproduce-accuracy: rows, concurrency, failed row and refusals as expected"
