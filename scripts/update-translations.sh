#!/usr/bin/env bash
# Refreshes translations/*.ts from the sources (lupdate), then gives each Qt class's messages the
# context tr() uses at run time. Qt 6.4's lupdate does not understand `namespace amr::ui {`, so
# it files tr() strings of amr::ui::MainWindow under "MainWindow"; this script renames them.
# Translate the new entries with Qt Linguist afterwards; tests/python/test_translations.py fails
# while any entry is unfinished.
set -euo pipefail
cd "$(dirname "$0")/.."
# Back to lupdate's context names first, so it matches the existing translations.
/usr/bin/python3 - <<'PY'
import glob, re
classes = set()
for f in glob.glob("ui/**/*.h", recursive=True) + glob.glob("ui/**/*.cpp", recursive=True):
    for m in re.finditer(r"class\s+(\w+)[^;{]*\{\s*Q_OBJECT", open(f, encoding="utf-8").read()):
        classes.add(m.group(1))
for ts in glob.glob("translations/*.ts"):
    text = open(ts, encoding="utf-8").read()
    text = text.replace("<name>About</name>", "<name>amr::ui</name>")
    text = re.sub(r"<name>amr::ui::(\w+)</name>",
                  lambda m: "<name>%s</name>" % (m.group(1) if m.group(1) in classes else m.group(0)[6:-7]), text)
    open(ts, "w", encoding="utf-8").write(text)
PY
/usr/lib/qt6/bin/lupdate -no-obsolete -locations none ui app/amr-studio \
    -ts translations/amr-studio_de.ts translations/amr-studio_zh_CN.ts
/usr/bin/python3 - <<'PY'
import glob, re
classes = set()
for f in glob.glob("ui/**/*.h", recursive=True) + glob.glob("ui/**/*.cpp", recursive=True):
    for m in re.finditer(r"class\s+(\w+)[^;{]*\{\s*Q_OBJECT", open(f, encoding="utf-8").read()):
        classes.add(m.group(1))
fixed = {c: "amr::ui::" + c for c in classes}
fixed["amr::ui"] = "About"  # the about box's local tr() lambda
for ts in glob.glob("translations/*.ts"):
    text = open(ts, encoding="utf-8").read()
    text = re.sub(r"<name>([^<]+)</name>",
                  lambda m: "<name>%s</name>" % fixed.get(m.group(1), m.group(1)), text)
    open(ts, "w", encoding="utf-8").write(text)
PY
