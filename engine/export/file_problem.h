#pragma once
// A finding about one file, for jobs that report every problem instead of stopping at the first.

#include <filesystem>
#include <string>
#include <vector>

namespace amr::voc {

enum class Severity { Warning, Error };

struct FileProblem {
    Severity severity = Severity::Error;
    std::filesystem::path file;
    std::string problem;

    // "error: <file>: <problem>"
    std::string to_string() const {
        return std::string(severity == Severity::Error ? "error: " : "warning: ") + file.string() +
               ": " + problem;
    }
};

inline std::size_t count_problems(const std::vector<FileProblem>& problems, Severity severity) {
    std::size_t n = 0;
    for (const auto& p : problems)
        n += p.severity == severity;
    return n;
}

}  // namespace amr::voc
