#include "engine/data/verify.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <opencv2/core/utility.hpp>

#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"

namespace amr::data {
namespace {

// Runs `fn`, turning any failure into a problem about `file`.
template <typename Fn>
bool try_check(const std::filesystem::path& file, const std::string& id,
               std::vector<CheckProblem>& out, Fn&& fn) {
    try {
        fn();
        return true;
    } catch (const Error& e) {
        out.push_back({e.file().empty() ? file : e.file(), e.problem(), id});
    } catch (const std::exception& e) {
        out.push_back({file, e.what(), id});
    }
    return false;
}

std::vector<CheckProblem> check_one(const Dataset& ds, std::size_t i, bool decode) {
    const ImageRecord& rec = ds[i];
    std::vector<CheckProblem> out;
    cv::Size size;
    bool have_size = try_check(rec.image, rec.id, out, [&] {
        size = decode ? read_image(rec.image).size() : read_image_size(rec.image);
    });
    if (rec.mask) {
        try_check(*rec.mask, rec.id, out, [&] {
            cv::Mat labels = read_label_png(*rec.mask);
            // Without the image's size only the values can be checked.
            check_label_image(labels, ds.classes(), have_size ? size : labels.size(), *rec.mask);
        });
    }
    return out;
}

}  // namespace

void CheckOptions::check() const {
    if (threads < 0)
        throw Error("check options: threads must be 0 (automatic) or more, got " +
                    std::to_string(threads));
}

CheckReport check_dataset(const Dataset& dataset, const CheckOptions& options,
                          const JobContext& ctx) {
    options.check();
    ctx.check_cancel();
    const std::size_t n = dataset.size();
    std::vector<std::vector<CheckProblem>> found(n);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::condition_variable wake;

    auto work = [&] {
        for (;;) {
            std::size_t i = next.fetch_add(1);
            if (i >= n || stop.load())
                break;
            found[i] = check_one(dataset, i, options.decode);
            if (done.fetch_add(1) + 1 == n) {
                std::lock_guard lock(mutex);
                wake.notify_all();
            }
        }
    };

    std::size_t threads = options.threads > 0 ? static_cast<std::size_t>(options.threads)
                                              : static_cast<std::size_t>(cv::getNumThreads());
    threads = std::clamp<std::size_t>(threads, 1, std::max<std::size_t>(1, n));
    std::vector<std::thread> pool;
    for (std::size_t t = 0; t < threads && n > 0; ++t)
        pool.emplace_back(work);

    // Progress and cancel stay on the caller's thread: callbacks need not be thread-safe.
    auto join = [&] {
        for (auto& th : pool)
            th.join();
    };
    ctx.report(0, n, "checking images");
    try {
        for (;;) {
            ctx.check_cancel();
            std::size_t d = done.load();
            if (d >= n)
                break;
            ctx.report(d, n, dataset[d].id);
            std::unique_lock lock(mutex);
            wake.wait_for(lock, std::chrono::milliseconds(100), [&] { return done.load() >= n; });
        }
    } catch (...) {
        stop.store(true);
        join();
        throw;
    }
    join();

    CheckReport report;
    report.images = n;
    for (const auto& e : dataset.empty_sources())
        report.problems.push_back({e.file, e.problem, {}});
    for (std::size_t i = 0; i < n; ++i) {
        if (dataset[i].mask)
            ++report.masks;
        for (auto& p : found[i])
            report.problems.push_back(std::move(p));
    }
    ctx.report(n, n, "done");
    return report;
}

}  // namespace amr::data
