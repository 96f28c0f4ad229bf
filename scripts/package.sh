#!/usr/bin/env bash
# Builds the Debian package in the build folder and checks it: its contents (dpkg-deb -c), its
# control data (dpkg-deb -I: automatic dependencies), and that `amr --version` and
# `amr-studio --version` run from a scratch root it was unpacked into (dpkg -x).
#   scripts/package.sh [BUILD_DIR]     (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-${AMR_BUILD_DIR:-build}}
build=$(cd "$build" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ninja -C "$build" amr_man_page >/dev/null
(cd "$build" && cpack -G DEB -B "$work/out" >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/*.deb)
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb -I "$deb" >"$work/info"
dpkg-deb -c "$deb" >"$work/contents"
fail=0
need() { grep -q -- "$2" "$work/$1" || { echo "missing in $1: $2"; fail=1; }; }
need info "Package: amr-studio"
need info "Depends: .*libtorch"
need info "Depends: .*libopencv"
for f in ./usr/bin/amr ./usr/share/man/man1/amr.1.gz ./usr/share/doc/amr-studio/copyright; do
    need contents " $f\$"
done
if grep -q "AMR_BUILD_GUI:BOOL=ON" "$build/CMakeCache.txt"; then
    need info "Depends: .*libqt6widgets6"
    need info "Recommends: .*fonts-noto-cjk"  # the Chinese interface needs a CJK font
    for f in ./usr/bin/amr-studio ./usr/share/applications/amr-studio.desktop \
        ./usr/share/icons/hicolor/scalable/apps/amr-studio.svg; do
        need contents " $f\$"
    done
fi
grep -E "Depends:|Recommends:" "$work/info" | sed 's/^ */  /' | cut -c1-200
dpkg -x "$deb" "$work/root"
"$work/root/usr/bin/amr" --version || fail=1
if [ -x "$work/root/usr/bin/amr-studio" ]; then
    QT_QPA_PLATFORM=offscreen "$work/root/usr/bin/amr-studio" --version || fail=1
fi
# Into a file first: under pipefail, `zcat | grep -q` fails whenever grep quits before zcat has
# written the rest of the page (SIGPIPE), which made this check flaky.
zcat "$work/root/usr/share/man/man1/amr.1.gz" >"$work/amr.1"
grep -q "^\.SS export-voc" "$work/amr.1" || { echo "the man page does not describe export-voc"; fail=1; }
cp "$deb" "${AMR_PACKAGE_OUT:-$build}/"
[ $fail -eq 0 ] && echo "package OK" || echo "package check FAILED"
exit $fail
