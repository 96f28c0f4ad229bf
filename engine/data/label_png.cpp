#include "engine/data/label_png.h"

#include <png.h>

#include <csetjmp>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::data {
namespace {

// libpng reports errors through longjmp; we keep the message and turn it into amr::Error.
struct PngErrorState {
    std::string message;
};

void on_png_error(png_structp png, png_const_charp msg) {
    auto* state = static_cast<PngErrorState*>(png_get_error_ptr(png));
    if (state)
        state->message = msg ? msg : "unknown libpng error";
    png_longjmp(png, 1);
}

void on_png_warning(png_structp, png_const_charp) {}

struct FileCloser {
    void operator()(FILE* f) const {
        if (f)
            std::fclose(f);
    }
};
using FilePtr = std::unique_ptr<FILE, FileCloser>;

FilePtr open_for_reading(const std::filesystem::path& file) {
    FilePtr f(std::fopen(file.c_str(), "rb"));
    if (!f) {
        std::error_code ec;
        if (!std::filesystem::exists(file, ec))
            throw Error(file, "no such file");
        throw Error(file, "cannot open the file for reading");
    }
    unsigned char sig[8] = {};
    if (std::fread(sig, 1, 8, f.get()) != 8 || png_sig_cmp(sig, 0, 8) != 0)
        throw Error(file, "not a PNG file");
    return f;
}

// RAII for a libpng read struct.
struct PngReader {
    png_structp png = nullptr;
    png_infop info = nullptr;
    PngErrorState errors;
    explicit PngReader(const std::filesystem::path& file) {
        png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &errors, on_png_error, on_png_warning);
        if (!png)
            throw Error(file, "out of memory while opening the PNG");
        info = png_create_info_struct(png);
        if (!info) {
            png_destroy_read_struct(&png, nullptr, nullptr);
            throw Error(file, "out of memory while opening the PNG");
        }
    }
    ~PngReader() { png_destroy_read_struct(&png, &info, nullptr); }
};

// Encoding goes to memory; the caller decides how the bytes reach the disk.
void append_to_string(png_structp png, png_bytep data, png_size_t length) {
    auto* out = static_cast<std::string*>(png_get_io_ptr(png));
    out->append(reinterpret_cast<const char*>(data), length);
}

void flush_nothing(png_structp) {}

}  // namespace

const std::array<Rgb, 256>& voc_palette() {
    static const std::array<Rgb, 256> palette = [] {
        std::array<Rgb, 256> p{};
        for (int i = 0; i < 256; ++i) {
            int c = i;
            int r = 0, g = 0, b = 0;
            for (int j = 0; j < 8; ++j) {
                r |= ((c >> 0) & 1) << (7 - j);
                g |= ((c >> 1) & 1) << (7 - j);
                b |= ((c >> 2) & 1) << (7 - j);
                c >>= 3;
            }
            p[i] = {static_cast<std::uint8_t>(r), static_cast<std::uint8_t>(g),
                    static_cast<std::uint8_t>(b)};
        }
        return p;
    }();
    return palette;
}

std::string encode_label_png(const cv::Mat& labels) {
    if (labels.empty() || labels.type() != CV_8UC1)
        throw Error("a label image must be a non-empty single-channel 8-bit image");
    std::string bytes;
    PngErrorState errors;
    png_structp png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &errors, on_png_error, on_png_warning);
    png_infop info = png ? png_create_info_struct(png) : nullptr;
    if (!png || !info) {
        png_destroy_write_struct(&png, &info);
        throw Error("out of memory while encoding the PNG");
    }
    std::vector<png_color> colors(256);
    const auto& pal = voc_palette();
    for (int i = 0; i < 256; ++i)
        colors[i] = {pal[i][0], pal[i][1], pal[i][2]};

    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        throw Error("cannot encode the PNG: " + errors.message);
    }
    png_set_write_fn(png, &bytes, append_to_string, flush_nothing);
    png_set_IHDR(png, info, static_cast<png_uint_32>(labels.cols),
                 static_cast<png_uint_32>(labels.rows), 8, PNG_COLOR_TYPE_PALETTE,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_PLTE(png, info, colors.data(), 256);
    png_set_compression_level(png, 6);
    png_write_info(png, info);
    for (int y = 0; y < labels.rows; ++y)
        png_write_row(png, const_cast<png_bytep>(labels.ptr<std::uint8_t>(y)));
    png_write_end(png, nullptr);
    png_destroy_write_struct(&png, &info);
    return bytes;
}

void write_label_png(const std::filesystem::path& file, const cv::Mat& labels) {
    std::string bytes;
    try {
        bytes = encode_label_png(labels);
    } catch (const Error& e) {
        throw Error(file, e.problem());
    }
    write_file_atomically(file, bytes);
}

