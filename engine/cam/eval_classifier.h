#pragma once
// `eval_classifier` (docs/method.md §10.2): how well each branch of a CAM checkpoint predicts the
// image tags of a held-out split, beside the best constant predictor. A branch whose loss equals
// the constant predictor's has learnt nothing about the images, whatever its CAMs look like; that
// is how the official code's compensation branch fails on short budgets (§10).
// Logits are the global average of the raw CAMs at scale 1 (= W·GAP(f), the training logits),
// on the whole image without crop or flip; the loss is the training loss, the multi-label soft
// margin (mean binary cross-entropy over the classes), averaged over the images.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"

namespace amr::cam {

struct EvalClassifierOptions {
    std::filesystem::path dataset;
    std::filesystem::path checkpoint;  // a train-cam ("spotlight") or train-amr ("amr") one
    std::string split = "val";         // where the loss is measured
    // Where the constant predictor's class frequencies come from ("auto": train_aug or train).
    std::string prior_split = "auto";
    std::string device = "auto";

    void check() const;  // throws amr::Error naming the bad field
};

struct BranchScore {
    std::string branch;  // "spotlight", "compensation" or "constant"
    double loss = 0;     // mean multi-label soft margin loss
    double map = 0;      // mean over classes of the average precision (classes with a positive)
};

struct EvalClassifierResult {
    std::vector<BranchScore> branches;  // the checkpoint's branches, then "constant"
    std::size_t images = 0;
    std::string split, prior_split;
};

// Throws amr::Error naming the file at fault (checkpoint, an image) or when the split has no
// tagged image; reports progress per image and stops with amr::Cancelled between images.
EvalClassifierResult eval_classifier(const EvalClassifierOptions& options,
                                     const JobContext& ctx = {});

// Average precision of `scores` for the binary `truth` (the area under the precision-recall
// curve, stepwise, as scikit-learn's average_precision_score); NaN without a positive.
double average_precision(const std::vector<float>& scores, const std::vector<bool>& truth);

}  // namespace amr::cam
