#pragma once
// Reading Fashion-MNIST from the gzipped IDX files that Debian's dataset-fashion-mnist installs
// (/usr/share/datasets/fashion-mnist/{train,t10k}-{images-idx3,labels-idx1}-ubyte.gz).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::data {

enum class FashionMnistSet { Train, Test };  // 60,000 and 10,000 images ("train", "t10k")

struct FashionMnist {
    int rows = 0;                      // 28
    int cols = 0;                      // 28
    std::vector<std::uint8_t> pixels;  // size() images of rows x cols, row-major, 0 = black
    std::vector<std::uint8_t> labels;  // 0..9, see fashion_mnist_class_names()

    std::size_t size() const { return labels.size(); }
    // A read-only CV_8UC1 view on image i (no copy; valid while this object lives).
    cv::Mat image(std::size_t i) const;
};

// The dataset's own names: "T-shirt/top", "Trouser", ... "Ankle boot".
const std::vector<std::string>& fashion_mnist_class_names();

// The IDX files of one set inside `dir`.
std::filesystem::path fashion_mnist_images_file(const std::filesystem::path& dir,
                                                FashionMnistSet set);
std::filesystem::path fashion_mnist_labels_file(const std::filesystem::path& dir,
                                                FashionMnistSet set);

// Reads images and labels, checking magic numbers, dimensions and lengths. `limit` > 0 reads
// only the first `limit` images (decompressing all 60,000 takes a quarter of a second; the
// length check then covers the part read). Throws amr::Error naming the file when it is missing
// (asking to install Debian's dataset-fashion-mnist), truncated or not an IDX file of the
// expected kind.
FashionMnist read_fashion_mnist(const std::filesystem::path& dir, FashionMnistSet set,
                                std::size_t limit = 0);

// The two halves, for tests and tools: an idx1 label file and an idx3 image file.
std::vector<std::uint8_t> read_idx_labels(const std::filesystem::path& file, std::size_t limit = 0);
std::vector<std::uint8_t> read_idx_images(const std::filesystem::path& file, int& count, int& rows,
                                          int& cols, std::size_t limit = 0);

}  // namespace amr::data
