#pragma once
// Small string helpers shared by the readers of text files (lists, CSV, class files).

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

namespace amr {

// `s` without leading and trailing blanks (space, tab, CR, LF).
inline std::string_view trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos)
        return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return s.substr(b, e - b + 1);
}

// `s` with ASCII letters in lower case (file extensions, CSV headers).
inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// "line N: ", the prefix of a message about line N of a text file.
inline std::string at_line(int line) {
    return "line " + std::to_string(line) + ": ";
}

}  // namespace amr
