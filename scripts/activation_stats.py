#!/usr/bin/env python3
"""Per-layer health of the activations in an `eoq step` dump (docs/step.md).

For every conv layer with a ReLU output x5: the fraction of x5 at zero (relu off), the fraction
at the CQ bound (saturated: the clamp's derivative is zero there, so no error flows back), and
the mean over positions of the standard deviation over the batch (near 0: the layer's output no
longer depends on the input). A network whose deep layers read ~0 there has stopped learning.

usage: activation_stats.py DUMP_DIR [--ka BITS] [--act-range R]
"""
import argparse
import glob
import os
import re
import sys

try:
    import numpy as np
except ImportError:
    sys.exit("activation_stats: needs NumPy (Debian: python3-numpy)")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dump", help="directory written by eoq step --out")
    ap.add_argument("--ka", type=int, default=8, help="activation bits k_a of the run (default 8)")
    ap.add_argument("--act-range", type=int, default=0, help="the run's --act-range R (default 0)")
    a = ap.parse_args()
    if not os.path.isdir(a.dump):
        sys.exit(f"activation_stats: {a.dump}: not a directory")
    bound = (2 ** (a.ka - 1) - 1) * 2.0 ** (a.act_range - (a.ka - 1))
    files = sorted(glob.glob(os.path.join(a.dump, "conv*.x5.npy")),
                   key=lambda f: int(re.search(r"conv(\d+)\.x5", f).group(1)))
    if not files:
        sys.exit(f"activation_stats: {a.dump}: no conv<i>.x5.npy (not an eoq step dump?)")
    rows = []
    for f in files:
        try:
            x5 = np.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"activation_stats: {f}: {e}")
        if x5.ndim < 2 or x5.max(initial=0) > bound:
            sys.exit(f"activation_stats: {f}: values above the bound {bound} (wrong --ka or --act-range?)")
        name = os.path.basename(f)[:-len(".x5.npy")]
        std = x5.reshape(x5.shape[0], -1).std(axis=0).mean()
        rows.append(f"{name:7s} {np.mean(x5 == 0):8.3f} {np.mean(x5 == bound):13.3f} {std:10.4f}")
    print("layer   x5_zero  x5_saturated  batch_std")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
