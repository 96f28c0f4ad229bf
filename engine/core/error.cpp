#include "engine/core/error.h"

#include <cstring>

namespace amr {

Error::Error(const std::string& message) : std::runtime_error(message), problem_(message) {}

Error::Error(const std::filesystem::path& file, const std::string& problem)
    : std::runtime_error(file.string() + ": " + problem), file_(file), problem_(problem) {}

std::string errno_text(int err) {
    if (err == ENOSPC)
        return "no space left on the device (disk full)";
    return std::strerror(err);
}

}  // namespace amr
