#pragma once
// The one exception type the engine throws for anything a user can fix: bad input, missing
// files, full disks. The message always names the file at fault when there is one.

#include <filesystem>
#include <stdexcept>
#include <string>

namespace amr {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message);
    // Formats "<file>: <problem>".
    Error(const std::filesystem::path& file, const std::string& problem);

    const std::filesystem::path& file() const { return file_; }
    const std::string& problem() const { return problem_; }

private:
    std::filesystem::path file_;
    std::string problem_;
};

// Thrown by CancelToken::throw_if_cancelled(); jobs let it propagate after leaving resumable state.
class Cancelled : public Error {
public:
    Cancelled() : Error("cancelled") {}
};

// "strerror(errno)" as a std::string, for messages about failed system calls.
std::string errno_text(int err);

}  // namespace amr
