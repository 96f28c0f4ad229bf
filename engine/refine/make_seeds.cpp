#include "engine/refine/make_seeds.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/core/options_json.h"
#include "engine/data/dataset.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"

namespace amr::refine {

namespace fs = std::filesystem;

namespace {

// Calls f(key, value) for every option: the one list behind to_json and apply_json.
template <class Fn>
void fields(MakeSeedsOptions& o, Fn&& f) {
    f("dataset", o.dataset);
    f("split", o.split);
    f("cam_store", o.cam_store);
    f("cam_fingerprint", o.cam_fingerprint);
    f("output", o.output);
    f("alpha", o.alpha);
    f("fg_threshold", o.fg_threshold);
    f("bg_threshold", o.bg_threshold);
    f("crf", o.crf);
    f("threads", o.threads);
    f("overwrite", o.overwrite);
}

template <class Fn>
void crf_fields(DenseCrfOptions& o, Fn&& f) {
    f("iterations", o.iterations);
    f("gauss_sxy", o.gauss_sxy);
    f("gauss_weight", o.gauss_weight);
    f("bilateral_sxy", o.bilateral_sxy);
    f("bilateral_srgb", o.bilateral_srgb);
    f("bilateral_weight", o.bilateral_weight);
    f("threads", o.threads);
}

// Plane index of the argmax over [threshold, cams...]: 0 = background, ties to the earlier plane.
cv::Mat plane_index(const std::vector<cv::Mat>& cams, float threshold, cv::Size size) {
    cv::Mat best(size, CV_32FC1, cv::Scalar(threshold));
    cv::Mat index = cv::Mat::zeros(size, CV_8UC1);
    for (std::size_t c = 0; c < cams.size(); ++c) {
        const cv::Mat higher = cams[c] > best;
        cams[c].copyTo(best, higher);
        index.setTo(static_cast<int>(c + 1), higher);
    }
    return index;
}

}  // namespace

void MakeSeedsOptions::check() const {
    auto fail = [](const std::string& field, const std::string& why) {
        throw Error("make-seeds option " + field + ": " + why);
    };
    if (dataset.empty())
        fail("dataset", "no dataset given");
    if (cam_store.empty())
        fail("cam_store", "no CAM store folder given");
    if (output.empty())
        fail("output", "no output folder given");
    if (split.empty())
        fail("split", "the split name is empty");
    if (!(alpha >= 0 && alpha <= 1))
        fail("alpha", std::to_string(alpha) + " is not in [0, 1]");
    if (!(fg_threshold >= 0 && fg_threshold <= 1))
        fail("fg_threshold", std::to_string(fg_threshold) + " is not in [0, 1]");
    if (!(bg_threshold >= 0 && bg_threshold <= 1))
        fail("bg_threshold", std::to_string(bg_threshold) + " is not in [0, 1]");
    if (bg_threshold > fg_threshold)
        fail("bg_threshold",
             "must not exceed fg_threshold (the background seeds use the lower one)");
    if (threads < 0)
        fail("threads", "must be >= 0");
    crf_options.check();
}

// crf_options is a nested object with its own key list.
std::string to_json(const MakeSeedsOptions& options) {
    MakeSeedsOptions o = options;
    options_json::Json j = options_json::write_fields([&](auto&& f) { fields(o, f); });
    j["crf_options"] = options_json::write_fields([&](auto&& f) { crf_fields(o.crf_options, f); });
    return j.dump();
}

void apply_json(MakeSeedsOptions& options, const std::string& text, const fs::path& source) {
    const options_json::Json j = options_json::parse(text, source);
    MakeSeedsOptions o = options;
    options_json::read_fields(
        j, [&](auto&& f) { fields(o, f); }, {"make-seeds option", "make-seeds option"}, source,
        "crf_options");
    if (auto it = j.find("crf_options"); it != j.end())
        options_json::read_fields(
            *it, [&](auto&& f) { crf_fields(o.crf_options, f); }, {"CRF option", "CRF option"},
            source);
    options = o;
}

cv::Mat seed_labels(const std::vector<cv::Mat>& cams, const std::vector<int>& keys,
                    const cv::Mat& bgr, const MakeSeedsOptions& options) {
    if (cams.size() != keys.size())
        throw Error("make-seeds: " + std::to_string(cams.size()) + " CAM planes for " +
                    std::to_string(keys.size()) + " classes");
    for (int key : keys)
        if (key < 0 || key > 253)
            throw Error("make-seeds: class index " + std::to_string(key) + " out of range");
    const cv::Size size = bgr.size();
    for (const cv::Mat& c : cams)
        if (c.type() != CV_32FC1 || c.size() != size)
            throw Error("make-seeds: CAM planes must be CV_32FC1 of the image's size");
    const int n = static_cast<int>(cams.size()) + 1;
    cv::Mat fg = plane_index(cams, options.fg_threshold, size);
    cv::Mat bg = plane_index(cams, options.bg_threshold, size);
    if (options.crf && n > 1) {
        const DenseCrf crf(bgr, options.crf_options);  // one set of lattices for both
        fg = crf.infer_labels(fg, n);
        bg = crf.infer_labels(bg, n);
    }
    // Step 3: foreground seeds win; where they say background but the looser threshold says
    // foreground the pixel is unsure (255).
    std::uint8_t lut[256] = {};
    for (int j = 1; j < n; ++j)
        lut[j] = static_cast<std::uint8_t>(keys[j - 1] + 1);
    cv::Mat out(size, CV_8UC1);
    for (int y = 0; y < size.height; ++y) {
        const std::uint8_t* f = fg.ptr<std::uint8_t>(y);
        const std::uint8_t* b = bg.ptr<std::uint8_t>(y);
        std::uint8_t* o = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < size.width; ++x)
            o[x] = f[x] > 0 ? lut[f[x]] : (b[x] == 0 ? 0 : 255);
    }
    return out;
}

