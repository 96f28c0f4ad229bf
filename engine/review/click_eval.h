#pragma once
// `eval-clicks`: the standard protocol of interactive segmentation with a simulated user
// (issue 21). Every (image, ground-truth class) pair is one object. Its episode starts from the
// image's starting mask (e.g. the refined pseudo labels); each click goes to the interior point
// (largest distance to the region's edge, the image border counting as edge) of the largest
// error region of that class: positive (the class) on missed foreground, negative (background)
// on false foreground. At most max_clicks clicks per object. NoC@t is the number of clicks
// until the class IoU reaches t (0 when the start already does; max_clicks when it never
// does), averaged per class and over all objects.
//
// Methods: "guided" (GuidedWalkSession with the weighted CAM prior), "walk" (the same walk
// seeded by the clicks, no CAM prior) and "flood" (a plain colour flood fill from each click).

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/core/job.h"
#include "engine/review/guided_walk.h"

namespace amr::review {

struct ClickEvalOptions {
    std::filesystem::path dataset;
    std::string split = "train";
    std::filesystem::path start_masks;     // folder of <id>.png starting masks
    std::filesystem::path boundary_dir;    // folder of <id>.png boundary maps, or
    std::filesystem::path irn_checkpoint;  // an IRN checkpoint to compute them
    std::filesystem::path cam_store;       // CAM store (needed by "guided")
    float alpha = 0.5f;                    // weighted CAM coefficient
    std::vector<std::string> methods = {"guided", "walk", "flood"};
    int max_clicks = 20;
    double stop_iou = 0.90;  // an episode ends once reached (the curve keeps the last IoU)
    GuidedWalkOptions walk;
    int flood_tolerance = 12;    // colour difference per channel of the flood fill baseline
    std::size_t max_images = 0;  // 0 = every image of the split
    std::string device = "auto";

    void check() const;  // throws amr::Error naming the bad field
};

struct ObjectClicks {
    std::string id;
    int label = 0;            // class label in the mask (1..K)
    std::vector<double> iou;  // iou[0] at the start, iou[i] after click i (max_clicks + 1)
    int clicks_used = 0;
    double seconds = 0;  // time spent in the method
};

struct MethodClicks {
    std::string method;
    std::vector<ObjectClicks> objects;
};

struct ClickEvalResult {
    std::vector<std::string> class_names;  // of labels 1..K
    int max_clicks = 20;
    std::vector<MethodClicks> methods;
    std::size_t images = 0;
    std::size_t without_start = 0;  // images skipped: no starting mask
};

// The click the simulated user makes next for class `label`, or false when the class has no
// error left. `positive` is true on missed foreground.
bool next_click(const cv::Mat& pred, const cv::Mat& gt, int label, cv::Point& point,
                bool& positive);

// IoU of `label` between two label images (255 in `gt` is ignored); 1 when both lack it.
double class_iou(const cv::Mat& pred, const cv::Mat& gt, int label);

// Clicks until `iou` reaches `target` (see the header comment).
int clicks_to_reach(const std::vector<double>& iou, double target, int max_clicks);

// One episode with a given method (exposed for tests): `apply` changes `labels` for the clicks
// so far.
using ClickMethodFn = std::function<void(cv::Mat& labels, const std::vector<Click>& clicks)>;
ObjectClicks run_episode(const cv::Mat& start, const cv::Mat& gt, int label,
                         const ClickMethodFn& apply, int max_clicks, double stop_iou);

// The colour flood fill baseline: the 4-connected region of pixels within `tolerance` of the
// click's colour (per channel) takes the click's label.
void flood_fill_click(cv::Mat& labels, const cv::Mat& bgr, const Click& click, int tolerance);

ClickEvalResult eval_clicks(const ClickEvalOptions& options, const JobContext& ctx = {});

// NoC@85 / NoC@90 per class and overall, one row per method, plus mean IoU at clicks 0..5.
std::string format_table(const ClickEvalResult& result);
// The IoU-per-click curve: method,click,mean_iou,objects (click 0 = the starting mask).
std::string to_csv(const ClickEvalResult& result);
std::string to_json(const ClickEvalResult& result);

// One method's curve read back from to_csv()'s file (for the GUI's plot).
struct ClickCurve {
    std::string method;
    std::vector<double> mean_iou;  // index = click
    std::size_t objects = 0;
};
// Throws amr::Error naming the file and line when it is not such a CSV.
std::vector<ClickCurve> read_click_curve_csv(const std::filesystem::path& file);

// Mean NoC at `target` over the objects of `label` (0 = all objects); -1 when there are none.
double mean_noc(const MethodClicks& method, double target, int max_clicks, int label = 0);

}  // namespace amr::review
