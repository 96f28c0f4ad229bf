#!/usr/bin/env bash
# Prepares .devkit/ (git-ignored) for building the engine and the CLI on a machine that has a CUDA
# LibTorch (e.g. PyTorch's) but none of our Debian dependencies: OpenCV core/imgproc/imgcodecs,
# libpng, zlib, SQLite, pugixml, libzip, their headers and CMake configs, copied from this Debian 12
# machine, plus a small demo dataset. OpenCV's optional GDAL/GDCM/BLAS/GLX back ends are replaced
# by stub libraries that abort if called (we never decode those formats or call cv::gemm), which
# keeps the kit under 40 MB. Used by scripts/gpu-check.sh; see docs/gpu.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=.devkit
D=$root/usr
L=/usr/lib/x86_64-linux-gnu
rm -rf "$root"
mkdir -p "$D/lib/x86_64-linux-gnu/cmake" "$D/include" "$D/share/cmake" "$D/lib/cmake/OpenCV" "$root/stubs"
grep -qx '/.devkit/' .git/info/exclude 2>/dev/null || echo '/.devkit/' >>.git/info/exclude

# Stub libraries: every symbol that OpenCV imports from them, as a function that aborts.
stub() {  # stub LIB IMPORTER...
    local lib=$1; shift
    local real
    real=$(readlink -f "$L/$lib")
    nm -D --undefined-only "$@" | awk '{print $2}' | sort -u >"$root/stubs/undef"
    nm -D --defined-only "$real" | awk '{print $3}' | sort -u >"$root/stubs/def"
    {
        echo '#include <stdio.h>'
        echo '#include <stdlib.h>'
        # OpenCV registers GDAL's drivers on first use and then asks GDAL to open each file it
        # cannot decode itself: registering does nothing and opening fails, as without GDAL.
        comm -12 "$root/stubs/undef" "$root/stubs/def" | awk -v L="$lib" '
            $1 == "GDALAllRegister" { print "void GDALAllRegister(void) {}"; next }
            $1 == "GDALOpen" { print "void* GDALOpen(void) { return 0; }"; next }
            { printf "void %s(void) { fprintf(stderr, \"amr devkit: %s stub %s called\\n\"); abort(); }\n", $1, L, $1 }'
    } >"$root/stubs/$lib.c"
    gcc -shared -fPIC -O1 -o "$D/lib/x86_64-linux-gnu/$lib" "$root/stubs/$lib.c" -Wl,-soname,"$lib"
}
stub libgdal.so.32 "$L/libopencv_imgcodecs.so.406"
stub libgdcmMSFF.so.3.0 "$L/libopencv_imgcodecs.so.406"
stub libgdcmDSED.so.3.0 "$L/libopencv_imgcodecs.so.406"
stub liblapack.so.3 "$L/libopencv_core.so.406"
stub libblas.so.3 "$L/libopencv_core.so.406"
stub libGLX.so.0 "$L/libopencv_core.so.406"

ocv_modules="core imgproc imgcodecs ximgproc video calib3d features2d flann dnn"
for f in $(for m in $ocv_modules; do echo "libopencv_$m.so.406"; done) libprotobuf.so.32 libjpeg.so.62 \
    libwebp.so.7 libpng16.so.16 libtiff.so.6 libopenjp2.so.7 libOpenEXR-3_1.so.30 \
    libOpenEXRCore-3_1.so.30 libz.so.1 libzstd.so.1 liblzma.so.5 libLerc.so.4 libjbig.so.0 \
    libdeflate.so.0 libImath-3_1.so.29 libIlmThread-3_1.so.30 libIex-3_1.so.30 libtbb.so.12 \
    libpugixml.so.1 libpugixml.so.1.13 libpugixml.a libsqlite3.so.0 libzip.so.4; do
    cp -L "$L/$f" "$D/lib/x86_64-linux-gnu/"
done
(
    cd "$D/lib/x86_64-linux-gnu"
    for m in $ocv_modules; do ln -sf "libopencv_$m.so.406" "libopencv_$m.so"; done
    ln -sf libpng16.so.16 libpng16.so && ln -sf libpng16.so libpng.so
    ln -sf libz.so.1 libz.so && ln -sf libpugixml.so.1 libpugixml.so
    ln -sf libsqlite3.so.0 libsqlite3.so && ln -sf libzip.so.4 libzip.so
)
cp -r /usr/include/opencv4 /usr/include/nlohmann /usr/include/CLI "$D/include/"
cp /usr/include/{png.h,pngconf.h,pnglibconf.h,zlib.h,zconf.h,sqlite3.h,sqlite3ext.h,pugixml.hpp,pugiconfig.hpp,zip.h} "$D/include/"
cp "$(find /usr/include /usr/lib -name zipconf.h | head -1)" "$D/include/"
cp -r /usr/share/cmake/CLI11 /usr/share/cmake/nlohmann_json "$D/share/cmake/"
cp -r "$L/cmake/pugixml" "$D/lib/x86_64-linux-gnu/cmake/"
cat >"$D/lib/cmake/OpenCV/OpenCVConfig.cmake" <<'CMAKE'
# Minimal OpenCV config of the GPU devkit: the modules we use, from Debian 12.
get_filename_component(_ocv_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(OpenCV_INCLUDE_DIRS "${_ocv_prefix}/include/opencv4")
set(OpenCV_LIBS "")
foreach(_m core imgproc imgcodecs ximgproc video calib3d features2d flann dnn)
  list(APPEND OpenCV_LIBS "${_ocv_prefix}/lib/x86_64-linux-gnu/libopencv_${_m}.so")
endforeach()
set(OpenCV_VERSION 4.6.0)
set(OpenCV_FOUND TRUE)
CMAKE

# A small demo dataset, so the check needs no Fashion-MNIST there.
amr=${AMR:-build/app/amr}
"$amr" demo-data "$root/demo" --train 64 --val 16 >/dev/null
du -sh "$root"