MakeSeedsResult make_seeds(const MakeSeedsOptions& requested, const JobContext& ctx) {
    requested.check();
    const data::Dataset dataset = data::open_dataset(requested.dataset, ctx);
    MakeSeedsOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    const auto& names = dataset.split_names();
    if (std::find(names.begin(), names.end(), options.split) == names.end())
        throw Error(options.dataset, "has no split '" + options.split + "'");
    const std::vector<std::size_t> indices = dataset.split(options.split);

    MakeSeedsResult result;
    result.split = options.split;
    std::error_code ec;
    if (!fs::is_directory(options.cam_store, ec))
        throw Error(options.cam_store, "missing CAM store: run make-cam first");
    result.fingerprint = options.cam_fingerprint;
    if (result.fingerprint.empty()) {
        const cam::CamStore probe(options.cam_store, "");
        bool found = false;
        for (std::size_t i : indices) {
            const fs::path file = probe.path_of(dataset[i].id);
            if (!fs::is_regular_file(file, ec))
                continue;
            result.fingerprint = cam::CamStore::fingerprint_of(file);
            found = true;
            break;
        }
        if (!found)
            throw Error(options.cam_store,
                        "holds no CAMs of split '" + options.split + "': run make-cam first");
    }
    const cam::CamStore store(options.cam_store, result.fingerprint);
    fs::create_directories(options.output, ec);
    if (ec)
        throw Error(options.output, "cannot create the seeds folder: " + ec.message());

    const std::size_t total = indices.size();
    unsigned workers = options.threads > 0
                           ? static_cast<unsigned>(options.threads)
                           : static_cast<unsigned>(std::max(1, cv::getNumThreads()));
    workers =
        static_cast<unsigned>(std::min<std::size_t>(workers, std::max<std::size_t>(1, total)));
    MakeSeedsOptions per_image = options;
    if (workers > 1)
        per_image.crf_options.threads = 1;  // the images already fill the cores

    std::mutex mutex;
    std::atomic<std::size_t> next{0};
    std::atomic_bool stop{false};
    std::exception_ptr failure;
    std::size_t done = 0, void_pixels = 0, pixels = 0;
    auto finish = [&](const std::string& id, const std::function<void()>& count) {
        std::lock_guard lock(mutex);
        count();
        ctx.report(++done, total, id);
    };
    auto cancelled = [&] { return ctx.cancel && ctx.cancel->cancelled(); };

    auto work = [&] {
        try {
            for (;;) {
                if (stop || cancelled())
                    return;
                const std::size_t n = next++;
                if (n >= total)
                    return;
                const data::ImageRecord& rec = dataset[indices[n]];
                const fs::path png = options.output / (rec.id + ".png");
                if (!options.overwrite && fs::exists(png)) {
                    finish(rec.id, [&] { ++result.skipped; });
                    continue;
                }
                cv::Mat seeds;
                if (rec.tags.empty()) {  // make-cam stores nothing: the image is background
                    seeds = cv::Mat::zeros(data::read_image_size(rec.image), CV_8UC1);
                } else {
                    if (!store.has_fresh(rec.id)) {
                        finish(rec.id, [&] {
                            ++result.without_cams;
                            result.missing_ids.push_back(rec.id);
                        });
                        continue;
                    }
                    const cam::CamEntry entry = store.get(rec.id);
                    const fs::path file = store.path_of(rec.id);
                    if (!entry.has_high_res())
                        throw Error(file,
                                    "has no full-resolution CAMs, which seeds need: rerun "
                                    "make-cam with full-resolution maps");
                    const cv::Mat bgr = data::read_image(rec.image);
                    if (bgr.rows != entry.height || bgr.cols != entry.width)
                        throw Error(file,
                                    "holds CAMs of another image size than " + rec.image.string());
                    const auto cams = cam::weighted_cam(entry.spotlight.high_res,
                                                        entry.compensation.high_res, options.alpha);
                    seeds = seed_labels(cams, entry.keys, bgr, per_image);
                }
                data::write_label_png(png, seeds);
                const std::size_t v = static_cast<std::size_t>(cv::countNonZero(seeds == 255));
                finish(rec.id, [&] {
                    ++result.written;
                    result.untagged += rec.tags.empty() ? 1 : 0;
                    void_pixels += v;
                    pixels += seeds.total();
                });
            }
        } catch (...) {
            std::lock_guard lock(mutex);
            if (!failure)
                failure = std::current_exception();
            stop = true;
        }
    };

    if (workers == 1) {
        work();
    } else {
        std::vector<std::thread> pool;
        for (unsigned w = 0; w < workers; ++w)
            pool.emplace_back(work);
        for (auto& t : pool)
            t.join();
    }
    if (failure)
        std::rethrow_exception(failure);
    ctx.check_cancel();
    std::sort(result.missing_ids.begin(), result.missing_ids.end());
    result.void_fraction = pixels ? static_cast<double>(void_pixels) / pixels : 0.0;
    return result;
}

}  // namespace amr::refine
