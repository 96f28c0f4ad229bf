#include "engine/cam/eval_classifier.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "engine/cam/cam_inference.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/image_io.h"
#include "engine/train/train_loop.h"

#include <opencv2/imgproc.hpp>

namespace amr::cam {

void EvalClassifierOptions::check() const {
    if (dataset.empty())
        throw Error("classifier evaluation: no dataset given");
    if (checkpoint.empty())
        throw Error("classifier evaluation: no checkpoint given");
    if (split.empty() || prior_split.empty())
        throw Error("classifier evaluation: the split names must not be empty");
    if (device != "auto" && device != "cpu" && device != "cuda")
        throw Error("classifier evaluation: device must be auto, cpu or cuda (got '" + device +
                    "')");
}

double average_precision(const std::vector<float>& scores, const std::vector<bool>& truth) {
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    const auto positives = static_cast<double>(std::count(truth.begin(), truth.end(), true));
    if (positives == 0)
        return std::numeric_limits<double>::quiet_NaN();
    double ap = 0, hits = 0, prev_recall = 0;
    for (std::size_t k = 0; k < order.size(); ++k) {
        hits += truth[order[k]] ? 1 : 0;
        // Tied scores form one threshold: only the last of a run adds a point.
        if (k + 1 < order.size() && scores[order[k + 1]] == scores[order[k]])
            continue;
        double recall = hits / positives;
        ap += (recall - prev_recall) * (hits / static_cast<double>(k + 1));
        prev_recall = recall;
    }
    return ap;
}

namespace {

// Multi-label soft margin loss of one image: mean over classes of BCE with logits.
double soft_margin(const std::vector<float>& logits, const std::vector<float>& target) {
    double sum = 0;
    for (std::size_t k = 0; k < logits.size(); ++k) {
        double x = logits[k];
        // log(1 + e^-|x|) + max(x, 0) - x*y, stable for large |x|
        sum += std::log1p(std::exp(-std::abs(x))) + std::max(x, 0.0) - x * target[k];
    }
    return sum / static_cast<double>(logits.size());
}

double mean_ap(const std::vector<std::vector<float>>& scores,
               const std::vector<std::vector<float>>& targets, std::size_t classes) {
    double sum = 0;
    int counted = 0;
    for (std::size_t k = 0; k < classes; ++k) {
        std::vector<float> s(scores.size());
        std::vector<bool> t(scores.size());
        for (std::size_t i = 0; i < scores.size(); ++i) {
            s[i] = scores[i][k];
            t[i] = targets[i][k] > 0.5f;
        }
        double ap = average_precision(s, t);
        if (!std::isnan(ap)) {
            sum += ap;
            ++counted;
        }
    }
    return counted ? sum / counted : 0.0;
}

}  // namespace

EvalClassifierResult eval_classifier(const EvalClassifierOptions& options, const JobContext& ctx) {
    options.check();
    auto dataset = data::open_dataset(options.dataset, ctx);
    EvalClassifierResult result;
    result.split = dataset.resolve_split(options.split);
    result.prior_split = dataset.resolve_split(options.prior_split);
    const std::size_t classes = dataset.classes().size();

    // The constant predictor: each class's tag frequency on the prior split.
    std::vector<double> freq(classes, 0.0);
    auto prior = dataset.split(result.prior_split);
    if (prior.empty())
        throw Error(options.dataset, "has no images in split '" + result.prior_split + "'");
    for (auto i : prior)
        for (auto t : dataset[i].tags)
            freq[t] += 1;
    std::vector<float> constant(classes);
    for (std::size_t k = 0; k < classes; ++k) {
        double p = std::clamp(freq[k] / static_cast<double>(prior.size()), 1e-4, 1 - 1e-4);
        constant[k] = static_cast<float>(std::log(p / (1 - p)));
    }

    std::vector<std::size_t> images;
    for (auto i : dataset.split(result.split))
        if (!dataset[i].tags.empty())
            images.push_back(i);
    if (images.empty())
        throw Error(options.dataset, "has no tagged image in split '" + result.split + "'");

    auto net = load_cam_net(options.checkpoint, train::resolve_device(options.device));
    if (net.num_classes != static_cast<int64_t>(classes))
        throw Error(options.checkpoint, "was trained for " + std::to_string(net.num_classes) +
                                            " classes, the dataset has " +
                                            std::to_string(classes));
    const bool two = static_cast<bool>(net.amr);
    const std::size_t n_branches = two ? 2 : 1;
    std::vector<std::vector<std::vector<float>>> scores(n_branches + 1);
    std::vector<std::vector<float>> targets;
    std::vector<double> losses(n_branches + 1, 0.0);

    torch::NoGradGuard no_grad;
    for (std::size_t n = 0; n < images.size(); ++n) {
        ctx.check_cancel();
        const auto& record = dataset[images[n]];
        cv::Mat bgr = data::read_image(record.image);
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        auto x = cam_input(net, rgb, /*flip=*/false);
        std::vector<torch::Tensor> raw;
        if (two) {
            raw.push_back(net.amr->cam(x, nn::AmrBranch::kSpotlight));
            raw.push_back(net.amr->cam(x, nn::AmrBranch::kCompensation));
        } else {
            raw.push_back(net.spotlight->cam(x));
        }
        auto target = dataset.multi_hot(images[n]);
        targets.push_back(target);
        for (std::size_t b = 0; b < n_branches; ++b) {
            auto logits = raw[b].mean({2, 3}).squeeze(0).to(torch::kCPU).to(torch::kFloat32);
            std::vector<float> v(logits.data_ptr<float>(), logits.data_ptr<float>() + classes);
            losses[b] += soft_margin(v, target);
            scores[b].push_back(std::move(v));
        }
        losses[n_branches] += soft_margin(constant, target);
        scores[n_branches].push_back(constant);
        ctx.report(n + 1, images.size(), record.id);
    }
    const char* names[] = {"spotlight", "compensation"};
    for (std::size_t b = 0; b <= n_branches; ++b) {
        BranchScore s;
        s.branch = b == n_branches ? "constant" : names[b];
        s.loss = losses[b] / static_cast<double>(images.size());
        s.map = mean_ap(scores[b], targets, classes);
        result.branches.push_back(s);
    }
    result.images = images.size();
    return result;
}

}  // namespace amr::cam
