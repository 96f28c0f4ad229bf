"""`amr export-cam` as NumPy reads it: the .npz and .npy files hold the CAM store's values.

Run by ctest as `/usr/bin/python3 test_export_cam.py <path to amr>`. Makes a tiny demo dataset,
a tiny train-cam checkpoint and a CAM store with the CLI, parses the store's files itself
(layout in engine/cam/cam_store.h) and compares them with what np.load reads from the export.
Exits 77 (skipped) when numpy cannot be imported, non-zero when a check fails.
"""

import json
import os
import struct
import subprocess
import sys
import tempfile

SKIP = 77

try:
    import numpy as np
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e} (needs numpy)")
    sys.exit(SKIP)


def run(*args):
    r = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, args))} failed ({r.returncode}):\n{r.stderr}")
    return r.stdout


def read_store_entry(path):
    """The arrays of one .cam file, parsed independently of the C++ reader."""
    with open(path, "rb") as f:
        b = f.read()
    assert b[:8] == b"AMRCAM\0\1", path
    version, H, W, K, h, w, flags, n = struct.unpack_from("<8I", b, 8)
    assert version == 1
    pos = 8 + 32
    pos += n  # fingerprint
    keys = np.frombuffer(b, "<u4", K, pos).astype(np.int32)
    pos += 4 * K + 8  # keys, checksum
    payload = np.frombuffer(b, "<f2", offset=pos).astype(np.float32)
    out = {"keys": keys}
    names = [("spotlight_cam", h, w), ("compensation_cam", h, w)]
    if flags & 1:
        names += [("spotlight_high_res", H, W), ("compensation_high_res", H, W)]
    for name, rows, cols in names:
        size = K * rows * cols
        out[name] = payload[:size].reshape(K, rows, cols)
        payload = payload[size:]
    assert payload.size == 0, f"{path}: {payload.size} values left over"
    return out


def check_arrays(got, want, alpha, where):
    expected = set(want) | {"cam"} | ({"high_res"} if "spotlight_high_res" in want else set())
    assert set(got) == expected, f"{where}: arrays {sorted(got)}, expected {sorted(expected)}"
    assert got["keys"].dtype == np.int32 and np.array_equal(got["keys"], want["keys"]), where
    for name, value in want.items():
        if name == "keys":
            continue
        assert got[name].dtype == np.float32, f"{where}: {name} is {got[name].dtype}"
        assert np.array_equal(got[name], value), f"{where}: {name} differs from the store"
    for weighted, suffix in (("cam", "_cam"), ("high_res", "_high_res")):
        if weighted not in got:
            continue
        w = alpha * want["spotlight" + suffix] + (1 - alpha) * want["compensation" + suffix]
        assert got[weighted].shape == w.shape, f"{where}: {weighted} shape {got[weighted].shape}"
        assert np.allclose(got[weighted], w, atol=1e-6), f"{where}: {weighted} is not weighted"


def main():
    amr = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        demo = os.path.join(tmp, "demo")
        run(amr, "demo-data", demo, "--train", "4", "--val", "1", "--size", "64", "--seed", "3")
        ck = os.path.join(tmp, "cam.pt")
        run(amr, "train-cam", demo, ck, "--tiny", "--epochs", "1", "--batch", "2", "--crop",
            "64", "--device", "cpu")
        store = os.path.join(tmp, "store")
        run(amr, "make-cam", demo, "--checkpoint", ck, "--out", store, "--scales", "1,0.5",
            "--device", "cpu")
        ids = sorted(f[:-4] for f in os.listdir(store) if f.endswith(".cam"))
        assert len(ids) == 4, ids
        want = {i: read_store_entry(os.path.join(store, i + ".cam")) for i in ids}
        assert any(np.max(w["spotlight_cam"]) > 0 for w in want.values()), "all CAMs are zero"

        npz = os.path.join(tmp, "npz")
        run(amr, "export-cam", store, "--out", npz, "--alpha", "0.3")
        index = json.load(open(os.path.join(npz, "index.json")))
        assert index["ids"] == ids and index["alpha"] == 0.3 and index["layout"] == "npz", index
        for i in ids:
            with np.load(os.path.join(npz, i + ".npz")) as f:
                check_arrays({k: f[k] for k in f.files}, want[i], 0.3, i + ".npz")

        npy = os.path.join(tmp, "npy")
        run(amr, "export-cam", store, "--out", npy, "--format", "npy")
        for i in ids:
            folder = os.path.join(npy, i)
            got = {f[:-4]: np.load(os.path.join(folder, f)) for f in os.listdir(folder)}
            check_arrays(got, want[i], 0.5, i + "/*.npy")

        bad = subprocess.run([amr, "export-cam", store, "--out", npy, "--format", "mat"],
                             capture_output=True, text=True)
        assert bad.returncode != 0, "an unknown format was accepted"
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
