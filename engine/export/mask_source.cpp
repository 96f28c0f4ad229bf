#include "engine/export/mask_source.h"
#include "engine/core/text.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::voc {
namespace {

std::string join(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

}  // namespace

const std::vector<std::string>& known_mask_versions() {
    static const std::vector<std::string> names{
        std::string(kVersionHuman),    std::string(kVersionRefined),
        std::string(kVersionDeeplab),  std::string(kVersionCam),
        std::string(kVersionImported), std::string(kVersionGroundTruth)};
    return names;
}

bool is_known_mask_version(std::string_view name) {
    const auto& names = known_mask_versions();
    return std::find(names.begin(), names.end(), name) != names.end();
}

const std::vector<std::string>& default_mask_priority() {
    static const std::vector<std::string> names{
        std::string(kVersionHuman), std::string(kVersionRefined), std::string(kVersionDeeplab),
        std::string(kVersionCam)};
    return names;
}

std::vector<std::string> parse_mask_priority(std::string_view text, const std::string& what) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t comma = text.find(',', start);
        if (comma == std::string_view::npos)
            comma = text.size();
        std::string name(trim(text.substr(start, comma - start)));
        start = comma + 1;
        if (name.empty())
            continue;
        if (!is_known_mask_version(name))
            throw Error(what + ": unknown mask version '" + name +
                        "' (known: " + join(known_mask_versions()) + ")");
        if (std::find(out.begin(), out.end(), name) != out.end())
            throw Error(what + ": mask version '" + name + "' is listed twice");
        out.push_back(std::move(name));
    }
    if (out.empty())
        throw Error(what + ": names no mask version");
    return out;
}

std::optional<MaskRef> pick_mask(const MaskSource& source, const data::ImageRecord& image,
                                 const std::vector<std::string>& priority) {
    for (const auto& version : priority)
        if (auto ref = source.find(image, version))
            return ref;
    return std::nullopt;
}

void FolderMaskSource::add_folder(const std::string& version, const std::filesystem::path& folder) {
    if (version == kVersionGroundTruth)
        throw Error(folder, "'gt' is the dataset's own ground truth and needs no folder");
    if (!is_known_mask_version(version))
        throw Error(folder, "unknown mask version '" + version +
                                "' (known: " + join(known_mask_versions()) + ")");
    if (folders_.count(version))
        throw Error(folder, "mask version '" + version + "' already has the folder " +
                                folders_.at(version).string());
    std::error_code ec;
    if (!std::filesystem::is_directory(folder, ec))
        throw Error(folder, "no such folder (mask version '" + version + "')");
    const auto absolute = std::filesystem::absolute(folder).lexically_normal();
    const auto entries = read_provenance(absolute / "provenance.json");
    folders_[version] = absolute;
    provenance_[version] = entries.empty() ? version + " masks from " + absolute.string()
                                           : describe_provenance(entries);
}

void FolderMaskSource::add_spec(std::string_view spec) {
    const auto eq = spec.find('=');
    if (eq == std::string_view::npos || eq == 0 || eq + 1 == spec.size())
        throw Error("mask folder '" + std::string(spec) +
                    "' must be written VERSION=FOLDER, e.g. human=masks/human");
    add_folder(std::string(trim(spec.substr(0, eq))),
               std::filesystem::path(std::string(spec.substr(eq + 1))));
}

std::vector<std::string> FolderMaskSource::versions() const {
    std::vector<std::string> out;
    for (const auto& name : known_mask_versions())
        if (name == kVersionGroundTruth || folders_.count(name))
            out.push_back(name);
    return out;
}

std::optional<MaskRef> FolderMaskSource::find(const data::ImageRecord& image,
                                              std::string_view version) const {
    if (version == kVersionGroundTruth) {
        if (!image.mask)
            return std::nullopt;
        return MaskRef{*image.mask, std::string(version),
                       "the dataset's ground truth (" + image.mask->string() + ")"};
    }
    auto it = folders_.find(std::string(version));
    if (it == folders_.end())
        return std::nullopt;
    std::filesystem::path path = it->second / (image.id + ".png");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        return std::nullopt;
    return MaskRef{std::move(path), it->first, provenance_.at(it->first)};
}

std::vector<ProvenanceEntry> read_provenance(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        return {};
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(read_file(file));
    } catch (const nlohmann::json::exception& e) {
        throw Error(file, std::string("not valid JSON: ") + e.what());
    }
    const auto* list = doc.is_object() && doc.contains("imports") ? &doc["imports"] : nullptr;
    if (!list || !list->is_array())
        throw Error(file, "expected an object with an \"imports\" array");
    std::vector<ProvenanceEntry> out;
    for (const auto& j : *list) {
        if (!j.is_object())
            throw Error(file, "an entry of \"imports\" is not an object");
        ProvenanceEntry e;
        e.provenance = j.value("provenance", std::string("imported"));
        e.version = j.value("version", std::string());
        e.source = j.value("source", std::string());
        e.time = j.value("time", std::string());
        e.tool = j.value("tool", std::string());
        e.masks = j.value("masks", std::size_t{0});
        out.push_back(std::move(e));
    }
    return out;
}

void write_provenance(const std::filesystem::path& file,
                      const std::vector<ProvenanceEntry>& entries) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries)
        list.push_back({{"provenance", e.provenance},
                        {"version", e.version},
                        {"source", e.source},
                        {"time", e.time},
                        {"tool", e.tool},
                        {"masks", e.masks}});
    write_file_atomically(file, nlohmann::json{{"imports", list}}.dump(2) + "\n");
}

std::string describe_provenance(const std::vector<ProvenanceEntry>& entries) {
    std::string out;
    for (const auto& e : entries) {
        if (!out.empty())
            out += "; ";
        out += e.provenance + " from " + e.source;
        if (!e.time.empty())
            out += " on " + e.time;
        if (!e.tool.empty())
            out += " by " + e.tool;
        out += " (" + std::to_string(e.masks) + " masks)";
    }
    return out;
}

std::string utc_timestamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace amr::voc
