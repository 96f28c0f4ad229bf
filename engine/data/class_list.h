#pragma once
// The foreground classes of a dataset. Label values in masks are: 0 = background,
// i + 1 = names()[i], 255 = void (ignored by losses and metrics).

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace amr::data {

inline constexpr std::uint8_t kBackgroundLabel = 0;
inline constexpr std::uint8_t kVoidLabel = 255;
inline constexpr int kMaxClasses = 254;  // foreground classes; labels 1..254

class ClassList {
public:
    ClassList() = default;
    explicit ClassList(std::vector<std::string> names);  // throws on duplicates or too many

    // The 20 PASCAL VOC classes in canonical order (aeroplane … tvmonitor).
    static ClassList voc();

    // Reads classes.txt: one name per line; blank lines and '#' comments skipped; a first line
    // "background" (or "_background_", "__background__") is accepted and dropped, as is
    // labelme's "__ignore__". Throws amr::Error naming the file and line on duplicates.
    static ClassList load(const std::filesystem::path& file);
    // Writes the same format, atomically, without a background line.
    void save(const std::filesystem::path& file) const;

    const std::vector<std::string>& names() const { return names_; }
    int size() const { return static_cast<int>(names_.size()); }
    bool empty() const { return names_.empty(); }
    // Background + foreground: the number of rows of a confusion matrix.
    int num_labels() const { return size() + 1; }
    // 0-based foreground index, or -1 when unknown.
    int index_of(std::string_view name) const;
    // "background" for 0, names()[label-1] for 1..size(), "void" for 255, else "label N".
    std::string label_name(int label) const;

    bool operator==(const ClassList& other) const { return names_ == other.names_; }

private:
    std::vector<std::string> names_;
};

}  // namespace amr::data
