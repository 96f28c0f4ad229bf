#include "engine/data/file_index.h"

#include <algorithm>
#include <cctype>

#include "engine/core/error.h"
#include "engine/data/image_io.h"

namespace amr::data {
namespace {

int extension_rank(const std::string& name) {
    auto dot = name.rfind('.');
    std::string ext = dot == std::string::npos ? std::string() : name.substr(dot);
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (ext == ".jpg")
        return 0;
    if (ext == ".jpeg")
        return 1;
    if (ext == ".png")
        return 2;
    return 3;
}

bool preferred(const std::string& a, const std::string& b) {
    int ra = extension_rank(a), rb = extension_rank(b);
    return ra != rb ? ra < rb : a < b;
}

}  // namespace

std::filesystem::path absolute_folder(const std::filesystem::path& folder) {
    std::filesystem::path p = std::filesystem::absolute(folder).lexically_normal();
    if (!p.has_filename() && p != p.root_path())
        p = p.parent_path();
    return p;
}

FileIndex::FileIndex(const std::filesystem::path& dir) : dir_(dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec))
        return;
    exists_ = true;
    fs::directory_iterator it(dir, ec);
    if (ec)
        throw Error(dir, "cannot list the folder: " + ec.message());
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec)
            throw Error(dir, "cannot list the folder: " + ec.message());
        // The entry's cached type avoids a stat per file; symlinks are followed only then.
        std::error_code type_ec;
        if (!it->is_regular_file(type_ec))
            continue;
        const fs::path& p = it->path();
        std::string name = p.filename().string();
        if (is_image_extension(p)) {
            std::string stem = p.stem().string();
            auto [slot, inserted] = images_.try_emplace(std::move(stem), name);
            if (!inserted && preferred(name, slot->second))
                slot->second = name;
        }
        names_.insert(std::move(name));
    }
}

const std::string* FileIndex::image_for_stem(const std::string& stem) const {
    auto it = images_.find(stem);
    return it == images_.end() ? nullptr : &it->second;
}

}  // namespace amr::data
