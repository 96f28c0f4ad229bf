#include "engine/refine/irn_data.h"

#include <cmath>
#include <exception>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/core/rounding.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/nn/normalization_matrix.h"
#include "engine/nn/pil_resize.h"
#include "engine/train/sample_rng.h"

namespace amr::refine {

namespace {

using train::mix;
using train::Rng;

}  // namespace

cv::Mat pil_nearest(const cv::Mat& labels, cv::Size size) {
    cv::Mat out(size, CV_8UC1);
    std::vector<int> xs(size.width);
    for (int x = 0; x < size.width; ++x)
        xs[x] = std::min(labels.cols - 1, static_cast<int>((x + 0.5) * labels.cols / size.width));
    for (int y = 0; y < size.height; ++y) {
        const int sy =
            std::min(labels.rows - 1, static_cast<int>((y + 0.5) * labels.rows / size.height));
        const std::uint8_t* src = labels.ptr<std::uint8_t>(sy);
        std::uint8_t* dst = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < size.width; ++x)
            dst[x] = src[xs[x]];
    }
    return out;
}

void irn_sample_into(const data::Dataset& dataset, std::size_t index, const IrnAugment& o,
                     std::uint64_t seed, int epoch, float* image, std::uint8_t* label) {
    const auto& rec = dataset[index];
    Rng rng(mix(mix(mix(seed) + static_cast<std::uint64_t>(epoch)) + index));
    cv::Mat bgr = data::load_sample(dataset, index, /*with_mask=*/false).image;
    const auto seed_file = o.seeds / (rec.id + ".png");
    if (!std::filesystem::exists(seed_file))
        throw Error(seed_file, "no seed labels for image '" + rec.id + "' (run amr make-seeds)");
    cv::Mat seeds = data::read_label_png(seed_file);
    if (seeds.size() != bgr.size())
        throw Error(seed_file, "seed labels are " + std::to_string(seeds.cols) + "×" +
                                   std::to_string(seeds.rows) + ", the image is " +
                                   std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows));
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);

    // 1. Random scale (PIL bicubic / nearest), sizes rounded as the official pil_rescale.
    const double s = o.scale_low + (o.scale_high - o.scale_low) * rng.uniform();
    const cv::Size size(scaled_side(rgb.cols, s), scaled_side(rgb.rows, s));
    cv::Mat img = nn::pil_resize(rgb, size, nn::PilFilter::kBicubic);
    cv::Mat lab = pil_nearest(seeds, size);

    // 2. Normalise, 3. flip.
    cv::Mat f, norm;
    img.convertTo(f, CV_32FC3);
    cv::transform(f, norm, nn::normalization_matrix(o.layout));
    if (rng.uniform() < 0.5 && o.flip) {
        cv::flip(norm, norm, 1);
        cv::flip(lab, lab, 1);
    }

    // 4. Random crop with pads (image 0, label 255).
    cv::Mat out_img = cv::Mat::zeros(o.crop, o.crop, CV_32FC3);
    cv::Mat out_lab(o.crop, o.crop, CV_8UC1, cv::Scalar(255));
    auto place = [&](int src, int& src_off, int& dst_off, int& len) {
        if (src > o.crop)
            src_off = rng.integer(0, src - o.crop), dst_off = 0, len = o.crop;
        else
            src_off = 0, dst_off = rng.integer(0, o.crop - src), len = src;
    };
    int sy, dy, ly, sx, dx, lx;
    place(norm.cols, sx, dx, lx);
    place(norm.rows, sy, dy, ly);
    norm(cv::Rect(sx, sy, lx, ly)).copyTo(out_img(cv::Rect(dx, dy, lx, ly)));
    lab(cv::Rect(sx, sy, lx, ly)).copyTo(out_lab(cv::Rect(dx, dy, lx, ly)));

    std::vector<cv::Mat> planes(3);
    for (int c = 0; c < 3; ++c)
        planes[c] =
            cv::Mat(o.crop, o.crop, CV_32F, image + static_cast<std::size_t>(c) * o.crop * o.crop);
    cv::split(out_img, planes);
    // 5. Label ×0.25 (PIL nearest).
    const int q = o.crop / 4;
    cv::Mat small(q, q, CV_8UC1, label);
    pil_nearest(out_lab, {q, q}).copyTo(small);
}

IrnBatch build_irn_batch(const data::Dataset& dataset, const std::vector<std::size_t>& order,
                         int batch_size, int b, const IrnAugment& o, std::uint64_t seed, int epoch,
                         int threads) {
    nn::normalization_matrix(o.layout);  // probe outside the workers
    const int q = o.crop / 4;
    IrnBatch batch;
    batch.images = torch::empty({batch_size, 3, o.crop, o.crop}, torch::kFloat32);
    batch.labels = torch::empty({batch_size, q, q}, torch::kUInt8);
    const std::size_t img_plane = static_cast<std::size_t>(3) * o.crop * o.crop;
    const std::size_t lab_plane = static_cast<std::size_t>(q) * q;
    std::vector<std::exception_ptr> errors(batch_size);
    auto work = [&](int t, int n) {
        for (int i = t; i < batch_size; i += n) {
            try {
                irn_sample_into(dataset, order[static_cast<std::size_t>(b) * batch_size + i], o,
                                seed, epoch, batch.images.data_ptr<float>() + i * img_plane,
                                batch.labels.data_ptr<std::uint8_t>() + i * lab_plane);
            } catch (...) {
                errors[i] = std::current_exception();
            }
        }
    };
    const int n = std::max(1, std::min(threads, batch_size));
    std::vector<std::thread> pool;
    for (int t = 1; t < n; ++t)
        pool.emplace_back(work, t, n);
    work(0, n);
    for (auto& t : pool)
        t.join();
    for (auto& e : errors)
        if (e)
            std::rethrow_exception(e);
    return batch;
}

}  // namespace amr::refine
