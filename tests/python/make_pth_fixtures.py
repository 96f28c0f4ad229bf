#!/usr/bin/python3
"""Writes .pth fixtures for tests/engine/test_pth_reader.cpp with Debian's python3-torch, plus
expected.json describing every tensor exactly (name order, dtype, shape, stride, storage offset,
CRC-32 of the contiguous bytes and, for small tensors, the bytes in hex).

Usage: /usr/bin/python3 make_pth_fixtures.py OUT_DIR [--no-resnet]
Exit code 77 when torch cannot be imported (the C++ test then skips).
"""
import argparse
import collections
import json
import os
import pickle
import struct
import sys
import zipfile
import zlib

try:
    import torch
except Exception as e:  # noqa: BLE001 - any import failure means "skip"
    print(f"cannot import torch: {e}", file=sys.stderr)
    sys.exit(77)


def tensor_bytes(t):
    return t.detach().reshape(-1).clone().view(torch.uint8).numpy().tobytes()


def describe(state):
    entries = []
    for name, t in state.items():
        raw = tensor_bytes(t)
        e = {
            "name": name,
            "dtype": str(t.dtype),
            "shape": list(t.shape),
            "stride": list(t.stride()),
            "offset": t.storage_offset(),
            "crc32": zlib.crc32(raw),
        }
        if len(raw) <= 4096:
            e["hex"] = raw.hex()
        entries.append(e)
    return entries


def small_model():
    torch.manual_seed(1)
    m = torch.nn.Sequential(
        torch.nn.Conv2d(3, 4, 3, bias=False), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
        torch.nn.Flatten(), torch.nn.Linear(4 * 4 * 4, 5))
    m(torch.randn(2, 3, 6, 6))  # train mode: moves BN statistics and num_batches_tracked
    return m


def dtype_dict():
    torch.manual_seed(2)
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6) * 0.25 - 1.0
    d = {
        "f32": torch.randn(3, 2),
        "f64": torch.randn(5, dtype=torch.float64),
        "f16": torch.randn(2, 3).half(),
        "bf16": torch.randn(4).bfloat16(),
        "i64": torch.tensor([-(2**40), -1, 0, 7, 2**62], dtype=torch.int64),
        "i32": torch.tensor([-5, 1 << 30], dtype=torch.int32),
        "i16": torch.tensor([-300, 300], dtype=torch.int16),
        "i8": torch.tensor([-128, 127], dtype=torch.int8),
        "u8": torch.tensor([0, 1, 200, 255], dtype=torch.uint8),
        "bool": torch.tensor([True, False, True]),
        "c64": torch.tensor([1 + 2j, -3.5j], dtype=torch.complex64),
        # Views of one storage: torch.save keeps them sharing it, with their own offset/stride.
        "base": base,
        "every_other": base.view(-1)[::2],
        "transposed": base.t(),
        "slice": base[1:3, 2:5],
        "num_batches_tracked": torch.tensor(42),
        "param": torch.nn.Parameter(torch.randn(3)),
        "empty": torch.zeros(0, 3),
    }
    return d


def write_old_style_legacy(path):
    """A legacy file the way PyTorch < 0.4 wrote it: _rebuild_tensor (v1), storage views,
    CUDA storage types; built by hand because no current PyTorch writes these."""

    class Storage:
        def __init__(self, pid):
            self.pid = pid

    class OldTensor:
        def __init__(self, storage, offset, size, stride):
            self.args = (storage, offset, size, stride)

        def __reduce__(self):
            return (torch._utils._rebuild_tensor, self.args)

    root = Storage(("storage", torch.cuda.FloatStorage, "140", "cuda:0", 10, None))
    view = Storage(("storage", torch.cuda.FloatStorage, "140", "cuda:0", 10, ("141", 2, 6)))
    longs = Storage(("storage", torch.LongStorage, "150", "cpu", 1, None))
    obj = collections.OrderedDict()
    obj["a"] = OldTensor(view, 1, (2, 2), (2, 1))  # root elements 3, 4, 5, 6
    obj["b"] = OldTensor(root, 0, (10,), (1,))
    obj["n"] = OldTensor(longs, 0, (), ())

    class P(pickle.Pickler):
        def persistent_id(self, o):
            return o.pid if isinstance(o, Storage) else None

    with open(path, "wb") as f:
        pickle.dump(0x1950A86A20F9469CFC6C, f, protocol=2)
        pickle.dump(1001, f, protocol=2)
        pickle.dump({"protocol_version": 1001, "little_endian": True,
                     "type_sizes": {"short": 2, "int": 4, "long": 8}}, f, protocol=2)
        P(f, protocol=2).dump(obj)
        pickle.dump(["140", "150"], f, protocol=2)
        f.write(struct.pack("<q", 10) + struct.pack("<10f", *[i * 0.5 for i in range(10)]))
        f.write(struct.pack("<q", 1) + struct.pack("<q", -9))
    values = torch.arange(10, dtype=torch.float32) * 0.5
    return collections.OrderedDict(
        a=values[3:7].reshape(2, 2), b=values, n=torch.tensor(-9))


