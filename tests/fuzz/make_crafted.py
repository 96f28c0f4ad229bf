#!/usr/bin/python3
"""Writes the hand-made regression inputs of tests/fuzz/regressions/ (the crafted-* files): bugs
found by reading the readers while writing the fuzz targets, each fixed in the engine. The
fuzzers' own findings are committed as they were found. Run: python3 tests/fuzz/make_crafted.py"""
import json
import os
import struct
import zlib

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "regressions")


def put(target, name, data, expect):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)
    tsv = os.path.join(folder, "expect.tsv")
    lines = open(tsv).read().splitlines() if os.path.exists(tsv) else [
        "# file\twords the amr::Error must contain (besides the file name)"]
    lines = [l for l in lines if not l.startswith(name + "\t")] + [f"{name}\t{expect}"]
    with open(tsv, "w") as f:
        f.write("\n".join(lines) + "\n")


def tar_header(name, size_field, typeflag=b"0"):
    h = bytearray(512)
    h[0:len(name)] = name
    h[100:108] = b"0000644\0"
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = size_field
    h[136:148] = b"00000000000\0"
    h[156:157] = typeflag
    h[257:263] = b"ustar\0"
    h[263:265] = b"00"
    h[148:156] = b" " * 8
    h[148:156] = b"%06o\0 " % sum(h)
    return bytes(h)


def octal(n):
    return b"%011o\0" % n


def make_tar():
    # GNU base-256 size of 2^64 - 1: the padded size wrapped to 0, then a 16 EiB resize.
    put("tar", "crafted-huge-size.tar",
        tar_header(b"a.bin", b"\xff" * 12) + bytes(1024), "an entry of")
    # A pax record whose length sends the parser back to the start of the header: a hang.
    pax = b"11 path=ab\n" + b"%d x\n" % (2 ** 64 - 11)
    put("tar", "crafted-pax-length-loop.tar",
        tar_header(b"PaxHeader", octal(len(pax)), b"x") + pax.ljust(512, b"\0") +
        tar_header(b"a.bin", octal(0)) + bytes(1024), "corrupt pax header")
    # A skipped entry (a folder) whose data is missing was accepted as a complete archive.
    put("tar", "crafted-truncated-skipped.tar",
        tar_header(b"dir/", octal(4096), b"5"), "truncated")


def png_chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def make_png():
    # 1,000,000 x 2147 grayscale: a 2 GiB pixel buffer for a 70-byte file.
    ihdr = struct.pack(">IIBBBBB", 1_000_000, 2147, 8, 0, 0, 0, 0)
    data = (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) +
            png_chunk(b"IDAT", zlib.compress(b"\0" * 64)) + png_chunk(b"IEND", b""))
    put("label_png", "crafted-huge-dimensions.png", data, "more than its")


def tfjs_model(shape=None, paths=None):
    return json.dumps({
        "format": "layers-model",
        "modelTopology": {"config": {"layers": []}},
        "weightsManifest": [{
            "paths": paths or ["group1-shard1of1.bin"],
            "weights": [{"name": "w", "shape": shape or [16], "dtype": "float32"}],
        }],
    }).encode()


def make_tfjs():
    # n = (-1) * (-16) = 16 passed the size check, then torch::empty threw a c10::Error.
    put("tfjs", "crafted-negative-shape.json", tfjs_model(shape=[-1, -16]), "holds -1")
    # json's get<int64_t> of 1e300 is an undefined float-to-int cast.
    put("tfjs", "crafted-float-shape.json", tfjs_model(shape=[1e300]), "holds 1e+300")
    # 2^31 * 2^31 * 4 overflowed to 0 bytes.
    put("tfjs", "crafted-overflow-shape.json",
        tfjs_model(shape=[2 ** 30, 2 ** 30, 2 ** 30, 2 ** 30, 16]), "shards end inside")
    # Shard paths are relative to model.json; this one read any file on the disk.
    put("tfjs", "crafted-shard-outside.json", tfjs_model(paths=["../../../../etc/hostname"]),
        "leaves the model's folder")


def make_pickle():
    # set(list) 2050 times over a memoized 2000-item list: 4.1 M item copies from 19 KB.
    body = b"\x80\x02c__builtin__\nset\nq\x00]q\x01(" + b"K\x01" * 2000 + b"e"
    body += b"h\x00h\x01\x85R0" * 2050
    body += b"N."
    put("pickle", "crafted-quadratic-set.pkl", body, "containers copied too often")


if __name__ == "__main__":
    make_tar()
    make_png()
    make_tfjs()
    make_pickle()
