#include "engine/data/fashion_mnist.h"

#include <zlib.h>

#include <cerrno>
#include <memory>

#include "engine/core/error.h"

namespace amr::data {
namespace {

constexpr std::uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension
constexpr std::uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr int kNumClasses = 10;
constexpr int kMaxSide = 4096;  // far above 28: only guards against absurd headers

struct GzCloser {
    void operator()(gzFile f) const {
        if (f)
            gzclose(f);
    }
};
using GzPtr = std::unique_ptr<gzFile_s, GzCloser>;

GzPtr open_gz(const std::filesystem::path& file) {
    std::error_code ec;
    if (!std::filesystem::exists(file, ec))
        throw Error(file,
                    "no such file; install Debian's dataset-fashion-mnist "
                    "(sudo apt install dataset-fashion-mnist)");
    GzPtr f(gzopen(file.c_str(), "rb"));
    if (!f) {
        int err = errno;
        throw Error(file, "cannot open the file for reading: " + errno_text(err));
    }
    gzbuffer(f.get(), 1 << 17);
    return f;
}

// Reads exactly `n` bytes; anything less means the file is truncated or not gzip data.
void read_exact(gzFile f, const std::filesystem::path& file, void* dst, std::size_t n) {
    auto* out = static_cast<unsigned char*>(dst);
    while (n > 0) {
        unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n, 1u << 30));
        int got = gzread(f, out, chunk);
        if (got < 0) {
            int errnum = 0;
            const char* msg = gzerror(f, &errnum);
            throw Error(file, std::string("corrupt gzip data: ") + (msg ? msg : "read error"));
        }
        if (got == 0)
            throw Error(file, "the file is truncated (fewer bytes than its header says)");
        out += got;
        n -= static_cast<std::size_t>(got);
    }
}

std::uint32_t read_be32(gzFile f, const std::filesystem::path& file) {
    unsigned char b[4];
    read_exact(f, file, b, 4);
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) |
           std::uint32_t(b[3]);
}

void expect_end(gzFile f, const std::filesystem::path& file) {
    unsigned char extra;
    if (gzread(f, &extra, 1) != 0)
        throw Error(file, "the file is longer than its header says; it is not a valid IDX file");
}

std::string hex(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

const char* set_prefix(FashionMnistSet set) {
    return set == FashionMnistSet::Train ? "train" : "t10k";
}

}  // namespace

cv::Mat FashionMnist::image(std::size_t i) const {
    auto* p = const_cast<std::uint8_t*>(pixels.data() + i * std::size_t(rows) * std::size_t(cols));
    return cv::Mat(rows, cols, CV_8UC1, p);
}

const std::vector<std::string>& fashion_mnist_class_names() {
    static const std::vector<std::string> names = {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
        "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
    return names;
}

std::filesystem::path fashion_mnist_images_file(const std::filesystem::path& dir,
                                                FashionMnistSet set) {
    return dir / (std::string(set_prefix(set)) + "-images-idx3-ubyte.gz");
}

std::filesystem::path fashion_mnist_labels_file(const std::filesystem::path& dir,
                                                FashionMnistSet set) {
    return dir / (std::string(set_prefix(set)) + "-labels-idx1-ubyte.gz");
}

std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& file, std::size_t limit) {
    GzPtr f = open_gz(file);
    std::uint32_t magic = read_be32(f.get(), file);
    if (magic != kLabelsMagic)
        throw Error(file, "not an IDX label file (magic number " + hex(magic) + ", expected " +
                              hex(kLabelsMagic) + ")");
    std::uint32_t count = read_be32(f.get(), file);
    if (count == 0 || count > 100'000'000)
        throw Error(file, "implausible label count " + std::to_string(count));
    bool all = limit == 0 || limit >= count;
    std::vector<std::uint8_t> labels(all ? count : limit);
    read_exact(f.get(), file, labels.data(), labels.size());
    if (all)
        expect_end(f.get(), file);
    for (std::size_t i = 0; i < labels.size(); ++i)
        if (labels[i] >= kNumClasses)
            throw Error(file, "label " + std::to_string(i) + " is " + std::to_string(labels[i]) +
                                  ", but Fashion-MNIST has classes 0..9 only");
    return labels;
}

std::vector<std::uint8_t> read_idx_images(const std::filesystem::path& file, int& count, int& rows,
                                          int& cols, std::size_t limit) {
    GzPtr f = open_gz(file);
    std::uint32_t magic = read_be32(f.get(), file);
    if (magic != kImagesMagic)
        throw Error(file, "not an IDX image file (magic number " + hex(magic) + ", expected " +
                              hex(kImagesMagic) + ")");
    std::uint32_t n = read_be32(f.get(), file);
    std::uint32_t h = read_be32(f.get(), file);
    std::uint32_t w = read_be32(f.get(), file);
    if (n == 0 || n > 100'000'000 || h == 0 || w == 0 || h > kMaxSide || w > kMaxSide)
        throw Error(file, "implausible image dimensions " + std::to_string(n) + " x " +
                              std::to_string(h) + " x " + std::to_string(w));
    bool all = limit == 0 || limit >= n;
    if (!all)
        n = static_cast<std::uint32_t>(limit);
    std::vector<std::uint8_t> pixels(std::size_t(n) * h * w);
    read_exact(f.get(), file, pixels.data(), pixels.size());
    if (all)
        expect_end(f.get(), file);
    count = static_cast<int>(n);
    rows = static_cast<int>(h);
    cols = static_cast<int>(w);
    return pixels;
}

FashionMnist read_fashion_mnist(const std::filesystem::path& dir, FashionMnistSet set,
                                std::size_t limit) {
    FashionMnist ds;
    auto labels_file = fashion_mnist_labels_file(dir, set);
    auto images_file = fashion_mnist_images_file(dir, set);
    ds.labels = read_idx_labels(labels_file, limit);
    int count = 0;
    ds.pixels = read_idx_images(images_file, count, ds.rows, ds.cols, limit);
    if (static_cast<std::size_t>(count) != ds.labels.size())
        throw Error(images_file, "holds " + std::to_string(count) + " images but " +
                                     labels_file.filename().string() + " holds " +
                                     std::to_string(ds.labels.size()) + " labels");
    return ds;
}

}  // namespace amr::data
