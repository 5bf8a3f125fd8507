#!/usr/bin/env bash
# eoq step's dump checked against an independent NumPy evaluation of Eq. 2-7 and 13.
set -u
PY=/usr/bin/python3; [ -x "$PY" ] || PY=python3  # Debian's python3-numpy lives with /usr/bin/python3
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
"$PY" - "$t" <<'PY'
import sys, numpy as np
rng = np.random.default_rng(5)
np.save(sys.argv[1] + "/x.npy", rng.integers(0, 256, size=(3, 1, 12, 12)).astype(np.uint8))
np.save(sys.argv[1] + "/y.npy", np.array([1, 4, 9]))
PY
common=(--net resnet8 --writeback nearest --seed 3)
"$EOQ" step "${common[@]}" --init-params "$t/p0" > /dev/null || { echo "FAIL: init-params"; exit 1; }
# give the zero-initialized convs and the classifier nonzero values so every path carries signal
"$PY" - "$t/p0" <<'PY'
import sys, glob, numpy as np
rng = np.random.default_rng(7)
for f in glob.glob(sys.argv[1] + "/conv*.w.npy"):
    w = np.load(f)
    if not w.any():
        np.save(f, rng.integers(-20, 21, size=w.shape) / 128.0)
np.save(sys.argv[1] + "/fc.w.npy", rng.normal(0, 0.5, size=(10, 64)))
PY
"$EOQ" step "${common[@]}" --params "$t/p0" --images "$t/x.npy" --labels "$t/y.npy" --out "$t/d" --lr 0.1 > /dev/null \
  || { echo "FAIL: step"; exit 1; }
"$PY" "$(dirname "$0")/step_check.py" "$t/p0" "$t/d" 0.1
