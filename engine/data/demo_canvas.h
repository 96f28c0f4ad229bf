#pragma once
// One canvas of the demo dataset (see demo_data.h): a textured background with Fashion-MNIST
// items pasted on it, its exact label image and one VOC object per item.

#include <array>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/data/fashion_mnist.h"
#include "engine/data/voc_xml.h"

namespace amr::data {

inline constexpr int kDemoClasses = 10;

// Fashion-MNIST items grouped by class.
class DemoItemPool {
public:
    // Throws amr::Error when some class has no item.
    explicit DemoItemPool(FashionMnist items);
    const FashionMnist& items() const { return items_; }
    const std::vector<int>& of_class(int cls) const { return by_class_[cls]; }

private:
    FashionMnist items_;
    std::array<std::vector<int>, kDemoClasses> by_class_;
};

struct DemoCanvasOptions {
    int size = 200;  // width and height in pixels
    int min_items = 2;
    int max_items = 4;
};

struct DemoCanvas {
    cv::Mat image;                   // CV_8UC3, BGR
    cv::Mat labels;                  // CV_8UC1: 0 background, 1..10 item class, 255 void
    std::vector<VocObject> objects;  // one per item shown, named by demo_class_names()
};

// Composes canvas `index` of the dataset made with `seed`. Items are upscaled 28x28 images;
// upscaled intensity above a high threshold is the item's class, between a low and the high
// threshold a blend of item and what lies below (void, 255), under the low one the item is
// transparent. Later items occlude earlier ones. Every item shows at least 0.4% of the canvas
// in class pixels (layouts are redrawn until they do), so the classes in `labels` are exactly
// the names in `objects`. Draws come from our own helpers on std::mt19937_64's raw output, not
// from the implementation-defined std distributions.
DemoCanvas compose_demo_canvas(const DemoItemPool& pool, const DemoCanvasOptions& options,
                               std::uint64_t seed, std::uint64_t index);

}  // namespace amr::data
