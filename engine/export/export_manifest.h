#pragma once
// The resume manifest of a VOC export (VOC2012/.amr-export.json): the settings the export was
// made with and, per finished image, the stamps of the sources it was made from.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace amr::voc {

// Identifies one version of a source file without reading it.
struct FileStamp {
    std::string path;
    std::uintmax_t size = 0;
    std::int64_t mtime_ns = 0;

    bool operator==(const FileStamp&) const = default;
};

// Throws amr::Error naming the file when it cannot be examined.
FileStamp stamp_file(const std::filesystem::path& file);

struct ManifestEntry {
    FileStamp image;
    std::optional<FileStamp> mask;
    std::string version;  // mask version, empty without a mask
    std::vector<std::uint16_t> tags;

    bool operator==(const ManifestEntry&) const = default;
};

struct ExportManifest {
    std::string settings;  // a canonical string of the options that shape the output files
    bool complete = false;
    std::unordered_map<std::string, ManifestEntry> images;
};

// nullopt when the file does not exist or is not a manifest we wrote.
std::optional<ExportManifest> read_export_manifest(const std::filesystem::path& file);
void write_export_manifest(const std::filesystem::path& file, const ExportManifest& manifest);

}  // namespace amr::voc