cv::Mat read_label_png(const std::filesystem::path& file) {
    FilePtr f = open_for_reading(file);
    PngReader r(file);
    cv::Mat labels;
    std::vector<png_bytep> rows;  // declared before setjmp so a longjmp skips no destructor
    if (setjmp(png_jmpbuf(r.png)))
        throw Error(file, "corrupt PNG: " + r.errors.message);
    png_init_io(r.png, f.get());
    png_set_sig_bytes(r.png, 8);
    png_read_info(r.png, r.info);
    png_uint_32 w = 0, h = 0;
    int depth = 0, color = 0;
    png_get_IHDR(r.png, r.info, &w, &h, &depth, &color, nullptr, nullptr, nullptr);
    if (color == PNG_COLOR_TYPE_RGB || color == PNG_COLOR_TYPE_RGB_ALPHA)
        throw Error(file,
                    "is an RGB PNG, but label images must be single-channel (palette or "
                    "grayscale) with class indices as pixel values; colours are not "
                    "class indices, and torchvision would misread this file");
    if (color == PNG_COLOR_TYPE_GRAY_ALPHA)
        throw Error(file, "has an alpha channel; label images must be single-channel");
    if (depth == 16)
        throw Error(file, "is a 16-bit PNG; label images must be 8-bit (values 0..255)");
    if (std::uint64_t(w) * h > (std::uint64_t(1) << 31))
        throw Error(file, "is " + std::to_string(w) + "x" + std::to_string(h) +
                              " pixels, too large for a label image");
    // The header is a claim; deflate packs at most ~1032:1, so a file too small for its
    // filtered rows is damaged (or hostile) and gets no multi-gigabyte buffer for its pixels.
    std::error_code size_ec;
    const std::uint64_t file_size = std::filesystem::file_size(file, size_ec);
    const std::uint64_t row_bytes = (std::uint64_t(w) * std::uint64_t(depth) + 7) / 8 + 1;
    if (!size_ec && std::uint64_t(h) * row_bytes > file_size * 1032 + 4096)
        throw Error(file, "is damaged: its header claims " + std::to_string(w) + "x" +
                              std::to_string(h) + " pixels, more than its " +
                              std::to_string(file_size) + " bytes can hold");
    // 1/2/4-bit palette or gray: one byte per pixel, keeping the raw index values.
    if (depth < 8)
        png_set_packing(r.png);
    if (png_get_interlace_type(r.png, r.info) != PNG_INTERLACE_NONE)
        png_set_interlace_handling(r.png);
    png_read_update_info(r.png, r.info);
    labels.create(static_cast<int>(h), static_cast<int>(w), CV_8UC1);
    rows.resize(h);
    for (png_uint_32 y = 0; y < h; ++y)
        rows[y] = labels.ptr<std::uint8_t>(static_cast<int>(y));
    png_read_image(r.png, rows.data());
    png_read_end(r.png, nullptr);
    return labels;
}

cv::Size read_png_size(const std::filesystem::path& file) {
    FilePtr f = open_for_reading(file);
    PngReader r(file);
    if (setjmp(png_jmpbuf(r.png)))
        throw Error(file, "corrupt PNG: " + r.errors.message);
    png_init_io(r.png, f.get());
    png_set_sig_bytes(r.png, 8);
    png_read_info(r.png, r.info);
    return {static_cast<int>(png_get_image_width(r.png, r.info)),
            static_cast<int>(png_get_image_height(r.png, r.info))};
}

std::string PngInfo::color_type_name() const {
    switch (color_type) {
        case PNG_COLOR_TYPE_GRAY:
            return "grayscale";
        case PNG_COLOR_TYPE_RGB:
            return "RGB";
        case PNG_COLOR_TYPE_PALETTE:
            return "palette";
        case PNG_COLOR_TYPE_GRAY_ALPHA:
            return "grayscale+alpha";
        case PNG_COLOR_TYPE_RGB_ALPHA:
            return "RGBA";
        default:
            return "color type " + std::to_string(color_type);
    }
}

PngInfo read_png_info(const std::filesystem::path& file) {
    FilePtr f = open_for_reading(file);
    PngReader r(file);
    PngInfo out;
    if (setjmp(png_jmpbuf(r.png)))
        throw Error(file, "corrupt PNG: " + r.errors.message);
    png_init_io(r.png, f.get());
    png_set_sig_bytes(r.png, 8);
    png_read_info(r.png, r.info);
    out.width = static_cast<int>(png_get_image_width(r.png, r.info));
    out.height = static_cast<int>(png_get_image_height(r.png, r.info));
    out.bit_depth = png_get_bit_depth(r.png, r.info);
    out.color_type = png_get_color_type(r.png, r.info);
    png_colorp colors = nullptr;
    int count = 0;
    if (png_get_PLTE(r.png, r.info, &colors, &count) == PNG_INFO_PLTE)
        for (int i = 0; i < count; ++i)
            out.palette.push_back({colors[i].red, colors[i].green, colors[i].blue});
    return out;
}

}  // namespace amr::data
