#include "engine/data/dataset.h"

#include <algorithm>

#include "engine/core/error.h"

namespace amr::data {

bool ImageRecord::has_tag(int cls) const {
    return std::binary_search(tags.begin(), tags.end(), static_cast<std::uint16_t>(cls));
}

Dataset::Dataset(std::filesystem::path root, DatasetFormat format, ClassList classes)
    : root_(std::move(root)), format_(format), classes_(std::move(classes)) {}

long Dataset::find(std::string_view id) const {
    auto it = by_id_.find(std::string(id));
    return it == by_id_.end() ? -1 : static_cast<long>(it->second);
}

std::uint32_t Dataset::split_bit(const std::string& name) {
    auto it = std::find(split_names_.begin(), split_names_.end(), name);
    if (it != split_names_.end())
        return 1u << (it - split_names_.begin());
    if (split_names_.size() >= 32)
        throw Error(root_, "more than 32 split lists");
    split_names_.push_back(name);
    return 1u << (split_names_.size() - 1);
}

std::vector<std::size_t> Dataset::split(std::string_view name) const {
    std::vector<std::size_t> out;
    auto it = std::find(split_names_.begin(), split_names_.end(), name);
    if (it == split_names_.end())
        return out;
    std::uint32_t bit = 1u << (it - split_names_.begin());
    for (std::size_t i = 0; i < images_.size(); ++i)
        if (images_[i].splits & bit)
            out.push_back(i);
    return out;
}

std::string Dataset::resolve_split(const std::string& requested) const {
    if (requested != "auto")
        return requested;
    return split("train_aug").empty() ? "train" : "train_aug";
}

std::vector<float> Dataset::multi_hot(std::size_t i) const {
    std::vector<float> v(classes_.size(), 0.f);
    for (auto t : images_[i].tags)
        v[t] = 1.f;
    return v;
}

std::size_t Dataset::count_with_mask() const {
    return static_cast<std::size_t>(std::count_if(
        images_.begin(), images_.end(), [](const auto& r) { return r.mask.has_value(); }));
}

void Dataset::add(ImageRecord record, const std::filesystem::path& source) {
    auto [it, inserted] = by_id_.emplace(record.id, images_.size());
    if (!inserted)
        throw Error(source, "duplicate image id '" + record.id + "' (also " +
                                images_[it->second].image.filename().string() + ")");
    images_.push_back(std::move(record));
}

}  // namespace amr::data
