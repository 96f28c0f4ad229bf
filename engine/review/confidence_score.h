#pragma once
// The review queue's confidence score: how much an image's pseudo label can be trusted, from
// what the engine already has (spec: voc-and-users.md §4.3). Low scores are reviewed first.
//
// Parts, each mapped to [0, 1] (1 = trustworthy) and averaged with weights over those present:
//   cam      the CAM margin at α: per pixel, the best minus the second best of the K+1 planes
//            [background threshold, weighted class CAMs], averaged; divided by `margin_full`
//            and clamped. The normalised entropy of the same planes is reported too.
//   void     1 - share of void pixels / `void_full`, clamped.
//   deeplab  mean IoU between the pseudo label and DeepLab's prediction over the labels present
//            in either (void pixels of either ignored), when a prediction exists.
//   tags     1 / (1 + classes in the mask that are not tags + tags missing from the mask).

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <opencv2/core.hpp>

#include "engine/cam/cam_store.h"
#include "engine/core/job.h"

namespace amr::review {

struct ScoreWeights {
    double cam = 1.0;
    double void_share = 1.0;
    double deeplab = 1.0;
    double tags = 2.0;
    double margin_full = 0.5;  // a mean margin of this much counts as fully confident
    double void_full = 0.25;   // this share of void (or more) counts as no confidence
};

struct ScoreInputs {
    cv::Mat mask;                        // the pseudo label under review, CV_8UC1
    std::vector<int> tags;               // the image's tags, 0-based class indices
    const cam::CamEntry* cam = nullptr;  // its CAMs, when stored
    float alpha = 0.5f;                  // spotlight weight of the weighted CAM
    float threshold = 0.15f;             // background plane of the CAM label
    cv::Mat deeplab;                     // DeepLab's prediction, CV_8UC1 of the mask's size
};

struct ScoreParts {
    std::optional<double> cam_margin;   // mean best - second best, [0, 1]
    std::optional<double> cam_entropy;  // mean normalised entropy, [0, 1]
    double void_share = 0.0;
    std::optional<double> deeplab_iou;
    std::vector<int> extra_classes;  // labels (1-based) in the mask that are not among the tags
    std::vector<int> missing_tags;   // tag labels (1-based) absent from the mask
    double score = 0.0;              // [0, 1]
    std::string error;               // why the inputs could not be read (then score = 0)

    // {"score":..,"cam_margin":..,"cam_entropy":..,"void_share":..,"deeplab_iou":..,
    //  "extra_classes":[..],"missing_tags":[..]} (absent parts omitted), for Project::set_scores.
    std::string to_json() const;
};

// Throws amr::Error when the mask is empty or not CV_8UC1, or DeepLab's size differs.
ScoreParts confidence_score(const ScoreInputs& inputs, const ScoreWeights& weights = {});

// One image of a scoring batch.
struct ScoreItem {
    std::string id;
    std::vector<int> tags;          // 0-based class indices
    std::filesystem::path mask;     // the pseudo label to score (label PNG)
    std::filesystem::path deeplab;  // DeepLab's prediction, or empty
};

struct ScoreDatasetOptions {
    std::vector<ScoreItem> items;
    std::filesystem::path cam_store;  // empty: no CAM part
    std::string cam_fingerprint;      // entries of another model are ignored
    float alpha = 0.5f;
    float threshold = 0.15f;
    ScoreWeights weights;

    void check() const;  // throws amr::Error naming the bad field
};

// id -> (score, parts as JSON): what Project::set_scores takes.
using ScoreMap = std::map<std::string, std::pair<double, std::string>>;

// Scores every item, reporting progress per image and stopping with amr::Cancelled between
// images. An unreadable mask does not stop the batch: it scores 0 with the error in its parts,
// so it heads the queue.
ScoreMap score_dataset(const ScoreDatasetOptions& options, const JobContext& ctx = {});

}  // namespace amr::review
