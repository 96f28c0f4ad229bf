#include "engine/data/class_list.h"
#include "engine/core/text.h"

#include <algorithm>
#include <sstream>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::data {
namespace {

bool is_background_name(const std::string& s) {
    return s == "background" || s == "_background_" || s == "__background__";
}

}  // namespace

ClassList::ClassList(std::vector<std::string> names) : names_(std::move(names)) {
    if (static_cast<int>(names_.size()) > kMaxClasses)
        throw Error("a dataset can have at most " + std::to_string(kMaxClasses) + " classes, got " +
                    std::to_string(names_.size()));
    for (std::size_t i = 0; i < names_.size(); ++i) {
        if (names_[i].empty())
            throw Error("class " + std::to_string(i + 1) + " has an empty name");
        if (std::find(names_.begin(), names_.begin() + i, names_[i]) != names_.begin() + i)
            throw Error("class '" + names_[i] + "' is listed twice");
    }
}

ClassList ClassList::voc() {
    return ClassList({"aeroplane",   "bicycle", "bird",  "boat",      "bottle",
                      "bus",         "car",     "cat",   "chair",     "cow",
                      "diningtable", "dog",     "horse", "motorbike", "person",
                      "pottedplant", "sheep",   "sofa",  "train",     "tvmonitor"});
}

ClassList ClassList::load(const std::filesystem::path& file) {
    std::istringstream in(read_file(file));
    std::vector<std::string> names;
    std::string line;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        std::string name(trim(line));
        if (name.empty() || name[0] == '#')
            continue;
        if (name == "__ignore__")
            continue;
        if (names.empty() && is_background_name(name))
            continue;
        if (std::find(names.begin(), names.end(), name) != names.end())
            throw Error(
                file, "line " + std::to_string(line_no) + ": class '" + name + "' is listed twice");
        names.push_back(name);
    }
    if (names.empty())
        throw Error(file, "lists no classes");
    try {
        return ClassList(std::move(names));
    } catch (const Error& e) {
        throw Error(file, e.problem());
    }
}

void ClassList::save(const std::filesystem::path& file) const {
    std::string text;
    for (const auto& n : names_)
        text += n + "\n";
    write_file_atomically(file, text);
}

int ClassList::index_of(std::string_view name) const {
    auto it = std::find(names_.begin(), names_.end(), name);
    return it == names_.end() ? -1 : static_cast<int>(it - names_.begin());
}

std::string ClassList::label_name(int label) const {
    if (label == kBackgroundLabel)
        return "background";
    if (label == kVoidLabel)
        return "void";
    if (label >= 1 && label <= size())
        return names_[label - 1];
    return "label " + std::to_string(label);
}

}  // namespace amr::data
