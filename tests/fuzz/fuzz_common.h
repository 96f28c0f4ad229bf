#pragma once
// Shared by the libFuzzer targets (built by scripts/fuzz.sh, never by the normal build). The
// readers under test take paths, so each input is written to a scratch file in /dev/shm first.
// Contract checked for every input: the reader returns, or throws amr::Error whose message names
// the file. Any other exception, a crash, a sanitizer report or a leak is a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>

#include "engine/core/error.h"

namespace amr::fuzz {

inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        const char* shm = "/dev/shm";
        std::filesystem::path base = std::filesystem::is_directory(shm)
                                         ? std::filesystem::path(shm)
                                         : std::filesystem::temp_directory_path();
        auto d = base / ("amr-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(d);
        return d;
    }();
    return dir;
}

inline std::filesystem::path write_input(const std::string& name, const std::uint8_t* data,
                                         std::size_t size) {
    const auto file = scratch_dir() / name;
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    out.close();
    if (!out) {
        std::fprintf(stderr, "cannot write %s\n", file.c_str());
        std::abort();
    }
    return file;
}

// Runs `read`; a clean amr::Error naming `file` is fine, anything else aborts (a finding).
template <typename Fn>
void expect_clean(const std::filesystem::path& file, Fn&& read) {
    try {
        read();
    } catch (const amr::Error& e) {
        const std::string what = e.what();
        if (what.find(file.filename().string()) == std::string::npos) {
            std::fprintf(stderr, "amr::Error does not name %s: %s\n", file.c_str(), what.c_str());
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "non-amr exception escaped: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "unknown exception escaped\n");
        std::abort();
    }
}

}  // namespace amr::fuzz
