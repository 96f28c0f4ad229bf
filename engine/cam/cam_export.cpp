#include "engine/cam/cam_export.h"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <system_error>

#include <nlohmann/json.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::cam {

namespace fs = std::filesystem;

void ExportCamsOptions::check() const {
    if (store.empty())
        throw Error("export-cam options: no CAM store folder given");
    if (out.empty())
        throw Error("export-cam options: no output folder given");
    if (format != "npz" && format != "npy")
        throw Error("export-cam options: format '" + format + "' is not npz or npy");
    if (!(alpha >= 0.0 && alpha <= 1.0))
        throw Error("export-cam options: alpha " + std::to_string(alpha) + " is not in [0, 1]");
}

namespace {

void put_le(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

// K planes of one size as one float32 (K, rows, cols) .npy.
std::string planes_npy(const CamPlanes& planes, int rows, int cols) {
    std::string data;
    const std::size_t plane = static_cast<std::size_t>(rows) * cols * sizeof(float);
    data.reserve(planes.size() * plane);
    for (const cv::Mat& m : planes) {
        CV_Assert(m.type() == CV_32FC1 && m.isContinuous() && m.rows == rows && m.cols == cols);
        data.append(reinterpret_cast<const char*>(m.data), plane);
    }
    return npy_file("<f4", {static_cast<std::int64_t>(planes.size()), rows, cols}, data.data(),
                    data.size());
}

std::vector<std::pair<std::string, std::string>> entry_arrays(const CamEntry& e, float alpha) {
    std::vector<std::pair<std::string, std::string>> arrays;
    std::vector<std::int32_t> keys(e.keys.begin(), e.keys.end());
    arrays.emplace_back("keys", npy_file("<i4", {static_cast<std::int64_t>(keys.size())},
                                         keys.data(), keys.size() * sizeof(std::int32_t)));
    const int sh = (e.height + 3) / 4, sw = (e.width + 3) / 4;
    arrays.emplace_back("spotlight_cam", planes_npy(e.spotlight.strided, sh, sw));
    arrays.emplace_back("compensation_cam", planes_npy(e.compensation.strided, sh, sw));
    arrays.emplace_back(
        "cam",
        planes_npy(weighted_cam(e.spotlight.strided, e.compensation.strided, alpha), sh, sw));
    if (e.has_high_res()) {
        arrays.emplace_back("spotlight_high_res",
                            planes_npy(e.spotlight.high_res, e.height, e.width));
        arrays.emplace_back("compensation_high_res",
                            planes_npy(e.compensation.high_res, e.height, e.width));
        arrays.emplace_back("high_res", planes_npy(weighted_cam(e.spotlight.high_res,
                                                                e.compensation.high_res, alpha),
                                                   e.height, e.width));
    }
    return arrays;
}

}  // namespace

std::string npy_file(const std::string& descr, const std::vector<std::int64_t>& shape,
                     const void* data, std::size_t bytes) {
    std::string dims;
    for (std::int64_t d : shape)
        dims += std::to_string(d) + ", ";
    if (shape.size() > 1)
        dims.resize(dims.size() - 2);  // "(K,)" keeps its comma, "(K, h, w)" loses the last
    else if (!dims.empty())
        dims.pop_back();
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n' is padded to a multiple of 64.
    const std::size_t total = (10 + header.size() + 1 + 63) / 64 * 64;
    header.append(total - 10 - header.size() - 1, ' ');
    header.push_back('\n');
    std::string out("\x93NUMPY\x01\x00", 8);
    put_le(out, header.size(), 2);
    out += header;
    out.append(static_cast<const char*>(data), bytes);
    return out;
}

std::string zip_stored(const std::vector<std::pair<std::string, std::string>>& members) {
    std::string out, central;
    const std::uint32_t dos_time = 0, dos_date = (1 << 5) | 1;  // 1980-01-01 00:00
    for (const auto& [name, content] : members) {
        if (content.size() >= std::numeric_limits<std::uint32_t>::max() ||
            out.size() >= std::numeric_limits<std::uint32_t>::max())
            throw Error("zip member '" + name + "' is too large for a zip without zip64");
        const auto crc = static_cast<std::uint32_t>(
            ::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(content.data()),
                    static_cast<uInt>(content.size())));
        const std::uint64_t offset = out.size();
        auto common = [&](std::string& s) {
            put_le(s, 20, 2);  // version needed: 2.0
            put_le(s, 0, 2);   // flags
            put_le(s, 0, 2);   // method: stored
            put_le(s, dos_time, 2);
            put_le(s, dos_date, 2);
            put_le(s, crc, 4);
            put_le(s, content.size(), 4);
            put_le(s, content.size(), 4);
            put_le(s, name.size(), 2);
            put_le(s, 0, 2);  // extra length
        };
        put_le(out, 0x04034b50, 4);
        common(out);
        out += name;
        out += content;
        put_le(central, 0x02014b50, 4);
        put_le(central, 20, 2);  // made by
        common(central);
        put_le(central, 0, 2);  // comment length
        put_le(central, 0, 2);  // disk
        put_le(central, 0, 2);  // internal attributes
        put_le(central, 0, 4);  // external attributes
        put_le(central, offset, 4);
        central += name;
    }
    const std::uint64_t cd_offset = out.size();
    out += central;
    put_le(out, 0x06054b50, 4);
    put_le(out, 0, 2);
    put_le(out, 0, 2);
    put_le(out, members.size(), 2);
    put_le(out, members.size(), 2);
    put_le(out, central.size(), 4);
    put_le(out, cd_offset, 4);
    put_le(out, 0, 2);
    return out;
}

ExportCamsResult export_cams(const ExportCamsOptions& options, const JobContext& ctx) {
    options.check();
    std::error_code ec;
    if (!fs::is_directory(options.store, ec))
        throw Error(options.store, "is not a CAM store folder");
    std::vector<std::string> ids;
    for (const auto& item : fs::directory_iterator(options.store, ec))
        if (item.is_regular_file() && item.path().extension() == ".cam")
            ids.push_back(item.path().stem().string());
    if (ec)
        throw Error(options.store, "cannot be listed: " + ec.message());
    std::sort(ids.begin(), ids.end());
    fs::create_directories(options.out, ec);
    if (ec)
        throw Error(options.out, "cannot be created: " + ec.message());

    ExportCamsResult result;
    const auto alpha = static_cast<float>(options.alpha);
    for (std::size_t n = 0; n < ids.size(); ++n) {
        ctx.check_cancel();
        const std::string& id = ids[n];
        const CamEntry entry = CamStore::of_entry(options.store, id).get(id);
        auto arrays = entry_arrays(entry, alpha);
        if (options.format == "npz") {
            for (auto& a : arrays)
                a.first += ".npy";
            write_file_atomically(options.out / (id + ".npz"), zip_stored(arrays));
        } else {
            const fs::path dir = options.out / id;
            fs::create_directories(dir, ec);
            if (ec)
                throw Error(dir, "cannot be created: " + ec.message());
            for (const auto& [name, content] : arrays)
                write_file_atomically(dir / (name + ".npy"), content);
        }
        ++result.exported;
        ctx.report(n + 1, ids.size(), id);
    }
    nlohmann::json index = {{"format", "amr-cam-export"},
                            {"version", 1},
                            {"layout", options.format},
                            {"alpha", options.alpha},
                            {"ids", ids}};
    write_file_atomically(options.out / "index.json", index.dump(2) + "\n");
    return result;
}

}  // namespace amr::cam
