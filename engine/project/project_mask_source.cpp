// ProjectMaskSource: the project's mask versions for the VOC exporter.
#include "engine/project/project.h"

#include <algorithm>
#include <system_error>

namespace amr::project {
namespace fs = std::filesystem;

ProjectMaskSource::ProjectMaskSource(const Project& project) : project_(project) {
    // One query up front: the exporter asks from several threads, and a connection is not
    // shared across threads.
    for (auto& r : project_.all_masks()) {
        if (versions_.empty() || versions_.back() != r.version)
            versions_.push_back(r.version);
        const std::string key = r.version + '\n' + r.image_id;
        records_.emplace(key, std::move(r));
    }
}

std::vector<std::string> ProjectMaskSource::versions() const {
    // Known versions in their usual order, then any others (e.g. "seeds").
    std::vector<std::string> out;
    for (const auto& v : voc::known_mask_versions())
        if (v == voc::kVersionGroundTruth ||
            std::find(versions_.begin(), versions_.end(), v) != versions_.end())
            out.push_back(v);
    for (const auto& v : versions_)
        if (!voc::is_known_mask_version(v))
            out.push_back(v);
    return out;
}

std::optional<voc::MaskRef> ProjectMaskSource::find(const data::ImageRecord& image,
                                                    std::string_view version) const {
    if (version == voc::kVersionGroundTruth) {
        if (!image.mask)
            return std::nullopt;
        return voc::MaskRef{*image.mask, std::string(version),
                            "the dataset's ground truth (" + image.mask->string() + ")"};
    }
    auto it = records_.find(std::string(version) + '\n' + image.id);
    if (it == records_.end())
        return std::nullopt;
    std::error_code ec;
    if (!fs::is_regular_file(it->second.path, ec))
        return std::nullopt;  // recorded but deleted since: not a mask to export
    return voc::MaskRef{it->second.path, it->second.version, it->second.provenance};
}

}  // namespace amr::project
