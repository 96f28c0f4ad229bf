#pragma once
// A minimal read-only zip reader for torch.save archives: central directory (zip64 included),
// stored and deflated entries, CRC-32 checked. Our own (zlib only) rather than libzip: torch only
// writes stored entries, we want to read records straight into tensor memory without a copy, and
// every offset of a possibly hostile file gets checked against the file size here.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

namespace amr::nn {

class ZipArchive {
public:
    struct Entry {
        std::string name;
        std::uint16_t method = 0;  // 0 stored, 8 deflated
        std::uint16_t flags = 0;
        std::uint32_t crc32 = 0;
        std::uint64_t compressed_size = 0;
        std::uint64_t size = 0;
        std::uint64_t local_header_offset = 0;
    };

    // True when the file starts like a zip archive (local header or empty-archive signature).
    static bool looks_like_zip(const std::filesystem::path& file);

    // Opens the archive and reads its central directory. Throws amr::Error naming the file.
    explicit ZipArchive(const std::filesystem::path& file);

    const std::vector<Entry>& entries() const { return entries_; }
    const Entry* find(std::string_view name) const;

    // False when the entry claims more bytes than its compressed data can hold (stored: its
    // compressed size; deflate: ~1032:1), so callers allocate nothing for a hostile size field.
    bool size_plausible(const Entry& entry) const;

    // Reads a whole entry (uncompressed) into memory; meant for small records such as data.pkl.
    std::vector<char> read(const Entry& entry);
    // Reads exactly entry.size bytes into `dst` (which must hold `capacity` bytes).
    void read_into(const Entry& entry, void* dst, std::uint64_t capacity);

    const std::filesystem::path& file() const { return file_; }

private:
    void read_at(std::uint64_t offset, void* dst, std::uint64_t n);
    void read_central_directory();
    std::uint64_t data_offset(const Entry& entry);

    std::filesystem::path file_;
    std::ifstream in_;
    std::uint64_t file_size_ = 0;
    std::uint64_t directory_offset_ = 0;
    std::vector<Entry> entries_;
};

}  // namespace amr::nn
