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
    std::filesystem::path output;  // folder to create; it must not exist or be empty
    // Debian's dataset-fashion-mnist
    std::filesystem::path fashion_mnist_dir = AMR_FASHION_MNIST_DIR;
    std::uint64_t seed = 1;  // same seed, same bytes
    int train_images = 120;
    int val_images = 40;
    int canvas_size = 200;  // canvases are canvas_size x canvas_size pixels
    int min_items = 2;      // items per canvas
    int max_items = 4;

    // Throws amr::Error explaining the first invalid field.
    void check() const;
};

struct DemoDataResult {
    std::filesystem::path root;  // the dataset folder (open it with open_dataset)
    int images = 0;
};

// The ten Fashion-MNIST classes as dataset class names ("tshirt", "trouser", ... "ankleboot").
const std::vector<std::string>& demo_class_names();

// Writes, under options.output:
//   VOCdevkit/VOC2012/JPEGImages/demo_000001.jpg ...      canvas images (JPEG quality 95)
//   VOCdevkit/VOC2012/SegmentationClass/demo_000001.png   palette label PNGs (VOC colormap):
//                       0 background, 1..10 demo_class_names(), 255 void band around items
//   VOCdevkit/VOC2012/Annotations/demo_000001.xml         one <object> per item, 1-based boxes
//   VOCdevkit/VOC2012/ImageSets/Segmentation/{train,val,trainval}.txt,
//   VOCdevkit/VOC2012/classes.txt
// Train images come first, then val (val canvases use Fashion-MNIST's t10k items). Everything
// is written into a sibling "<output>.partial-<pid>" folder that is renamed at the end, so the
// output either does not exist or is complete; cancelling or failing removes the partial folder.
// Reports progress once per image. Throws amr::Error when the output exists and is not empty,
// or when Fashion-MNIST is missing; amr::Cancelled when cancelled.
DemoDataResult make_demo_data(const DemoDataOptions& options, const JobContext& ctx = {});

// Where the GUI and the first README command keep the default demo: $XDG_CACHE_HOME or
// ~/.cache, then amr-studio/demo.
std::filesystem::path default_demo_dir();

// Generates the default demo into `dir` unless a complete one is already there (its
// ImageSets/Segmentation/trainval.txt exists: the final rename makes that a complete demo);
// returns `dir`.
std::filesystem::path ensure_demo_data(const std::filesystem::path& dir,
                                       const JobContext& ctx = {});

}  // namespace amr::data
