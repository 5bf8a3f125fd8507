# Sourced by the CLI tests: writes small IDX files into a directory.
# make_idx DIR N H W: DIR/img.idx (N x H x W bytes), DIR/lab.idx (N labels, 0..9), plain.
make_idx() {
  local dir=$1 n=$2 h=$3 w=$4
  python3 - "$dir" "$n" "$h" "$w" <<'PY'
import struct, sys
d, n, h, w = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
x = 12345
img = bytearray()
lab = bytearray()
for i in range(n):
    c = i % 10
    lab.append(c)
    for p in range(h * w):
        x = (1103515245 * x + 12345) % 2**31
        # class-dependent bright band, so training can learn something
        img.append(min(255, (x >> 16) % 64 + (160 if (p // w) % 10 == c else 0)))
open(f"{d}/img.idx", "wb").write(struct.pack(">BBBBIII", 0, 0, 8, 3, n, h, w) + img)
open(f"{d}/lab.idx", "wb").write(struct.pack(">BBBBI", 0, 0, 8, 1, n) + lab)
PY
}
