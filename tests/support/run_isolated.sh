#!/bin/sh
# Runs one test in its own scratch home: fresh HOME and XDG folders under the build tree, so no
# test reads or writes the user's settings, caches or runtime folder.
# Usage: run_isolated.sh SCRATCH_DIR PROGRAM [ARGS...]
# Tests that need the offline ImageNet weights find the real cache through AMR_TEST_WEIGHTS_DIR
# (set by tests/CMakeLists.txt), never through HOME.
set -eu
scratch=$1
shift
rm -rf "$scratch"
mkdir -p "$scratch/home" "$scratch/config" "$scratch/cache" "$scratch/data" "$scratch/runtime"
chmod 700 "$scratch/runtime"
HOME=$scratch/home
XDG_CONFIG_HOME=$scratch/config
XDG_CACHE_HOME=$scratch/cache
XDG_DATA_HOME=$scratch/data
XDG_RUNTIME_DIR=$scratch/runtime
export HOME XDG_CONFIG_HOME XDG_CACHE_HOME XDG_DATA_HOME XDG_RUNTIME_DIR
# The engine's own weights folder follows the scratch cache too.
unset AMR_WEIGHTS_DIR TORCH_HOME
exec "$@"
