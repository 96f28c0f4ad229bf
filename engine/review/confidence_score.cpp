#include "engine/review/confidence_score.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/data/class_list.h"
#include "engine/data/label_png.h"

namespace amr::review {
namespace {

using json = nlohmann::json;

struct CamStats {
    double margin = 0.0;
    double entropy = 0.0;
};

// Margin and entropy of the K+1 planes [threshold, weighted CAMs] on the stride-4 maps.
std::optional<CamStats> cam_stats(const cam::CamEntry& entry, float alpha, float threshold) {
    const cam::CamPlanes planes =
        cam::weighted_cam(entry.spotlight.strided, entry.compensation.strided, alpha);
    if (planes.empty() || planes[0].empty())
        return std::nullopt;
    const std::size_t n = planes[0].total();
    std::vector<const float*> p;
    for (const cv::Mat& plane : planes)
        p.push_back(plane.ptr<float>());
    const double log_k = std::log(double(planes.size() + 1));
    double margin_sum = 0.0, entropy_sum = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        float best = threshold, second = -1.0f;
        double sum = std::max(threshold, 0.0f);
        for (const float* plane : p) {
            const float v = std::max(plane[i], 0.0f);
            sum += v;
            if (v > best) {
                second = best;
                best = v;
            } else if (v > second) {
                second = v;
            }
        }
        margin_sum += std::clamp(double(best - second), 0.0, 1.0);
        if (sum > 0.0) {
            double h = 0.0;
            auto add = [&](double v) {
                if (v > 0.0)
                    h -= (v / sum) * std::log(v / sum);
            };
            add(std::max(threshold, 0.0f));
            for (const float* plane : p)
                add(std::max(plane[i], 0.0f));
            entropy_sum += h / log_k;
        }
    }
    return CamStats{margin_sum / double(n), entropy_sum / double(n)};
}

// Mean IoU over the labels present in either image, ignoring pixels void in either.
double mean_iou(const cv::Mat& a, const cv::Mat& b) {
    std::vector<std::size_t> inter(256, 0), in_a(256, 0), in_b(256, 0);
    for (int y = 0; y < a.rows; ++y) {
        const uchar* pa = a.ptr<uchar>(y);
        const uchar* pb = b.ptr<uchar>(y);
        for (int x = 0; x < a.cols; ++x) {
            if (pa[x] == data::kVoidLabel || pb[x] == data::kVoidLabel)
                continue;
            ++in_a[pa[x]];
            ++in_b[pb[x]];
            if (pa[x] == pb[x])
                ++inter[pa[x]];
        }
    }
    double sum = 0.0;
    int count = 0;
    for (int l = 0; l < 256; ++l) {
        const std::size_t uni = in_a[l] + in_b[l] - inter[l];
        if (uni == 0)
            continue;
        sum += double(inter[l]) / double(uni);
        ++count;
    }
    return count == 0 ? 1.0 : sum / count;
}

}  // namespace

std::string ScoreParts::to_json() const {
    json j;
    j["score"] = score;
    if (cam_margin)
        j["cam_margin"] = *cam_margin;
    if (cam_entropy)
        j["cam_entropy"] = *cam_entropy;
    j["void_share"] = void_share;
    if (deeplab_iou)
        j["deeplab_iou"] = *deeplab_iou;
    j["extra_classes"] = extra_classes;
    j["missing_tags"] = missing_tags;
    if (!error.empty())
        j["error"] = error;
    return j.dump();
}

ScoreParts confidence_score(const ScoreInputs& in, const ScoreWeights& w) {
    if (in.mask.empty() || in.mask.type() != CV_8UC1)
        throw Error("confidence score: the mask must be a non-empty CV_8UC1 label image");
    if (!in.deeplab.empty() &&
        (in.deeplab.size() != in.mask.size() || in.deeplab.type() != CV_8UC1))
        throw Error("confidence score: DeepLab's prediction has another size than the mask");
    ScoreParts parts;
    double weighted = 0.0, total = 0.0;
    auto add = [&](double weight, double value) {
        weighted += weight * std::clamp(value, 0.0, 1.0);
        total += weight;
    };

    if (in.cam != nullptr) {
        if (auto stats = cam_stats(*in.cam, in.alpha, in.threshold)) {
            parts.cam_margin = stats->margin;
            parts.cam_entropy = stats->entropy;
            add(w.cam, w.margin_full > 0 ? stats->margin / w.margin_full : 1.0);
        }
    }

    std::size_t hist[256] = {};
    for (int y = 0; y < in.mask.rows; ++y) {
        const uchar* row = in.mask.ptr<uchar>(y);
        for (int x = 0; x < in.mask.cols; ++x)
            ++hist[row[x]];
    }
    parts.void_share = double(hist[data::kVoidLabel]) / double(in.mask.total());
    add(w.void_share, w.void_full > 0 ? 1.0 - parts.void_share / w.void_full : 1.0);

    if (!in.deeplab.empty()) {
        parts.deeplab_iou = mean_iou(in.mask, in.deeplab);
        add(w.deeplab, *parts.deeplab_iou);
    }

    const std::set<int> tag_labels = [&] {
        std::set<int> s;
        for (int t : in.tags)
            s.insert(t + 1);
        return s;
    }();
    for (int l = 1; l < 255; ++l)
        if (hist[l] > 0 && !tag_labels.count(l))
            parts.extra_classes.push_back(l);
    for (int l : tag_labels)
        if (l < 255 && hist[l] == 0)
            parts.missing_tags.push_back(l);
    add(w.tags, 1.0 / double(1 + parts.extra_classes.size() + parts.missing_tags.size()));

    parts.score = total > 0 ? weighted / total : 0.0;
    return parts;
}

void ScoreDatasetOptions::check() const {
    if (!(alpha >= 0.0f && alpha <= 1.0f))
        throw Error("alpha: must lie in [0, 1], got " + std::to_string(alpha));
    if (!(threshold >= 0.0f && threshold <= 1.0f))
        throw Error("threshold: must lie in [0, 1], got " + std::to_string(threshold));
    for (const ScoreItem& item : items) {
        if (item.id.empty())
            throw Error("items: an item has an empty id");
        if (item.mask.empty())
            throw Error("items: image " + item.id + " has no mask to score");
    }
}

ScoreMap score_dataset(const ScoreDatasetOptions& options, const JobContext& ctx) {
    options.check();
    std::optional<cam::CamStore> store;
    if (!options.cam_store.empty())
        store.emplace(options.cam_store, options.cam_fingerprint);
    ScoreMap out;
    const std::size_t n = options.items.size();
    for (std::size_t i = 0; i < n; ++i) {
        ctx.check_cancel();
        const ScoreItem& item = options.items[i];
        ScoreParts parts;
        try {
            ScoreInputs in;
            in.mask = data::read_label_png(item.mask);
            in.tags = item.tags;
            in.alpha = options.alpha;
            in.threshold = options.threshold;
            if (!item.deeplab.empty())
                in.deeplab = data::read_label_png(item.deeplab);
            std::optional<cam::CamEntry> entry;
            // A missing or stale CAM entry only drops the CAM part.
            if (store && store->has_fresh(item.id)) {
                entry = store->get(item.id);
                in.cam = &*entry;
            }
            parts = confidence_score(in, options.weights);
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            parts = ScoreParts{};
            parts.error = e.what();
        }
        out[item.id] = {parts.score, parts.to_json()};
        ctx.report(i + 1, n, item.id);
    }
    return out;
}

}  // namespace amr::review
