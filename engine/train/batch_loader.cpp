#include "engine/train/batch_loader.h"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

#include "engine/core/rounding.h"
#include "engine/data/sample.h"
#include "engine/nn/normalization_matrix.h"
#include "engine/train/sample_rng.h"

namespace amr::train {

std::vector<std::size_t> epoch_order(const std::vector<std::size_t>& indices, std::uint64_t seed,
                                     int epoch) {
    std::vector<std::size_t> order = indices;
    Rng rng(mix(mix(seed) ^ static_cast<std::uint64_t>(epoch) * 0x1000193ULL));
    for (std::size_t i = order.size(); i > 1; --i) {
        auto j = static_cast<std::size_t>(rng.gen() % i);
        std::swap(order[i - 1], order[j]);
    }
    return order;
}

void augment_into(const data::Dataset& dataset, std::size_t index, const AugmentOptions& o,
                  std::uint64_t seed, int epoch, float* dst) {
    Rng rng(mix(mix(mix(seed) + static_cast<std::uint64_t>(epoch)) + index));
    cv::Mat bgr = data::load_sample(dataset, index, /*with_mask=*/false).image;
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);

    // 1. Random long-side rescale.
    const double rel = o.scale_of_image ? std::max(rgb.rows, rgb.cols) / 500.0 : o.crop / 512.0;
    int lo = std::max(1, round_half_even(o.scale_min * rel));
    int hi = std::max(lo, round_half_even(o.scale_max * rel));
    int target = rng.integer(lo, hi);
    double scale = static_cast<double>(target) / std::max(rgb.rows, rgb.cols);
    cv::Size size(std::max(1, round_half_even(rgb.cols * scale)),
                  std::max(1, round_half_even(rgb.rows * scale)));
    cv::Mat resized;
    // Area filter when shrinking stands in for PIL's antialiased bicubic (docs/method.md §3.2).
    cv::resize(rgb, resized, size, 0, 0, scale < 1 ? cv::INTER_AREA : cv::INTER_CUBIC);
    cv::Mat f;
    resized.convertTo(f, CV_32FC3);

    // 2. Colour jitter (off unless asked): brightness, contrast, saturation.
    if (o.color_jitter > 0) {
        auto factor = [&] { return 1.0 + (2 * rng.uniform() - 1) * o.color_jitter; };
        double b = factor(), c = factor(), s = factor();
        f *= b;
        cv::Scalar mean = cv::mean(f);
        double grey = (mean[0] + mean[1] + mean[2]) / 3;
        f = (f - cv::Scalar::all(grey)) * c + cv::Scalar::all(grey);
        cv::Mat g;
        cv::cvtColor(f, g, cv::COLOR_RGB2GRAY);
        cv::Mat g3;
        cv::cvtColor(g, g3, cv::COLOR_GRAY2RGB);
        f = g3 + (f - g3) * s;
        cv::min(cv::max(f, 0.0), 255.0, f);
    }

    // 3. Normalise for the layout (after it, 0 = the mean colour), then flip.
    cv::Mat norm;
    cv::transform(f, norm, nn::normalization_matrix(o.layout));
    bool flip = rng.uniform() < 0.5;
    if (o.flip && flip)
        cv::flip(norm, norm, 1);

    // 4. Random crop, zero padding.
    cv::Mat out = cv::Mat::zeros(o.crop, o.crop, CV_32FC3);
    auto place = [&](int src, int& src_off, int& dst_off, int& len) {
        if (src > o.crop) {
            src_off = rng.integer(0, src - o.crop), dst_off = 0, len = o.crop;
        } else {
            src_off = 0, dst_off = rng.integer(0, o.crop - src), len = src;
        }
    };
    int sy, dy, ly, sx, dx, lx;
    place(norm.rows, sy, dy, ly);
    place(norm.cols, sx, dx, lx);
    norm(cv::Rect(sx, sy, lx, ly)).copyTo(out(cv::Rect(dx, dy, lx, ly)));

    // 5. Cutout: 3 squares of side crop/4 centred uniformly in the crop.
    if (o.cutout) {
        int half = o.crop / 8;
        for (int k = 0; k < 3; ++k) {
            int cy = rng.integer(0, o.crop - 1), cx = rng.integer(0, o.crop - 1);
            int y0 = std::max(0, cy - half), y1 = std::min(o.crop, cy + half);
            int x0 = std::max(0, cx - half), x1 = std::min(o.crop, cx + half);
            out(cv::Rect(x0, y0, x1 - x0, y1 - y0)).setTo(cv::Scalar::all(0));
        }
    }
    // HWC -> CHW by plane copies (no torch kernels in loader threads: their OpenMP teams would
    // spin against the training threads).
    std::vector<cv::Mat> planes(3);
    for (int c = 0; c < 3; ++c)
        planes[c] =
            cv::Mat(o.crop, o.crop, CV_32F, dst + static_cast<std::size_t>(c) * o.crop * o.crop);
    cv::split(out, planes);
}

torch::Tensor augment_sample(const data::Dataset& dataset, std::size_t index,
                             const AugmentOptions& o, std::uint64_t seed, int epoch) {
    auto t = torch::empty({3, o.crop, o.crop}, torch::kFloat32);
    augment_into(dataset, index, o, seed, epoch, t.data_ptr<float>());
    return t;
}

