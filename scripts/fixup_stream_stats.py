#!/usr/bin/env python3
"""Per-block health of a fixup32 training checkpoint's residual stream.

Runs the float32 Fixup forward pass of the checkpoint (ResNet 6n+2, docs/formats.md) in NumPy on
the first images of an IDX file and prints, for the stem and every block output: the fraction of
activations that are on (ReLU > 0), the mean, and the mean over positions of the standard
deviation over the images (near 0: the block's output no longer depends on the input), beside
the block's Fixup scalars. A stream that reads 0 from some block on has died: a ReLU that is off
everywhere passes no error back, so no step can revive it.

With --labels it also prints the top-1 accuracy and the mean cross-entropy of the checkpoint's
classifier on those images, which equal what `eoq train` reports for the same parameters and
images (tests/cli).

usage: fixup_stream_stats.py CHECKPOINT [--images IDX] [--labels IDX] [--count N]
"""
import argparse
import gzip
import re
import struct
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("fixup_stream_stats: needs NumPy (Debian: python3-numpy)")

FASHION_TEST = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz"
# models/train/checkpoint.c: magic 8, version 4, net 32, then eoq_model_config (15 int32:
# mode, 7 widths, rounding, write-back, wide bits, classifier flag, seed, input mean, act range),
# epoch 4, batch 4, step 8; the engine payload follows.
CFG_OFF, HEADER = 44, 120
MODE_FIXUP32 = 1


def fail(path, why):
    sys.exit(f"fixup_stream_stats: {path}: {why}")


def conv_shapes(depth, cin):
    """(cout, cin, stride) of every conv in the float engine's order: stem, then per block
    its first and second conv (subsampling shortcuts: ResNet 6n+2 has no projection)."""
    n = (depth - 2) // 6
    shapes, c = [(16, cin, 1)], 16
    for stage in range(3):
        for i in range(n):
            cout = 16 << stage
            shapes += [(cout, c, 2 if stage > 0 and i == 0 else 1), (cout, cout, 1)]
            c = cout
    return shapes


def read_checkpoint(path, cin):
    try:
        b = open(path, "rb").read()
    except OSError as e:
        fail(path, e.strerror)
    if len(b) < HEADER + 8 or b[:8] != b"EOQCKPT1":
        fail(path, "not an eoq checkpoint (bad magic or too short)")
    net = b[12:44].split(b"\0")[0].decode("ascii", "replace")
    cfg = struct.unpack_from("<15i", b, CFG_OFF)
    m = re.fullmatch(r"resnet(\d+)", net)
    if cfg[0] != MODE_FIXUP32 or b[HEADER:HEADER + 8] != b"EOQFLT01":
        fail(path, f"not a fixup32 checkpoint (mode {cfg[0]})")
    if not m or (int(m.group(1)) - 2) % 6 or int(m.group(1)) > 110:
        fail(path, f"network {net!r} is not a ResNet 6n+2")
    p, layers = HEADER + 8, []
    for cout, ci, st in conv_shapes(int(m.group(1)), cin):
        n = cout * ci * 9
        if p + 4 * (n + 3) > len(b):
            fail(path, "truncated engine payload (or another input channel count)")
        w = np.frombuffer(b, "<f4", n, p).reshape(cout, ci, 3, 3).astype(np.float64)
        b1, gamma, b2 = np.frombuffer(b, "<f4", 3, p + 4 * n).astype(np.float64)
        layers.append((w, b1, gamma, b2, st))
        p += 4 * (n + 3)
    feat = layers[-1][0].shape[0]
    if p + 4 * (feat * 10 + 10 + 1) > len(b):
        fail(path, "truncated classifier")
    fc_w = np.frombuffer(b, "<f4", feat * 10, p).reshape(10, feat).astype(np.float64)
    fc_b = np.frombuffer(b, "<f4", 10, p + 4 * feat * 10).astype(np.float64)
    bias_in = float(np.frombuffer(b, "<f4", 1, p + 4 * (feat * 10 + 10))[0])  # Fixup's bias before it
    p += 4 * (feat * 10 + 10 + 1)
    if p != len(b):
        fail(path, f"{len(b) - p:+d} bytes against a fixup32 {net} with {cin} input channel(s)")
    return net, cfg[13], layers, (fc_w, fc_b, bias_in)


