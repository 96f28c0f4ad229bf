#pragma once
// Writes a file so that readers see either the old content or the new one, never a mix:
// the data goes to a temporary file in the same folder, is flushed to disk, then renamed
// over the target. A process killed half-way leaves the previous file intact.

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace amr {

class AtomicFile {
public:
    // Creates the temporary file next to `target` (the folder must exist).
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // discards the temporary file unless commit() succeeded
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    FILE* handle() const { return file_; }
    const std::filesystem::path& target() const { return target_; }
    const std::filesystem::path& temp_path() const { return temp_; }

    void write(std::string_view bytes);
    // Flushes, fsyncs and renames; throws amr::Error naming the target on any failure.
    void commit();

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    FILE* file_ = nullptr;
    bool committed_ = false;
};

// Convenience: the whole content at once.
void write_file_atomically(const std::filesystem::path& target, std::string_view bytes);

// Reads a whole file; throws amr::Error naming it when it cannot.
std::string read_file(const std::filesystem::path& path);

}  // namespace amr
