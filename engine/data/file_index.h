#pragma once
// One listing of a folder, so that readers look files up in memory instead of stat-ing the
// disk once per image id (100,000 stats are slow on network and spinning disks).

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace amr::data {

// `folder` made absolute and normal, without a trailing separator ("data/./voc/" ->
// "/cwd/data/voc").
std::filesystem::path absolute_folder(const std::filesystem::path& folder);

class FileIndex {
public:
    FileIndex() = default;
    // Lists the regular files directly in `dir`. A missing folder gives an empty index;
    // a folder that cannot be listed throws amr::Error naming it.
    explicit FileIndex(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    bool folder_exists() const { return exists_; }
    bool contains(const std::string& name) const { return names_.count(name) > 0; }
    // The image file (by is_image_extension) whose stem is `stem`, or nullptr. When several
    // share a stem, .jpg wins over .jpeg over .png over the rest, then the smallest name.
    const std::string* image_for_stem(const std::string& stem) const;
    std::size_t image_count() const { return images_.size(); }
    const std::unordered_map<std::string, std::string>& images() const { return images_; }

private:
    std::filesystem::path dir_;
    bool exists_ = false;
    std::unordered_set<std::string> names_;
    std::unordered_map<std::string, std::string> images_;  // stem -> file name
};

}  // namespace amr::data