def write_zip(path, entries, zip64=True, deflate=True):
    """Our own zip writer: zipfile only writes zip64 records for huge archives, and PyTorch >= 2
    may write them always; deflated records come from archives repacked by other tools."""
    out, central = bytearray(), bytearray()
    sat = lambda v: 0xFFFFFFFF if zip64 else v  # noqa: E731
    for name, data in entries:
        nb = name.encode()
        if deflate:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            cdata = c.compress(data) + c.flush()
        else:
            cdata = data
        method, crc, offset = (8 if deflate else 0), zlib.crc32(data), len(out)
        lextra = struct.pack("<HHQQ", 1, 16, len(data), len(cdata)) if zip64 else b""
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, method, 0, 0, crc, sat(len(cdata)),
                           sat(len(data)), len(nb), len(lextra)) + nb + lextra + cdata
        cextra = struct.pack("<HHQQQ", 1, 24, len(data), len(cdata), offset) if zip64 else b""
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, method, 0, 0, crc,
                               sat(len(cdata)), sat(len(data)), len(nb), len(cextra), 0, 0, 0, 0,
                               sat(offset)) + nb + cextra
    n, cd_offset = len(entries), len(out)
    out += central
    if zip64:
        end64 = len(out)
        out += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, n, n, len(central),
                           cd_offset)
        out += struct.pack("<IIQI", 0x07064B50, 0, end64, 1)
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    else:
        out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, len(central), cd_offset, 0)
    with open(path, "wb") as f:
        f.write(out)


def repack(src, dst, folder, byteorder=None, drop=None, **kw):
    with zipfile.ZipFile(src) as z:
        entries = [(folder + "/" + i.filename.split("/", 1)[1], z.read(i)) for i in z.infolist()]
    if byteorder:
        entries.append((folder + "/byteorder", byteorder))
    entries = [e for e in entries if not (drop and e[0].endswith(drop))]
    write_zip(dst, entries, **kw)


