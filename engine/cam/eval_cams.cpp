#include "engine/cam/eval_cams.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/sample.h"

namespace amr::cam {

namespace fs = std::filesystem;

void EvalCamsOptions::check() const {
    if (dataset.empty())
        throw Error("eval-cam options: no dataset given");
    if (store.empty())
        throw Error("eval-cam options: no CAM store folder given");
    if (split.empty())
        throw Error("eval-cam options: the split name is empty");
    if (!(alpha >= 0.0 && alpha <= 1.0))
        throw Error("eval-cam options: alpha " + std::to_string(alpha) + " is not in [0, 1]");
    if (threshold && !(*threshold >= 0.0 && *threshold <= 1.0))
        throw Error("eval-cam options: threshold " + std::to_string(*threshold) +
                    " is not in [0, 1]");
    if (!threshold &&
        !(sweep_step > 0.0 && sweep_from >= 0.0 && sweep_to <= 1.0 && sweep_from <= sweep_to))
        throw Error(
            "eval-cam options: the threshold sweep must have 0 <= from <= to <= 1 and "
            "a positive step");
}

std::vector<double> EvalCamsOptions::thresholds() const {
    if (threshold)
        return {*threshold};
    std::vector<double> t;
    const int n = static_cast<int>(std::floor((sweep_to - sweep_from) / sweep_step + 1e-6)) + 1;
    for (int i = 0; i < n; ++i)
        t.push_back(std::round((sweep_from + i * sweep_step) * 1e9) / 1e9);
    if (std::find(t.begin(), t.end(), kOfficialCamThreshold) == t.end()) {
        t.push_back(kOfficialCamThreshold);
        std::sort(t.begin(), t.end());
    }
    return t;
}

EvalCamsResult eval_cams(const EvalCamsOptions& options, const JobContext& ctx) {
    options.check();
    data::Dataset dataset = data::open_dataset(options.dataset);
    const auto& names = dataset.split_names();
    if (std::find(names.begin(), names.end(), options.split) == names.end())
        throw Error(options.dataset, "has no split '" + options.split + "'");
    std::vector<std::size_t> indices;
    for (auto i : dataset.split(options.split))
        if (dataset[i].mask)
            indices.push_back(i);
    if (indices.empty())
        throw Error(options.dataset,
                    "has no ground-truth masks in split '" + options.split + "' to score CAMs");

    EvalCamsResult result;
    result.classes = dataset.classes();
    const auto thresholds = options.thresholds();
    auto add_curve = [&](const std::string& name, double alpha) {
        CamCurve c;
        c.name = name;
        c.alpha = alpha;
        c.thresholds = thresholds;
        const auto at = std::find(thresholds.begin(), thresholds.end(), kOfficialCamThreshold);
        if (at != thresholds.end())
            c.official = static_cast<std::size_t>(at - thresholds.begin());
        result.curves.push_back(c);
    };
    add_curve("spotlight", 1.0);
    add_curve("compensation", 0.0);
    add_curve("weighted", options.alpha);
    if (options.alpha_sweep)
        for (int i = 0; i <= 10; ++i) {
            char name[32];
            std::snprintf(name, sizeof name, "alpha=%.1f", i / 10.0);
            add_curve(name, i / 10.0);
        }

    const int labels = dataset.classes().num_labels();
    std::vector<std::vector<eval::ConfusionMatrix>> cms(
        result.curves.size(),
        std::vector<eval::ConfusionMatrix>(thresholds.size(), eval::ConfusionMatrix(labels)));
    std::optional<CamStore> store;
    cv::Mat pred;
    for (std::size_t n = 0; n < indices.size(); ++n) {
        ctx.check_cancel();
        const auto& rec = dataset[indices[n]];
        auto sample = data::load_sample(dataset, indices[n], true);
        const cv::Mat& gt = sample.mask;
        if (rec.tags.empty()) {
            ++result.untagged;
            cv::Mat bg = cv::Mat::zeros(gt.size(), CV_8UC1);
            for (auto& per_curve : cms)
                for (auto& cm : per_curve)
                    cm.add(gt, bg);
        } else {
            if (!store) {
                const fs::path first = CamStore(options.store, "").path_of(rec.id);
                if (!fs::exists(first))
                    throw Error(first, "missing: run make-cam on this split first");
                store.emplace(CamStore::of_entry(options.store, rec.id));
            }
            const CamEntry entry = store->get(rec.id);
            if (entry.height != gt.rows || entry.width != gt.cols)
                throw Error(store->path_of(rec.id),
                            "holds CAMs of another image size than " + rec.image.string());
            for (std::size_t c = 0; c < result.curves.size(); ++c)
                for (std::size_t t = 0; t < thresholds.size(); ++t) {
                    recalibrated_label(entry, static_cast<float>(result.curves[c].alpha),
                                       static_cast<float>(thresholds[t]), pred);
                    cms[c][t].add(gt, pred);
                }
        }
        ++result.images;
        ctx.report(n + 1, indices.size(), rec.id);
    }
    for (std::size_t c = 0; c < result.curves.size(); ++c) {
        auto& curve = result.curves[c];
        for (std::size_t t = 0; t < thresholds.size(); ++t) {
            auto m = eval::compute_metrics(cms[c][t]);
            curve.miou.push_back(m.miou);
            if (t == 0 || m.miou > curve.miou[curve.best]) {
                curve.best = t;
                curve.best_metrics = m;
            }
        }
    }
    return result;
}

std::string format_table(const EvalCamsResult& result) {
    std::string out;
    char line[160];
    std::snprintf(line, sizeof line, "CAM mIoU on %zu images (%zu untagged)\n", result.images,
                  result.untagged);
    out += line;
    // Headline: the official fixed threshold; beside it the best of the sweep.
    std::snprintf(line, sizeof line, "%-14s %6s %10s %9s %10s %12s\n", "cam", "alpha", "mIoU@0.20",
                  "best mIoU", "best thr", "fg-on-bg");
    out += line;
    for (auto& c : result.curves) {
        char official[16] = "-";
        if (c.has_official())
            std::snprintf(official, sizeof official, "%.2f%%", 100.0 * c.miou[c.official]);
        std::snprintf(line, sizeof line, "%-14s %6.2f %10s %8.2f%% %10.2f %11.2f%%\n",
                      c.name.c_str(), c.alpha, official, 100.0 * c.miou[c.best],
                      c.thresholds[c.best], 100.0 * c.best_metrics.fg_pred_on_bg);
        out += line;
    }
    out +=
        "(fg-on-bg: share of the predicted foreground that is background, at the best "
        "threshold)\n";
    if (!result.curves.empty() && result.curves[0].thresholds.size() > 1) {
        out += "\nmIoU (%) per threshold\n";
        std::snprintf(line, sizeof line, "%-10s", "threshold");
        out += line;
        for (auto& c : result.curves) {
            std::snprintf(line, sizeof line, " %13s", c.name.c_str());
            out += line;
        }
        out += "\n";
        for (std::size_t t = 0; t < result.curves[0].thresholds.size(); ++t) {
            std::snprintf(line, sizeof line, "%-10.2f", result.curves[0].thresholds[t]);
            out += line;
            for (auto& c : result.curves) {
                std::snprintf(line, sizeof line, " %12.2f%c", 100.0 * c.miou[t],
                              t == c.best ? '*' : ' ');
                out += line;
            }
            out += "\n";
        }
    }
    return out;
}

std::string to_json(const EvalCamsResult& result, int indent) {
    using json = nlohmann::ordered_json;
    auto num = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    json j;
    j["images"] = result.images;
    j["untagged"] = result.untagged;
    json curves = json::array();
    for (auto& c : result.curves) {
        json jc;
        jc["name"] = c.name;
        jc["alpha"] = c.alpha;
        jc["official_threshold"] = kOfficialCamThreshold;
        jc["official_miou"] = c.has_official() ? num(c.miou[c.official]) : json(nullptr);
        jc["best_threshold"] = c.thresholds[c.best];
        jc["best_miou"] = num(c.miou[c.best]);
        jc["fg_pred_on_bg"] = num(c.best_metrics.fg_pred_on_bg);
        json sweep = json::array();
        for (std::size_t t = 0; t < c.thresholds.size(); ++t)
            sweep.push_back({{"threshold", c.thresholds[t]}, {"miou", num(c.miou[t])}});
        jc["sweep"] = sweep;
        json iou = json::object();
        for (std::size_t k = 0; k < c.best_metrics.classes.size(); ++k)
            iou[result.classes.label_name(static_cast<int>(k))] =
                num(c.best_metrics.classes[k].iou);
        jc["iou"] = iou;
        curves.push_back(jc);
    }
    j["curves"] = curves;
    return j.dump(indent);
}

std::string to_csv(const EvalCamsResult& result) {
    std::string out = "name,alpha,threshold,miou,best\n";
    char line[160];
    for (auto& c : result.curves)
        for (std::size_t t = 0; t < c.thresholds.size(); ++t) {
            std::snprintf(line, sizeof line, "%s,%.2f,%.4f,%.6f,%d\n", c.name.c_str(), c.alpha,
                          c.thresholds[t], c.miou[t], t == c.best ? 1 : 0);
            out += line;
        }
    return out;
}

}  // namespace amr::cam
