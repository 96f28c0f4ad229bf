#pragma once
// The built-in demo dataset: Fashion-MNIST items pasted on textured canvases, in VOC layout,
// with exact masks (a band of mid intensities is 255 void) and tags for the items present.

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"

namespace amr::data {

struct DemoDataOptions {
    std::filesystem::path output;       // folder to create; it must not exist or be empty
    std::filesystem::path fashion_mnist_dir = AMR_FASHION_MNIST_DIR;  // Debian's dataset-fashion-mnist
    std::uint64_t seed = 1;             // same seed, same bytes
    int train_images = 120;
    int val_images = 40;
    int canvas_size = 200;              // canvases are canvas_size x canvas_size pixels
    int min_items = 2;                  // items per canvas
    int max_items = 4;

    // Throws amr::Error explaining the first invalid field.
    void check() const;
};

struct DemoDataResult {
    std::filesystem::path root;         // the dataset folder (open it with open_dataset)
    int images = 0;
};

// The ten Fashion-MNIST classes as dataset class names ("tshirt", "trouser", ... "ankleboot").
const std::vector<std::string>& demo_class_names();

DemoDataResult make_demo_data(const DemoDataOptions& options, const JobContext& ctx = {});

// Where the GUI and the first README command keep the default demo: $XDG_CACHE_HOME or
// ~/.cache, then amr-studio/demo.
std::filesystem::path default_demo_dir();

// Generates the default demo into `dir` unless a complete one is already there; returns its root.
std::filesystem::path ensure_demo_data(const std::filesystem::path& dir, const JobContext& ctx = {});

}  // namespace amr::data
