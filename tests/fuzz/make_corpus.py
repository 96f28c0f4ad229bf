#!/usr/bin/python3
"""Writes the seed corpus of the fuzz targets (tests/fuzz/corpus/<target>/): tiny valid files of
each format. Run with Debian's Python (torch, PIL): /usr/bin/python3 tests/fuzz/make_corpus.py"""
import collections
import gzip
import io
import json
import os
import pickle
import struct
import tarfile
import zipfile

import numpy as np
import torch
from PIL import Image

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus")


def put(target, name, data):
    folder = os.path.join(ROOT, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


def pth_bytes(obj, zip_format=True):
    buf = io.BytesIO()
    torch.save(obj, buf, _use_new_zipfile_serialization=zip_format)
    return buf.getvalue()


def make_pth():
    torch.manual_seed(0)
    sd = collections.OrderedDict()
    sd["conv.weight"] = torch.arange(6, dtype=torch.float32).reshape(2, 3)
    sd["conv.bias"] = torch.tensor([1.5, -2.0])
    sd["bn.num_batches_tracked"] = torch.tensor(3)
    sd["half"] = torch.ones(2, dtype=torch.float16)
    put("pth", "state_dict_zip.pth", pth_bytes(sd))
    put("pth", "state_dict_legacy.pth", pth_bytes(sd, zip_format=False))
    base = torch.arange(8, dtype=torch.float32)
    shared = {"a": base[2:5], "b": base.view(2, 4).t(), "epoch": 3, "name": "x"}
    put("pth", "shared_zip.pth", pth_bytes({"state_dict": shared, "epoch": 1}))
    put("pth", "shared_legacy.pth", pth_bytes({"model": shared}, zip_format=False))
    put("pth", "module_zip.pth", pth_bytes(torch.nn.Linear(2, 1)))
    put("pth", "empty_zip.pth", pth_bytes({}))


def make_pickle():
    objs = [
        {"a": 1, "b": [1.5, None, True, False], "c": (1, 2, 3), "d": b"xy", "e": "t" * 3},
        collections.OrderedDict([("k", -70000), ("big", 2 ** 80), ("neg", -(2 ** 70))]),
        [set([1, 2]), frozenset([3]), (), [], {}, 2 ** 40, -1],
    ]
    for proto in (2, 3, 4, 5):
        for i, o in enumerate(objs):
            put("pickle", f"p{proto}_{i}.pkl", pickle.dumps(o, protocol=proto))
    # A legacy torch.save stream: several pickles back to back.
    put("pickle", "legacy_header.pkl", pth_bytes({"w": torch.zeros(1)}, zip_format=False)[:64])


def make_zip():
    for name, method in (("stored.zip", zipfile.ZIP_STORED), ("deflated.zip", zipfile.ZIP_DEFLATED)):
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", method) as z:
            z.writestr("archive/data.pkl", pickle.dumps({"a": 1}, protocol=2))
            z.writestr("archive/byteorder", "little")
            z.writestr("archive/data/0", bytes(range(16)))
            z.comment = b"c"
        put("zip", name, buf.getvalue())
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED, allowZip64=True) as z:
        with z.open("big", "w", force_zip64=True) as f:
            f.write(b"zip64 entry")
    put("zip", "zip64.zip", buf.getvalue())
    put("zip", "from_torch.zip", pth_bytes({"w": torch.ones(3)}))


def tar_bytes(files, fmt, compress=False):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=fmt) as t:
        for name, data in files:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            t.addfile(info, io.BytesIO(data))
        d = tarfile.TarInfo("package/dir")
        d.type = tarfile.DIRTYPE
        t.addfile(d)
    raw = buf.getvalue().rstrip(b"\0")
    raw += b"\0" * (-len(raw) % 512 + 512)  # keep one end-of-archive block, not ten KiB
    return gzip.compress(raw, mtime=0) if compress else raw