def alias_state_dict():
    """Mimics the official AMR / IRN checkpoints (docs/method.md §2.6): canonical keys plus aliases
    that are the very same tensors under other module paths."""
    torch.manual_seed(3)
    T = torch.randn
    conv1, bn1, l1, l2 = T(4, 3, 7, 7), T(4), T(2, 4, 1, 1), T(2, 2, 1, 1)
    ws, c2, amm, l22, wc = T(20, 8, 1, 1), T(4, 3, 7, 7), T(1, 4), T(2, 2, 1, 1), T(20, 8, 1, 1)
    e1, e6, dp1, rm = T(2, 4, 1, 1), T(1, 160, 1, 1), T(2, 4, 1, 1), T(2)
    sd = collections.OrderedDict()
    sd["resnet50.conv1.weight"] = conv1
    sd["resnet50.bn1.weight"] = bn1
    sd["resnet50.bn1.num_batches_tracked"] = torch.tensor(0)
    sd["resnet50.layer1.0.conv1.weight"] = l1
    sd["resnet50.layer2.0.conv1.weight"] = l2
    sd["stage1.0.weight"] = conv1
    sd["stage1.1.weight"] = bn1
    sd["stage1.4.0.conv1.weight"] = l1
    sd["stage2.0.0.conv1.weight"] = l2
    sd["backbone.0.0.weight"] = conv1
    sd["backbone.1.0.0.conv1.weight"] = l2
    sd["classifier.weight"] = ws
    sd["newly_added.0.weight"] = ws
    sd["resnet50_2.conv1.weight"] = c2
    sd["resnet50_2.layer1.0.amm.ChannelAMM.mlp.1.weight"] = amm
    sd["resnet50_2.layer2.0.conv1.weight"] = l22
    sd["stage2_1.0.weight"] = c2
    sd["stage2_1.4.0.amm.ChannelAMM.mlp.1.weight"] = amm
    sd["stage2_2.0.0.conv1.weight"] = l22
    sd["backbone2.0.0.weight"] = c2
    sd["classifier2.weight"] = wc
    sd["newly_added.1.weight"] = wc
    sd["fc_edge1.0.weight"] = e1
    sd["fc_edge6.weight"] = e6
    sd["edge_layers.0.0.weight"] = e1
    sd["fc_dp1.0.weight"] = dp1
    sd["dp_layers.0.0.weight"] = dp1
    sd["fc_dp7.4.running_mean"] = rm
    sd["mean_shift.running_mean"] = rm
    sd["path_indices0"] = torch.arange(5)
    sd["disp_target"] = T(1, 2, 3, 1)
    canonical = [
        "resnet50.conv1.weight", "resnet50.bn1.weight", "resnet50.bn1.num_batches_tracked",
        "resnet50.layer1.0.conv1.weight", "resnet50.layer2.0.conv1.weight", "classifier.weight",
        "resnet50_2.conv1.weight", "resnet50_2.layer1.0.amm.ChannelAMM.mlp.1.weight",
        "resnet50_2.layer2.0.conv1.weight", "classifier2.weight", "fc_edge1.0.weight",
        "fc_edge6.weight", "fc_dp1.0.weight", "fc_dp7.4.running_mean",
    ]
    return sd, canonical


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--no-resnet", action="store_true")
    args = ap.parse_args()
    out = args.out
    os.makedirs(out, exist_ok=True)
    p = lambda name: os.path.join(out, name)  # noqa: E731
    expected = {}

    def save(name, obj, state, **kw):
        torch.save(obj, p(name), **kw)
        expected[name] = describe(state)

    legacy = {"_use_new_zipfile_serialization": False}
    model = small_model()
    sd = model.state_dict()
    assert hasattr(sd, "_metadata")
    save("small_zip.pth", sd, sd)
    save("small_legacy.pth", sd, sd, **legacy)
    save("small_proto4.pth", sd, sd, pickle_protocol=4)
    model.register_buffer("scratch", torch.ones(2), persistent=False)  # not in state_dict()
    save("module_zip.pth", model, sd)  # a whole pickled nn.Module

    # Renamed archive folder, zip64 records, deflated entries, a byteorder record.
    repack(p("small_zip.pth"), p("repacked_zip64.pth"), "renamed", byteorder=b"little")
    expected["repacked_zip64.pth"] = expected["small_zip.pth"]
    repack(p("small_zip.pth"), p("stored_zip32.pth"), "x", zip64=False, deflate=False)
    expected["stored_zip32.pth"] = expected["small_zip.pth"]
    repack(p("small_zip.pth"), p("big_endian.pth"), "archive", byteorder=b"big")
    repack(p("small_zip.pth"), p("missing_record.pth"), "archive", drop="data/3")

    d = dtype_dict()
    save("dtypes_zip.pth", d, d)
    save("dtypes_legacy.pth", d, d, **legacy)

    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(torch.randn(2, 3, 6, 6)).sum().backward()
    opt.step()
    sd2 = model.state_dict()
    ckpt = {"epoch": 3, "optimizer": opt.state_dict(), "args": argparse.Namespace(lr=0.1),
            "state_dict": sd2, "best": torch.tensor(0.5)}
    save("checkpoint_zip.pth", ckpt, sd2)
    save("checkpoint_legacy.pth", {"model": sd2, "epoch": 3}, sd2, **legacy)

    expected["old_style_legacy.pth"] = describe(write_old_style_legacy(p("old_style_legacy.pth")))

    aliases, canonical = alias_state_dict()
    save("aliases_zip.pth", aliases, aliases)
    expected["canonical"] = canonical

    torch.jit.script(small_model().eval()).save(p("torchscript.pt"))
    with zipfile.ZipFile(p("not_checkpoint.zip"), "w") as z:
        z.writestr("readme.txt", "hello")
    with open(p("plain_pickle.pkl"), "wb") as f:
        pickle.dump({"a": 1}, f, protocol=2)
    torch.save([torch.ones(2)], p("list.pth"))

    if not args.no_resnet:
        import torchvision

        torch.manual_seed(4)
        r50 = torchvision.models.resnet50().state_dict()
        save("resnet50_zip.pth", r50, r50)
        save("resnet50_legacy.pth", r50, r50, **legacy)

    with open(p("expected.json"), "w") as f:
        json.dump(expected, f)


if __name__ == "__main__":
    main()
