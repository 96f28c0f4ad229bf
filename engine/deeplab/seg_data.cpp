#include "engine/deeplab/seg_data.h"

#include <random>

#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/train/batch_loader.h"

namespace amr::deeplab {

namespace fs = std::filesystem;

std::vector<SegItem> seg_items(const data::Dataset& dataset, const std::vector<std::size_t>& split,
                               const fs::path& labels_dir) {
    std::vector<SegItem> items;
    for (std::size_t i : split) {
        const auto& rec = dataset[i];
        fs::path labels = labels_dir / (rec.id + ".png");
        if (fs::exists(labels))
            items.push_back({rec.id, rec.image, labels});
    }
    return items;
}

void load_seg_item(const SegItem& item, int num_labels, cv::Mat& bgr, cv::Mat& labels) {
    bgr = data::read_image(item.image);
    labels = data::read_label_png(item.labels);
    if (labels.size() != bgr.size())
        throw Error(item.labels, "is " + std::to_string(labels.cols) + "×" +
                                     std::to_string(labels.rows) + " but its image is " +
                                     std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows));
    double max_value = 0;
    cv::Mat valid = labels != 255;
    cv::minMaxLoc(labels, nullptr, &max_value, nullptr, nullptr, valid);
    if (cv::countNonZero(valid) > 0 && max_value >= num_labels)
        throw Error(item.labels, "holds label " + std::to_string(static_cast<int>(max_value)) +
                                     "; the dataset has labels 0.." +
                                     std::to_string(num_labels - 1) + " and 255 (ignored)");
}

std::uint64_t sample_seed(std::uint64_t seed, long k) {
    // splitmix64 of the pair, so neighbouring samples get unrelated streams.
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(k) + 1;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void augment_seg(const cv::Mat& bgr, const cv::Mat& labels, const SegAugmentOptions& options,
                 std::uint64_t rng_seed, float* image, std::uint8_t* label_out) {
    // Raw mt19937_64 output, not the implementation-defined std distributions.
    std::mt19937_64 rng(rng_seed);
    const double s = options.scales[rng() % options.scales.size()];
    const int h = std::max(1, static_cast<int>(bgr.rows * s));
    const int w = std::max(1, static_cast<int>(bgr.cols * s));
    cv::Mat img = bgr, lab = labels;
    if (h != bgr.rows || w != bgr.cols) {
        cv::resize(bgr, img, {w, h}, 0, 0, cv::INTER_LINEAR);
        cv::resize(labels, lab, {w, h}, 0, 0, cv::INTER_NEAREST_EXACT);  // = PIL NEAREST
    }
    const int crop = options.crop;
    const int y0 =
        static_cast<int>(rng() % static_cast<std::uint64_t>(std::max(h, crop) - crop + 1));
    const int x0 =
        static_cast<int>(rng() % static_cast<std::uint64_t>(std::max(w, crop) - crop + 1));
    const bool flip = options.flip && (rng() & 1);

    // Per channel (output order) a·value + b of the BGR channel src[c].
    int src[3];
    float a[3], b[3];
    if (options.layout == nn::ResNetLayout::kCaffe) {
        const float mean[3] = {103.939f, 116.779f, 123.68f};
        for (int c = 0; c < 3; ++c)
            src[c] = c, a[c] = 1, b[c] = -mean[c];
    } else {
        const float mean[3] = {0.485f, 0.456f, 0.406f}, sd[3] = {0.229f, 0.224f, 0.225f};
        for (int c = 0; c < 3; ++c)
            src[c] = 2 - c, a[c] = 1.0f / (255.0f * sd[c]), b[c] = -mean[c] / sd[c];
    }
    const std::size_t plane = static_cast<std::size_t>(crop) * crop;
    for (int y = 0; y < crop; ++y) {
        const int sy = y0 + y;
        for (int x = 0; x < crop; ++x) {
            const int sx = x0 + (flip ? crop - 1 - x : x);
            const std::size_t o = static_cast<std::size_t>(y) * crop + x;
            if (sy < h && sx < w) {
                const auto* p = img.ptr<std::uint8_t>(sy) + 3 * sx;
                for (int c = 0; c < 3; ++c)
                    image[c * plane + o] = a[c] * p[src[c]] + b[c];
                label_out[o] = lab.at<std::uint8_t>(sy, sx);
            } else {
                for (int c = 0; c < 3; ++c)
                    image[c * plane + o] = 0;  // the mean colour
                label_out[o] = 255;
            }
        }
    }
}

SegBatchSource::SegBatchSource(std::vector<SegItem> items, int num_labels, int batch,
                               SegAugmentOptions options, std::uint64_t seed)
    : items_(std::move(items)),
      num_labels_(num_labels),
      batch_(batch),
      options_(std::move(options)),
      seed_(seed) {
    if (items_.empty())
        throw Error("DeepLab training: no training images");
    if (options_.scales.empty())
        throw Error("DeepLab training: no scales");
}

SegBatchSource::~SegBatchSource() {
    if (pending_.valid())
        pending_.wait();
}

std::size_t SegBatchSource::item_of_sample(long k) const {
    const long n = static_cast<long>(items_.size());
    std::vector<std::size_t> all(items_.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    const auto order = train::epoch_order(all, seed_, static_cast<int>(k / n));
    return order[static_cast<std::size_t>(k % n)];
}

SegBatch SegBatchSource::build(long b) const {
    const int c = options_.crop;
    auto images = torch::empty({batch_, 3, c, c}, torch::kFloat);
    auto labels = torch::empty({batch_, c, c}, torch::kUInt8);
    const long n = static_cast<long>(items_.size());
    std::vector<std::size_t> all(items_.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    int order_epoch = -1;
    std::vector<std::size_t> order;
    for (int i = 0; i < batch_; ++i) {
        const long k = (b * world_ + rank_) * batch_ + i;
        const int epoch = static_cast<int>(k / n);
        if (epoch != order_epoch)
            order = train::epoch_order(all, seed_, epoch), order_epoch = epoch;
        cv::Mat bgr, lab;
        load_seg_item(items_[order[static_cast<std::size_t>(k % n)]], num_labels_, bgr, lab);
        augment_seg(bgr, lab, options_, sample_seed(seed_, k), images[i].data_ptr<float>(),
                    labels[i].data_ptr<std::uint8_t>());
    }
    return {images, labels};
}

void SegBatchSource::shard(int rank, int world) {
    if (pending_.valid())
        pending_.wait();
    pending_ = {};
    pending_index_ = -1;
    rank_ = rank;
    world_ = world;
}

SegBatch SegBatchSource::get(long b) {
    SegBatch out;
    if (pending_.valid() && pending_index_ == b) {
        out = pending_.get();
    } else {
        if (pending_.valid())
            pending_.wait();
        out = build(b);
    }
    pending_index_ = b + 1;
    pending_ = std::async(std::launch::async, [this, b] { return build(b + 1); });
    return out;
}

}  // namespace amr::deeplab
