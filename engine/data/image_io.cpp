#include "engine/data/image_io.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <string>
#include <string_view>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace amr::data {
namespace {

std::string lower_extension(const std::filesystem::path& file) {
    std::string ext = file.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

void require_readable(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw Error(file, "no such file");
    if (!std::filesystem::is_regular_file(file, ec))
        throw Error(file, "is not a regular file");
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot open the file for reading (check its permissions)");
}

// Walks JPEG markers up to the first SOFn segment.
bool jpeg_size(const std::filesystem::path& file, cv::Size& size) {
    std::ifstream in(file, std::ios::binary);
    unsigned char b[2];
    if (!in.read(reinterpret_cast<char*>(b), 2) || b[0] != 0xFF || b[1] != 0xD8)
        return false;
    for (;;) {
        int c = in.get();
        while (c == 0xFF)
            c = in.get();  // fill bytes
        if (c == EOF)
            return false;
        int marker = c;
        if (marker == 0xD8 || (marker >= 0xD0 && marker <= 0xD7) || marker == 0x01)
            continue;
        if (marker == 0xD9 || marker == 0xDA)
            return false;  // end or scan before any SOF
        unsigned char len_bytes[2];
        if (!in.read(reinterpret_cast<char*>(len_bytes), 2))
            return false;
        int len = (len_bytes[0] << 8) | len_bytes[1];
        if (len < 2)
            return false;
        bool sof =
            marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
        if (sof) {
            unsigned char s[5];
            if (!in.read(reinterpret_cast<char*>(s), 5))
                return false;
            size.height = (s[1] << 8) | s[2];
            size.width = (s[3] << 8) | s[4];
            return size.width > 0 && size.height > 0;
        }
        in.seekg(len - 2, std::ios::cur);
        if (!in)
            return false;
    }
}

// libjpeg decodes a truncated JPEG without failing (the missing part comes out grey, with a
// warning on stderr), so check that an EOI marker follows the main image's first scan. Entropy-
// coded data never holds FF D9, and the markers before the scan are walked by their lengths,
// which skips any EXIF thumbnail (a JPEG with its own EOI). Unwalkable files are left to the
// decoder to refuse.
bool jpeg_truncated(std::string_view b) {
    std::size_t pos = 2;
    while (pos + 4 <= b.size()) {
        if (static_cast<unsigned char>(b[pos]) != 0xFF)
            return false;
        while (pos < b.size() && static_cast<unsigned char>(b[pos]) == 0xFF)
            ++pos;
        if (pos >= b.size())
            return true;
        int marker = static_cast<unsigned char>(b[pos++]);
        if ((marker >= 0xD0 && marker <= 0xD8) || marker == 0x01)
            continue;
        if (marker == 0xD9)
            return false;
        if (pos + 2 > b.size())
            return true;
        std::size_t len = (std::size_t(static_cast<unsigned char>(b[pos])) << 8) |
                          static_cast<unsigned char>(b[pos + 1]);
        if (marker == 0xDA)
            return b.find("\xFF\xD9", pos + len) == std::string_view::npos;
        pos += len;
    }
    return true;
}

}  // namespace

cv::Mat read_image(const std::filesystem::path& file) {
    require_readable(file);
    std::string bytes = read_file(file);
    if (bytes.empty())
        throw Error(file, "cannot decode the image: the file is empty");
    if (bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 && jpeg_truncated(bytes))
        throw Error(file,
                    "truncated JPEG: the file ends before its image data does (an "
                    "interrupted download or copy?)");
    cv::Mat img;
    try {
        // EXIF orientation is ignored, as PIL and torchvision do: masks made for this image by
        // those tools match the stored pixels, and read_image_size() agrees with the decode.
        cv::Mat raw(1, static_cast<int>(bytes.size()), CV_8UC1, bytes.data());
        img = cv::imdecode(raw, cv::IMREAD_COLOR | cv::IMREAD_IGNORE_ORIENTATION);
    } catch (const cv::Exception& e) {
        throw Error(file, std::string("cannot decode the image: ") + e.what());
    }
    if (img.empty())
        throw Error(file,
                    "cannot decode the image: the file is corrupt or not an image format "
                    "OpenCV reads (JPEG, PNG, BMP, TIFF, WebP)");
    if (img.depth() != CV_8U)
        img.convertTo(img, CV_8U);
    return img;
}

cv::Size read_image_size(const std::filesystem::path& file) {
    require_readable(file);
    // By content, not by extension: a PNG named .jpg decodes fine and must measure fine too.
    unsigned char magic[8] = {};
    {
        std::ifstream in(file, std::ios::binary);
        in.read(reinterpret_cast<char*>(magic), sizeof magic);
    }
    static const unsigned char kPngMagic[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    if (std::equal(magic, magic + 8, kPngMagic))
        return read_png_size(file);
    if (magic[0] == 0xFF && magic[1] == 0xD8) {
        cv::Size size;
        if (jpeg_size(file, size))
            return size;
        throw Error(file, "corrupt JPEG: no frame header found");
    }
    return read_image(file).size();
}

bool is_image_extension(const std::filesystem::path& file) {
    static const std::array<std::string_view, 9> kExts = {".jpg",  ".jpeg", ".png", ".bmp", ".tif",
                                                          ".tiff", ".webp", ".ppm", ".pgm"};
    std::string ext = lower_extension(file);
    return std::find(kExts.begin(), kExts.end(), ext) != kExts.end();
}

}  // namespace amr::data