void cutmix_batch(torch::Tensor& images, torch::Tensor& labels, double p, std::uint64_t seed) {
    const int64_t b = images.size(0), s = images.size(2), k = labels.size(1);
    if (b < 2 || p <= 0)
        return;
    const std::size_t plane = static_cast<std::size_t>(s) * s;
    float* img = images.data_ptr<float>();
    float* lab = labels.data_ptr<float>();
    const std::vector<float> orig_img(img, img + static_cast<std::size_t>(b) * 3 * plane);
    const std::vector<float> orig_lab(lab, lab + static_cast<std::size_t>(b) * k);
    Rng rng(seed);
    const int side = static_cast<int>(s);
    for (int64_t i = 0; i < b; ++i) {
        if (rng.uniform() >= p)
            continue;
        const double lambda = rng.uniform();
        const int w = static_cast<int>(std::lround(side * std::sqrt(1.0 - lambda)));
        const int cy = rng.integer(0, side - 1), cx = rng.integer(0, side - 1);
        const int y0 = std::clamp(cy - w / 2, 0, side), y1 = std::clamp(cy - w / 2 + w, 0, side);
        const int x0 = std::clamp(cx - w / 2, 0, side), x1 = std::clamp(cx - w / 2 + w, 0, side);
        if (y1 <= y0 || x1 <= x0)
            continue;
        const int64_t j = (i + 1) % b;
        for (int c = 0; c < 3; ++c)
            for (int y = y0; y < y1; ++y) {
                const std::size_t row =
                    (static_cast<std::size_t>(i) * 3 + c) * plane + static_cast<std::size_t>(y) * s;
                const std::size_t src =
                    (static_cast<std::size_t>(j) * 3 + c) * plane + static_cast<std::size_t>(y) * s;
                std::copy(orig_img.begin() + src + x0, orig_img.begin() + src + x1, img + row + x0);
            }
        const double own = 1.0 - static_cast<double>((y1 - y0) * (x1 - x0)) / (side * side);
        for (int64_t c = 0; c < k; ++c)
            lab[i * k + c] =
                static_cast<float>(own * orig_lab[i * k + c] + (1.0 - own) * orig_lab[j * k + c]);
    }
}

BatchLoader::BatchLoader(const data::Dataset& dataset, std::vector<std::size_t> order,
                         int batch_size, int first, int last, const AugmentOptions& options,
                         std::uint64_t seed, int epoch, int threads, int prefetch)
    : dataset_(dataset),
      order_(std::move(order)),
      batch_size_(batch_size),
      next_to_build_(first),
      next_to_take_(first),
      last_(last),
      options_(options),
      seed_(seed),
      epoch_(epoch),
      prefetch_(prefetch) {
    nn::normalization_matrix(options.layout);  // probe here, not in a worker
    for (int i = 0; i < threads; ++i)
        threads_.emplace_back([this] { work(); });
}

BatchLoader::~BatchLoader() {
    {
        std::lock_guard lock(mutex_);
        stop_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_)
        t.join();
}

Batch BatchLoader::build(int b) const {
    const int64_t k = dataset_.classes().size();
    const std::size_t plane = static_cast<std::size_t>(3) * options_.crop * options_.crop;
    auto images = torch::empty({batch_size_, 3, options_.crop, options_.crop}, torch::kFloat32);
    auto labels = torch::empty({batch_size_, k}, torch::kFloat32);
    for (int i = 0; i < batch_size_; ++i) {
        std::size_t index = order_[static_cast<std::size_t>(b) * batch_size_ + i];
        augment_into(dataset_, index, options_, seed_, epoch_,
                     images.data_ptr<float>() + i * plane);
        auto hot = dataset_.multi_hot(index);
        std::copy(hot.begin(), hot.end(), labels.data_ptr<float>() + i * k);
    }
    // A stream of its own per (seed, epoch, batch): the per-sample draws stay as they were.
    cutmix_batch(images, labels, options_.cutmix,
                 mix(mix(seed_ ^ 0x6375746d6978ULL) + (static_cast<std::uint64_t>(epoch_) << 32) +
                     static_cast<std::uint64_t>(b)));
    return {images, labels};
}

void BatchLoader::work() {
    for (;;) {
        int b;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, [&] {
                return stop_ || error_ || next_to_build_ >= last_ ||
                       next_to_build_ < next_to_take_ + prefetch_;
            });
            if (stop_ || error_ || next_to_build_ >= last_)
                return;
            b = next_to_build_++;
        }
        try {
            Batch batch = build(b);
            std::lock_guard lock(mutex_);
            ready_.emplace(b, std::move(batch));
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!error_)
                error_ = std::current_exception();
        }
        cv_.notify_all();
    }
}

Batch BatchLoader::next() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return error_ || ready_.count(next_to_take_) > 0; });
    if (error_)
        std::rethrow_exception(error_);
    auto it = ready_.find(next_to_take_);
    Batch batch = std::move(it->second);
    ready_.erase(it);
    ++next_to_take_;
    lock.unlock();
    cv_.notify_all();
    return batch;
}

}  // namespace amr::train
