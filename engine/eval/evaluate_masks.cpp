#include "engine/eval/evaluate_masks.h"
#include "engine/core/text.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <fstream>
#include <limits>
#include <mutex>
#include <sstream>
#include <system_error>
#include <thread>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace amr::eval {
namespace fs = std::filesystem;
namespace {

void check_folder(const fs::path& dir, const char* what) {
    if (dir.empty())
        throw Error(std::string("no ") + what + " folder given");
    std::error_code ec;
    if (!fs::exists(dir, ec))
        throw Error(dir, std::string("no such folder (") + what + ")");
    if (!fs::is_directory(dir, ec))
        throw Error(dir, std::string("not a folder (") + what + ")");
}

// Reads one pair of masks and counts it into `cm`.
void add_pair(const EvalOptions& options, const std::string& id, PredVoid pred_void,
              ConfusionMatrix& cm) {
    const fs::path gt_file = options.gt_dir / (id + ".png");
    const fs::path pred_file = options.pred_dir / (id + ".png");
    std::error_code ec;
    if (!fs::exists(gt_file, ec))
        throw Error(gt_file, "missing ground truth for image '" + id + "'");
    if (!fs::exists(pred_file, ec))
        throw Error(pred_file, "missing prediction for image '" + id + "'");
    const cv::Mat gt = data::read_label_png(gt_file);
    const cv::Mat pred = data::read_label_png(pred_file);
    if (gt.size() != pred.size())
        throw Error(pred_file, "prediction is " + size_text(pred) + " but the ground truth " +
                                   gt_file.string() + " is " + size_text(gt));
    try {
        cm.add(gt, pred, pred_void);
    } catch (const LabelValueError& e) {
        throw Error(e.in_prediction() ? pred_file : gt_file, e.problem());
    }
}

}  // namespace

void EvalOptions::check() const {
    check_folder(pred_dir, "predictions");
    check_folder(gt_dir, "ground truth");
    if (list_file) {
        std::error_code ec;
        if (!fs::exists(*list_file, ec))
            throw Error(*list_file, "no such file (image id list)");
        if (!fs::is_regular_file(*list_file, ec))
            throw Error(*list_file, "not a regular file");
        if (!std::ifstream(*list_file))
            throw Error(*list_file, "cannot open the file for reading");
    }
    if (classes.empty())
        throw Error("the class list is empty");
    if (threads < 1)
        throw Error("threads must be at least 1, got " + std::to_string(threads));
}

std::vector<std::string> eval_image_ids(const EvalOptions& options) {
    std::vector<std::string> ids;
    if (options.list_file) {
        std::istringstream in(read_file(*options.list_file));
        std::string line;
        while (std::getline(in, line)) {
            std::string id(trim(line));
            if (!id.empty())
                ids.push_back(std::move(id));
        }
        if (ids.empty())
            throw Error(*options.list_file, "lists no image ids");
        return ids;
    }
    std::error_code ec;
    for (fs::directory_iterator it(options.gt_dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path& p = it->path();
        if (p.extension() == ".png" && it->is_regular_file(ec))
            ids.push_back(p.stem().string());
    }
    if (ec)
        throw Error(options.gt_dir, "cannot list the folder: " + ec.message());
    if (ids.empty())
        throw Error(options.gt_dir, "holds no *.png label images");
    std::sort(ids.begin(), ids.end());
    return ids;
}

EvalReport evaluate_masks(const EvalOptions& options, const JobContext& ctx) {
    options.check();
    const std::vector<std::string> ids = eval_image_ids(options);
    const std::size_t total = ids.size();
    const int num_labels = options.classes.num_labels();
    const PredVoid pred_void =
        options.ignore_pred_void ? PredVoid::kIgnore : PredVoid::kAsBackground;
    ctx.report(0, total);

    const std::size_t cores = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t workers = std::min({static_cast<std::size_t>(options.threads), cores, total});

    // Images are claimed in increasing order; on an error no new image is claimed, but images in
    // progress finish. Every image before the failing one was therefore attempted, and keeping
    // the error of the lowest index reports the first bad image in list order, as one thread would.
    std::atomic<std::size_t> next{0}, done{0};
    std::atomic<bool> stop{false};
    std::mutex error_mutex;
    std::size_t error_index = std::numeric_limits<std::size_t>::max();
    std::exception_ptr error;
    std::vector<ConfusionMatrix> partial(workers, ConfusionMatrix(num_labels));
    auto cancelled = [&ctx] { return ctx.cancel && ctx.cancel->cancelled(); };

    // Only the calling thread reports progress: progress callbacks need not be thread-safe.
    auto work = [&](std::size_t w, bool reports) {
        while (!stop.load(std::memory_order_relaxed) && !cancelled()) {
            const std::size_t i = next.fetch_add(1);
            if (i >= total)
                break;
            try {
                add_pair(options, ids[i], pred_void, partial[w]);
                const std::size_t d = done.fetch_add(1) + 1;
                if (reports)
                    ctx.report(d, total, ids[i]);
            } catch (...) {
                std::lock_guard lock(error_mutex);
                if (i < error_index) {
                    error_index = i;
                    error = std::current_exception();
                }
                stop = true;
                break;
            }
        }
    };

    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) {
        try {
            threads.emplace_back(work, w, false);
        } catch (const std::system_error&) {
            break;  // fewer threads; the shared counter still hands out every image
        }
    }
    work(0, true);
    for (auto& t : threads)
        t.join();

    if (error)
        std::rethrow_exception(error);
    ctx.check_cancel();

    EvalReport report{ConfusionMatrix(num_labels), {}, total};
    for (const auto& p : partial)
        report.confusion.merge(p);
    report.metrics = compute_metrics(report.confusion);
    ctx.report(total, total);
    return report;
}

}  // namespace amr::eval
