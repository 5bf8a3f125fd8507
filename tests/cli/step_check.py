"""Checks an `eoq step` dump against the paper's formulas, written independently in NumPy.
usage: step_check.py PARAMS_BEFORE_DIR DUMP_DIR LR"""
import sys, glob, os
import numpy as np

before, dump, lr = sys.argv[1], sys.argv[2], float(sys.argv[3])
ld = lambda d, n: np.load(os.path.join(d, n + ".npy"))
checked = 0
failures = []

def Q(x, k):
    return np.round(x * 2.0 ** (k - 1)) / 2.0 ** (k - 1)  # np.round: half to even

def CQ(x, k):
    lim = 1 - 2.0 ** -(k - 1)
    return np.clip(Q(x, k), -lim, lim)

def SQ(x, k):
    m = np.max(np.abs(x))
    if m == 0:
        return np.zeros_like(x)
    scale = 2.0 ** np.round(np.log2(m))
    return scale * CQ(x / scale, k)

def conv(x, w, stride, pad):
    n, c, h, wd = x.shape
    co, ci, k, _ = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    oh, ow = (h + 2 * pad - k) // stride + 1, (wd + 2 * pad - k) // stride + 1
    out = np.zeros((n, co, oh, ow))
    for ky in range(k):
        for kx in range(k):
            patch = xp[:, :, ky:ky + stride * oh:stride, kx:kx + stride * ow:stride]
            out += np.einsum("nchw,oc->nohw", patch, w[:, :, ky, kx])
    return out

def expect(name, got, want):
    global checked
    checked += 1
    if got.shape != want.shape or not np.array_equal(got, want):
        bad = np.argmax(np.abs(got - want).ravel()) if got.shape == want.shape else -1
        failures.append(f"{name}: differs (first bad flat index {bad})")

layers = sorted({int(os.path.basename(p).split(".")[0][4:]) for p in glob.glob(os.path.join(dump, "conv*.x1.npy"))})
for i in layers:
    c = f"conv{i}"
    x0, x1, w_old = ld(dump, c + ".x0"), ld(dump, c + ".x1"), ld(before, c + ".w")
    b1 = ld(before, c + ".b1") if os.path.exists(os.path.join(before, c + ".b1.npy")) else 0.0
    expect(c + ".x1 = x0 + b1", x1, x0 + b1)
    k = w_old.shape[2]
    stride = x1.shape[2] // ld(dump, c + ".e0").shape[2]
    acc = conv(x1, w_old, stride, k // 2)
    if os.path.exists(os.path.join(dump, c + ".x2.npy")):
        x2 = ld(dump, c + ".x2")
        expect(c + ".x2 = Q(conv(x1, w), 8)", x2, Q(acc, 8))
        x4, x5 = ld(dump, c + ".x4"), ld(dump, c + ".x5")
        expect(c + ".x5 = CQ(relu(x4), 8)", x5, CQ(np.maximum(x4, 0), 8))
        gamma = ld(before, c + ".gamma") if os.path.exists(os.path.join(before, c + ".gamma.npy")) else 1.0
        e1 = ld(dump, c + ".e1")
        if os.path.exists(os.path.join(before, c + ".gamma.npy")):
            expect(c + ".e3 = SQ(e1 gamma, 8)", ld(dump, c + ".e3"), SQ(e1 * gamma, 8))
    # weight gradient, update and nearest write-back (Eq. 4, 13)
    e3 = ld(dump, c + ".e3")
    gw = np.zeros_like(w_old)
    xp = np.pad(x1, ((0, 0), (0, 0), (k // 2, k // 2), (k // 2, k // 2)))
    oh, ow = e3.shape[2], e3.shape[3]
    for ky in range(k):
        for kx in range(k):
            patch = xp[:, :, ky:ky + stride * oh:stride, kx:kx + stride * ow:stride]
            gw[:, :, ky, kx] = np.einsum("nchw,nohw->oc", patch, e3)
    g = SQ(gw, 8)
    expect(c + ".w.g = SQ(e3 (*) x1, 8)", ld(dump, c + ".w.g"), g)
    lr16 = np.round(lr * 2.0 ** (16 - np.frexp(lr)[1])) / 2.0 ** (16 - np.frexp(lr)[1])
    u = -SQ(lr16 * g, 8)
    expect(c + ".w.u = -SQ(lr g, 8)", ld(dump, c + ".w.u"), u)
    expect(c + ".w' = CQ(w + u, 8)", ld(dump, c + ".w"), CQ(w_old + u, 8))

print(f"{checked - len(failures)} passed, {len(failures)} failed")
for f in failures:
    print("FAIL:", f)
sys.exit(1 if failures else 0)
