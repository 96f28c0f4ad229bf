#include "engine/review/click_eval.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/data/dataset.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/refine/irn_net.h"
#include "engine/review/click_compare.h"
#include "engine/train/train_loop.h"

namespace amr::review {

namespace fs = std::filesystem;

namespace {

bool has_method(const ClickEvalOptions& o, const std::string& m) {
    return std::find(o.methods.begin(), o.methods.end(), m) != o.methods.end();
}

}  // namespace

void ClickEvalOptions::check() const {
    constexpr OptionCheck require{"eval-clicks options"};
    require(!dataset.empty(), "dataset: no dataset folder given");
    require(!split.empty(), "split: empty split name");
    require(!start_masks.empty(), "start_masks: no folder of starting masks given");
    require(!methods.empty(), "methods: none given");
    for (const auto& m : methods)
        require(m == "guided" || m == "walk" || m == "flood",
                "methods: unknown method '" + m + "' (guided, walk, flood)");
    const bool walks = has_method(*this, "guided") || has_method(*this, "walk");
    require(!walks || !boundary_dir.empty() || !irn_checkpoint.empty(),
            "the walk methods need boundary maps: give a boundary folder or an IRN checkpoint");
    require(!has_method(*this, "guided") || !cam_store.empty(),
            "the guided method needs a CAM store");
    require(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1]");
    require(max_clicks >= 1 && max_clicks <= 100, "max_clicks must be in [1, 100]");
    require(stop_iou > 0 && stop_iou <= 1, "stop_iou must be in (0, 1]");
    require(flood_tolerance >= 0 && flood_tolerance <= 255, "flood_tolerance must be in [0, 255]");
    require(device == "auto" || device == "cpu" || device == "cuda",
            "device must be 'auto', 'cpu' or 'cuda' (got '" + device + "')");
    walk.check();
}

double class_iou(const cv::Mat& pred, const cv::Mat& gt, int label) {
    std::size_t inter = 0, uni = 0;
    for (int y = 0; y < gt.rows; ++y) {
        const std::uint8_t* p = pred.ptr<std::uint8_t>(y);
        const std::uint8_t* g = gt.ptr<std::uint8_t>(y);
        for (int x = 0; x < gt.cols; ++x) {
            if (g[x] == 255)
                continue;
            const bool a = p[x] == label, b = g[x] == label;
            inter += a && b;
            uni += a || b;
        }
    }
    return uni == 0 ? 1.0 : double(inter) / double(uni);
}

bool next_click(const cv::Mat& pred, const cv::Mat& gt, int label, cv::Point& point,
                bool& positive) {
    cv::Mat fn(gt.size(), CV_8UC1), fp(gt.size(), CV_8UC1);
    for (int y = 0; y < gt.rows; ++y) {
        const std::uint8_t* p = pred.ptr<std::uint8_t>(y);
        const std::uint8_t* g = gt.ptr<std::uint8_t>(y);
        std::uint8_t* n = fn.ptr<std::uint8_t>(y);
        std::uint8_t* f = fp.ptr<std::uint8_t>(y);
        for (int x = 0; x < gt.cols; ++x) {
            const bool valid = g[x] != 255;
            n[x] = valid && g[x] == label && p[x] != label ? 255 : 0;
            f[x] = valid && g[x] != label && p[x] == label ? 255 : 0;
        }
    }
    int best_area = 0, best_id = -1;
    bool best_positive = false;
    cv::Mat best_cc;
    for (bool pos : {true, false}) {
        cv::Mat cc, stats, centroids;
        const int n = cv::connectedComponentsWithStats(pos ? fn : fp, cc, stats, centroids, 4);
        for (int i = 1; i < n; ++i) {
            const int area = stats.at<int>(i, cv::CC_STAT_AREA);
            if (area > best_area) {
                best_area = area, best_id = i, best_positive = pos;
                best_cc = cc;
            }
        }
    }
    if (best_id < 0)
        return false;
    // Distance to the region's edge; the image border counts as edge (zero padding).
    cv::Mat region = best_cc == best_id, padded, dist;
    cv::copyMakeBorder(region, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::distanceTransform(padded, dist, cv::DIST_L2, cv::DIST_MASK_PRECISE);
    cv::Point at;
    cv::minMaxLoc(dist, nullptr, nullptr, nullptr, &at);
    point = {at.x - 1, at.y - 1};
    positive = best_positive;
    return true;
}

int clicks_to_reach(const std::vector<double>& iou, double target, int max_clicks) {
    for (std::size_t i = 0; i < iou.size() && static_cast<int>(i) <= max_clicks; ++i)
        if (iou[i] >= target)
            return static_cast<int>(i);
    return max_clicks;
}

ObjectClicks run_episode(const cv::Mat& start, const cv::Mat& gt, int label,
                         const ClickMethodFn& apply, int max_clicks, double stop_iou) {
    ObjectClicks o;
    o.label = label;
    cv::Mat labels = start.clone();
    std::vector<Click> clicks;
    o.iou.push_back(class_iou(labels, gt, label));
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 1; i <= max_clicks; ++i) {
        cv::Point p;
        bool positive = false;
        if (o.iou.back() >= stop_iou || !next_click(labels, gt, label, p, positive)) {
            o.iou.push_back(o.iou.back());
            continue;
        }
        clicks.push_back({p, static_cast<std::uint8_t>(positive ? label : 0)});
        apply(labels, clicks);
        o.iou.push_back(class_iou(labels, gt, label));
        o.clicks_used = i;
    }
    o.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return o;
}

void flood_fill_click(cv::Mat& labels, const cv::Mat& bgr, const Click& click, int tolerance) {
    if (click.point.x < 0 || click.point.y < 0 || click.point.x >= bgr.cols ||
        click.point.y >= bgr.rows)
        return;
    cv::Mat mask(bgr.rows + 2, bgr.cols + 2, CV_8UC1, cv::Scalar(0));
    cv::Mat scratch = bgr.clone();
    const cv::Scalar d(tolerance, tolerance, tolerance);
    cv::floodFill(scratch, mask, click.point, cv::Scalar(), nullptr, d, d,
                  4 | cv::FLOODFILL_MASK_ONLY | cv::FLOODFILL_FIXED_RANGE | (255 << 8));
    labels.setTo(click.label, mask(cv::Rect(1, 1, bgr.cols, bgr.rows)));
}

ClickEvalResult eval_clicks(const ClickEvalOptions& o, const JobContext& ctx) {
    o.check();
    data::Dataset dataset = data::open_dataset(o.dataset);
    auto indices = dataset.split(o.split);
    if (indices.empty())
        throw Error(o.dataset, "has no images in split '" + o.split + "'");
    if (!fs::is_directory(o.start_masks))
        throw Error(o.start_masks, "folder of starting masks not found");
    if (!o.boundary_dir.empty() && !fs::is_directory(o.boundary_dir))
        throw Error(o.boundary_dir, "folder of boundary maps not found");
    const bool guided = has_method(o, "guided");
    const bool walk = has_method(o, "walk");
    std::optional<refine::IrnNet> net;
    torch::Device device(torch::kCPU);
    if ((guided || walk) && o.boundary_dir.empty()) {
        device = train::resolve_device(o.device);
        net = refine::load_irn(o.irn_checkpoint);
        (*net)->to(device);
        (*net)->eval();
    }
    if (guided && !fs::is_directory(o.cam_store))
        throw Error(o.cam_store, "CAM store folder not found (run amr make-cam)");
    std::optional<cam::CamStore> store;

    ClickEvalResult result;
    result.max_clicks = o.max_clicks;
    for (const auto& name : dataset.classes().names())
        result.class_names.push_back(name);
    for (const auto& m : o.methods)
        result.methods.push_back({m, {}});
    GuidedWalkOptions plain = o.walk;
    plain.cam_weight = 0;

    const CancelScope cancel_scope(ctx.cancel);
    std::size_t done = 0;
    const std::size_t total =
        o.max_images ? std::min(o.max_images, indices.size()) : indices.size();
    for (std::size_t index : indices) {
        if (result.images >= total)
            break;
        ctx.check_cancel();
        const auto& rec = dataset[index];
        ctx.report(done++, total, rec.id);
        if (!rec.mask)
            continue;
        const fs::path start_file = o.start_masks / (rec.id + ".png");
        if (!fs::exists(start_file)) {
            ++result.without_start;
            continue;
        }
        ++result.images;
        const cv::Mat gt = data::read_label_png(*rec.mask);
        const cv::Mat start = data::read_label_png(start_file);
        if (start.size() != gt.size())
            throw Error(start_file, "is " + std::to_string(start.cols) + "×" +
                                        std::to_string(start.rows) + ", the ground truth " +
                                        std::to_string(gt.cols) + "×" + std::to_string(gt.rows));
        const cv::Mat bgr = data::read_image(rec.image);
        if (bgr.size() != gt.size())
            throw Error(rec.image, "differs in size from its ground-truth mask");

        std::optional<GuidedWalkSession> guided_session, walk_session;
        if (guided || walk) {
            cv::Mat boundary;
            if (!o.boundary_dir.empty()) {
                boundary = read_boundary_png(o.boundary_dir / (rec.id + ".png"));
            } else {
                cv::Mat rgb;
                cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
                boundary = refine::boundary_map(*net, rgb, device);
            }
            if (walk) {
                walk_session.emplace(boundary, bgr.size(), std::vector<cv::Mat>{},
                                     std::vector<int>{}, plain);
                walk_session->set_image(bgr);
            }
            if (guided) {
                if (!store)  // every entry must come from the model of the first one
                    store.emplace(o.cam_store, cam::CamStore::fingerprint_of(
                                                   cam::CamStore(o.cam_store, "").path_of(rec.id)));
                const cam::CamEntry entry = store->get(rec.id);
                auto cams =
                    cam::weighted_cam(entry.spotlight.strided, entry.compensation.strided, o.alpha);
                guided_session.emplace(boundary, bgr.size(), std::move(cams), entry.keys, o.walk);
                guided_session->set_image(bgr);
            }
        }

        std::vector<int> labels;
        for (int y = 0; y < gt.rows; ++y)
            for (int x = 0; x < gt.cols; ++x) {
                const int v = gt.at<std::uint8_t>(y, x);
                if (v != 0 && v != 255 &&
                    std::find(labels.begin(), labels.end(), v) == labels.end())
                    labels.push_back(v);
            }
        std::sort(labels.begin(), labels.end());
        for (int label : labels)
            for (MethodClicks& m : result.methods) {
                ctx.check_cancel();
                ClickMethodFn apply;
                if (m.method == "guided")
                    apply = [&](cv::Mat& l, const std::vector<Click>& c) {
                        guided_session->apply(l, c);
                    };
                else if (m.method == "walk")
                    apply = [&](cv::Mat& l, const std::vector<Click>& c) {
                        walk_session->apply(l, c);
                    };
                else
                    apply = [&](cv::Mat& l, const std::vector<Click>& c) {
                        flood_fill_click(l, bgr, c.back(), o.flood_tolerance);
                    };
                ObjectClicks obj = run_episode(start, gt, label, apply, o.max_clicks, o.stop_iou);
                obj.id = rec.id;
                m.objects.push_back(std::move(obj));
            }
    }
    ctx.report(total, total, "done");
    return result;
}

double mean_noc(const MethodClicks& m, double target, int max_clicks, int label) {
    double sum = 0;
    int n = 0;
    for (const auto& obj : m.objects)
        if (label == 0 || obj.label == label) {
            sum += clicks_to_reach(obj.iou, target, max_clicks);
            ++n;
        }
    return n ? sum / n : -1;
}

namespace {

double mean_iou_at(const MethodClicks& m, std::size_t click) {
    double sum = 0;
    for (const auto& obj : m.objects)
        sum += obj.iou[std::min(click, obj.iou.size() - 1)];
    return m.objects.empty() ? 0 : sum / m.objects.size();
}

std::string fmt(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.2f", v);
    return b;
}

}  // namespace

std::string format_table(const ClickEvalResult& r) {
    std::ostringstream s;
    s << r.images << " images";
    if (r.without_start)
        s << " (" << r.without_start << " without a starting mask skipped)";
    s << ", at most " << r.max_clicks << " clicks per object\n\n";
    s << "method   objects  NoC@85  NoC@90  IoU@0  IoU@1  IoU@3  IoU@5  ms/click\n";
    for (const auto& m : r.methods) {
        double secs = 0;
        int clicks = 0;
        for (const auto& o : m.objects)
            secs += o.seconds, clicks += o.clicks_used;
        char line[160];
        std::snprintf(
            line, sizeof line, "%-8s %7zu  %6s  %6s  %5.3f  %5.3f  %5.3f  %5.3f  %8.1f\n",
            m.method.c_str(), m.objects.size(), fmt(mean_noc(m, 0.85, r.max_clicks)).c_str(),
            fmt(mean_noc(m, 0.90, r.max_clicks)).c_str(), mean_iou_at(m, 0), mean_iou_at(m, 1),
            mean_iou_at(m, 3), mean_iou_at(m, 5), clicks ? 1000 * secs / clicks : 0.0);
        s << line;
    }
    s << "\nNoC@85 / NoC@90 per class\n";
    s << "class          ";
    for (const auto& m : r.methods) {
        char h[40];
        std::snprintf(h, sizeof h, "  %-13s", m.method.c_str());
        s << h;
    }
    s << "\n";
    for (std::size_t c = 0; c < r.class_names.size(); ++c) {
        const int label = static_cast<int>(c) + 1;
        if (r.methods.empty() || mean_noc(r.methods[0], 0.85, r.max_clicks, label) < 0)
            continue;
        char h[40];
        std::snprintf(h, sizeof h, "%-15s", r.class_names[c].c_str());
        s << h;
        for (const auto& m : r.methods) {
            char cell[40];
            std::snprintf(cell, sizeof cell, "  %5s / %5s  ",
                          fmt(mean_noc(m, 0.85, r.max_clicks, label)).c_str(),
                          fmt(mean_noc(m, 0.90, r.max_clicks, label)).c_str());
            s << cell;
        }
        s << "\n";
    }
    return s.str();
}

std::string to_csv(const ClickEvalResult& r) {
    std::ostringstream s;
    s << "method,click,mean_iou,objects\n";
    for (const auto& m : r.methods)
        for (int k = 0; k <= r.max_clicks; ++k) {
            char line[120];
            std::snprintf(line, sizeof line, "%s,%d,%.6f,%zu\n", m.method.c_str(), k,
                          mean_iou_at(m, static_cast<std::size_t>(k)), m.objects.size());
            s << line;
        }
    return s.str();
}

std::vector<ClickCurve> read_click_curve_csv(const fs::path& file) {
    std::ifstream in(file);
    if (!in)
        throw Error(file, "cannot be read");
    std::string line;
    if (!std::getline(in, line) || line.rfind("method,click,mean_iou", 0) != 0)
        throw Error(file,
                    "not an IoU-per-click CSV (amr eval-clicks --csv): the header must "
                    "start with method,click,mean_iou");
    std::vector<ClickCurve> curves;
    for (int n = 2; std::getline(in, line); ++n) {
        if (line.empty())
            continue;
        std::stringstream ss(line);
        std::string method, click, iou, objects;
        std::getline(ss, method, ',');
        std::getline(ss, click, ',');
        std::getline(ss, iou, ',');
        std::getline(ss, objects, ',');
        std::size_t k = 0;
        double v = 0;
        try {
            k = std::stoul(click);
            v = std::stod(iou);
        } catch (const std::exception&) {
            throw Error(file, "line " + std::to_string(n) + ": expected method,click,mean_iou");
        }
        if (curves.empty() || curves.back().method != method)
            curves.push_back({method, {}, 0});
        auto& c = curves.back();
        if (c.mean_iou.size() <= k)
            c.mean_iou.resize(k + 1, v);
        c.mean_iou[k] = v;
        if (!objects.empty())
            c.objects = std::strtoul(objects.c_str(), nullptr, 10);
    }
    if (curves.empty())
        throw Error(file, "holds no curve");
    return curves;
}

std::string to_json(const ClickEvalResult& r) {
    nlohmann::json j;
    j["images"] = r.images;
    j["without_start"] = r.without_start;
    j["max_clicks"] = r.max_clicks;
    for (const auto& m : r.methods) {
        nlohmann::json jm;
        jm["method"] = m.method;
        jm["objects"] = m.objects.size();
        jm["noc85"] = mean_noc(m, 0.85, r.max_clicks);
        jm["noc90"] = mean_noc(m, 0.90, r.max_clicks);
        nlohmann::json per_class = nlohmann::json::object();
        for (std::size_t c = 0; c < r.class_names.size(); ++c) {
            const int label = static_cast<int>(c) + 1;
            const double n85 = mean_noc(m, 0.85, r.max_clicks, label);
            if (n85 >= 0)
                per_class[r.class_names[c]] = {{"noc85", n85},
                                               {"noc90", mean_noc(m, 0.90, r.max_clicks, label)}};
        }
        jm["per_class"] = per_class;
        std::vector<double> curve;
        for (int k = 0; k <= r.max_clicks; ++k)
            curve.push_back(mean_iou_at(m, static_cast<std::size_t>(k)));
        jm["mean_iou_per_click"] = curve;
        j["methods"].push_back(jm);
    }
    for (std::size_t b = 1; b < r.methods.size(); ++b) {
        nlohmann::json jp;
        jp["method"] = r.methods[0].method;
        jp["baseline"] = r.methods[b].method;
        for (const auto& [key, target] : {std::pair{"noc85", 0.85}, std::pair{"noc90", 0.90}}) {
            const PairedClicks p =
                compare_methods(r.methods[0], r.methods[b], target, r.max_clicks);
            jp[key] = {{"mean_difference", p.mean_difference},
                       {"ci95", p.ci95},
                       {"fewer", p.fewer},
                       {"equal", p.equal},
                       {"more", p.more},
                       {"sign_test_p", p.sign_test_p}};
        }
        j["paired"].push_back(jp);
    }
    return j.dump(2);
}

}  // namespace amr::review