def read_idx(path, dims, count):
    """The first count items of an IDX file of unsigned bytes with dims dimensions."""
    try:
        raw = (gzip.open if path.endswith(".gz") else open)(path, "rb").read()
    except OSError as e:
        fail(path, e.strerror or str(e))
    if len(raw) < 4 + 4 * dims or raw[:4] != bytes([0, 0, 8, dims]):
        fail(path, f"not an IDX file of unsigned bytes in {dims} dimension(s)")
    shape = struct.unpack_from(f">{dims}I", raw, 4)
    item = int(np.prod(shape[1:]))
    if len(raw) != 4 + 4 * dims + shape[0] * item:
        fail(path, f"{len(raw)} bytes, header says {4 + 4 * dims + shape[0] * item}")
    k = min(shape[0], count)
    return np.frombuffer(raw, np.uint8, k * item, 4 + 4 * dims).reshape((k,) + shape[1:])


def conv3x3(x, w, stride):
    """Zero padding 1, as the engine's im2col."""
    n, _, h, wd = x.shape
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    ho, wo = (h - 1) // stride + 1, (wd - 1) // stride + 1
    out = np.zeros((n, w.shape[0], ho, wo))
    for dy in range(3):
        for dx in range(3):
            patch = xp[:, :, dy:dy + stride * (ho - 1) + 1:stride, dx:dx + stride * (wo - 1) + 1:stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, dy, dx])
    return out


def row(name, x, scalars):
    std = x.reshape(x.shape[0], -1).std(axis=0).mean()
    return f"{name:8s} {np.mean(x > 0):6.3f} {x.mean():9.4f} {std:10.4f}   {scalars}"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("checkpoint", help="written by eoq train --mode fixup32 --checkpoint")
    ap.add_argument("--images", default=FASHION_TEST, help="IDX images (default: Fashion-MNIST test set)")
    ap.add_argument("--labels", help="IDX labels of those images: also print the classifier's accuracy")
    ap.add_argument("--count", type=int, default=64, help="how many of its first images (default 64)")
    a = ap.parse_args()
    if a.count < 1:
        sys.exit("fixup_stream_stats: --count must be at least 1")
    img = read_idx(a.images, 3, a.count)[:, None].astype(np.float64)
    net, mean, L, (fc_w, fc_b, bias_in) = read_checkpoint(a.checkpoint, img.shape[1])
    print(f"{net}, {img.shape[0]} images of {a.images}")
    print("output   on_frac      mean  image_std   scalars (b1, gamma, b2)")
    w, b1, g, b2, _ = L[0]
    x = np.maximum(g * conv3x3((img - mean) / 64 + b1, w, 1) + b2, 0)  # models/train/model.h
    print(row("stem", x, f"{b1:.4f} {g:.4f} {b2:.4f}"))
    for k in range((len(L) - 1) // 2):
        (wa, b1a, ga, b2a, st), (wb, b1b, gb, b2b, _) = L[1 + 2 * k], L[2 + 2 * k]
        x1 = x + b1a
        h = np.maximum(ga * conv3x3(x1, wa, st) + b2a, 0)
        short = x1[:, :, ::st, ::st]
        short = np.concatenate([short, np.zeros((short.shape[0], wa.shape[0] - short.shape[1]) + short.shape[2:])], 1)
        x = np.maximum(gb * conv3x3(h + b1b, wb, 1) + b2b + short, 0)
        print(row(f"block{k}", x, f"{b1a:.4f} {b2a:.4f} | {b1b:.4f} {gb:.4f} {b2b:.4f}"))
    if a.labels:
        y = read_idx(a.labels, 1, a.count)
        if len(y) != len(img):
            fail(a.labels, f"{len(y)} labels for {len(img)} images")
        z = (x.mean(axis=(2, 3)) + bias_in) @ fc_w.T + fc_b
        z -= z.max(axis=1, keepdims=True)
        loss = np.mean(np.log(np.exp(z).sum(axis=1)) - z[np.arange(len(y)), y])
        right = int(np.sum(z.argmax(axis=1) == y))
        print(f"accuracy {right / len(y):.6f} ({right} of {len(y)}) loss {loss:.6f}")


if __name__ == "__main__":
    main()