def make_tar():
    files = [("package/model.json", b'{"format": "layers-model"}'), ("package/a.bin", b"\0" * 8)]
    long_name = "package/" + "d" * 120 + "/model.json"
    put("tar", "ustar.tar", tar_bytes(files, tarfile.USTAR_FORMAT))
    put("tar", "gnu_long.tar", tar_bytes([(long_name, b"{}")], tarfile.GNU_FORMAT))
    put("tar", "pax.tar", tar_bytes([(long_name, b"{}")], tarfile.PAX_FORMAT))
    put("tar", "ustar.tgz", tar_bytes(files, tarfile.USTAR_FORMAT, compress=True))


VOC_XML = """<annotation>
\t<folder>VOC2012</folder>
\t<filename>2007_000032.jpg</filename>
\t<source><database>The VOC2007 Database</database></source>
\t<size><width>500</width><height>281</height><depth>3</depth></size>
\t<segmented>1</segmented>
\t<object>
\t\t<name>aeroplane</name><pose>Frontal</pose><truncated>0</truncated><difficult>0</difficult>
\t\t<bndbox><xmin>104</xmin><ymin>78</ymin><xmax>375</xmax><ymax>183.0</ymax></bndbox>
\t</object>
\t<object>
\t\t<name>person</name>
\t\t<bndbox><xmin>195</xmin><ymin>180</ymin><xmax>213</xmax><ymax>229</ymax></bndbox>
\t</object>
</annotation>
"""


def make_voc_xml():
    put("voc_xml", "2007_000032.xml", VOC_XML.encode())
    put("voc_xml", "minimal.xml",
        b"<annotation><size><width>1</width><height>1</height></size></annotation>")


def make_tags_csv():
    put("tags_csv", "header.csv", b"image,tags,split\ncat1.jpg,cat;dog,train\n\"a, b.jpg\",\"x\"\"y\",val\n")
    put("tags_csv", "plain.csv", b"\xef\xbb\xbfimg_001,cat\r\nimg_002, dog ; bird \n\nimg_003,\n")


def png_bytes(img, **kw):
    buf = io.BytesIO()
    img.save(buf, format="PNG", **kw)
    return buf.getvalue()


def make_label_png():
    labels = (np.arange(48).reshape(6, 8) % 21).astype(np.uint8)
    labels[0, 0] = 255
    p = Image.fromarray(labels, mode="P")
    p.putpalette([v for i in range(256) for v in (i, 255 - i, i // 2)])
    put("label_png", "palette.png", png_bytes(p))
    put("label_png", "gray.png", png_bytes(Image.fromarray(labels, mode="L")))
    put("label_png", "onebit.png", png_bytes(Image.fromarray(labels % 2 == 1).convert("1")))
    put("label_png", "rgb.png", png_bytes(Image.fromarray(np.zeros((2, 2, 3), np.uint8))))


def make_tfjs():
    model = {
        "format": "layers-model",
        "generatedBy": "keras v2.2.4",
        "modelTopology": {
            "keras_version": "2.2.4",
            "model_config": {"class_name": "Model", "config": {"layers": [
                {"class_name": "Conv2D", "config": {"name": "conv1", "strides": [2, 2]}},
                {"class_name": "BatchNormalization", "config": {"name": "bn_conv1", "epsilon": 0.001}},
            ]}},
        },
        "weightsManifest": [{
            "paths": ["group1-shard1of1.bin"],
            "weights": [
                {"name": "conv1/kernel", "shape": [1, 1, 2, 4], "dtype": "float32"},
                {"name": "bn_conv1/gamma", "shape": [4], "dtype": "float32"},
                {"name": "bn_conv1/beta", "shape": [4]},
            ],
        }],
    }
    put("tfjs", "model.json", json.dumps(model, indent=1).encode())
    model["modelTopology"] = {"config": {"layers": []}}
    model["weightsManifest"][0]["weights"] = [{"name": "w", "shape": [16], "dtype": "float32"}]
    put("tfjs", "plain_config.json", json.dumps(model).encode())


if __name__ == "__main__":
    make_pth()
    make_pickle()
    make_zip()
    make_tar()
    make_voc_xml()
    make_tags_csv()
    make_label_png()
    make_tfjs()
