#include "engine/export/export_manifest.h"

#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/runtime.h"

namespace amr::voc {
namespace {

nlohmann::json to_json(const FileStamp& s) {
    return {s.path, s.size, s.mtime_ns};
}

FileStamp stamp_from_json(const nlohmann::json& j) {
    return {j.at(0).get<std::string>(), j.at(1).get<std::uintmax_t>(), j.at(2).get<std::int64_t>()};
}

}  // namespace

FileStamp stamp_file(const std::filesystem::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        int err = errno;
        throw Error(file, "cannot examine the file: " + errno_text(err));
    }
    return {file.string(), static_cast<std::uintmax_t>(st.st_size),
            static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

std::optional<ExportManifest> read_export_manifest(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return std::nullopt;
    try {
        const auto doc = nlohmann::json::parse(read_file(file));
        ExportManifest m;
        m.settings = doc.at("settings").get<std::string>();
        m.complete = doc.at("complete").get<bool>();
        for (const auto& [id, j] : doc.at("images").items()) {
            ManifestEntry e;
            e.image = stamp_from_json(j.at("image"));
            if (!j.at("mask").is_null())
                e.mask = stamp_from_json(j.at("mask"));
            e.version = j.at("version").get<std::string>();
            e.tags = j.at("tags").get<std::vector<std::uint16_t>>();
            m.images.emplace(id, std::move(e));
        }
        return m;
    } catch (const nlohmann::json::exception&) {
        return std::nullopt;  // not ours, or from an incompatible version: redo everything
    } catch (const Error&) {
        return std::nullopt;
    }
}

void write_export_manifest(const std::filesystem::path& file, const ExportManifest& manifest) {
    nlohmann::json images = nlohmann::json::object();
    for (const auto& [id, e] : manifest.images)
        images[id] = {{"image", to_json(e.image)},
                      {"mask", e.mask ? to_json(*e.mask) : nlohmann::json()},
                      {"version", e.version},
                      {"tags", e.tags}};
    nlohmann::json doc{{"tool", "amr " + amr::version()},
                       {"settings", manifest.settings},
                       {"complete", manifest.complete},
                       {"images", std::move(images)}};
    write_file_atomically(file, doc.dump(1) + "\n");
}

}  // namespace amr::voc
