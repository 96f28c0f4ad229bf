#pragma once
// The mask evaluation job: a folder of predicted label PNGs against a folder of ground-truth
// label PNGs, as the official eval_sem_seg does it (docs/method.md §5.6), giving one dataset-level
// confusion matrix and its metrics.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/class_list.h"
#include "engine/eval/confusion_matrix.h"

namespace amr::eval {

struct EvalOptions {
    // Predicted label PNGs, <id>.png.
    std::filesystem::path pred_dir;
    // Ground-truth label PNGs, <id>.png (e.g. VOC's SegmentationClass).
    std::filesystem::path gt_dir;
    // Image ids, one per line; when absent every *.png in gt_dir is evaluated.
    std::optional<std::filesystem::path> list_file;
    // Foreground classes; label values must be 0..classes.size() or 255.
    data::ClassList classes = data::ClassList::voc();
    // Leave prediction pixels of 255 out instead of counting them as background.
    bool ignore_pred_void = false;
    // Worker threads, capped by the core count and the number of images.
    int threads = 2;

    // Throws amr::Error naming the folder or file that is missing or unreadable.
    void check() const;
};

struct EvalReport {
    ConfusionMatrix confusion{1};
    Metrics metrics;
    std::size_t images = 0;
};

// The ids evaluate_masks() visits, in order: the trimmed non-blank lines of the list file, or the
// sorted stems of gt_dir's *.png files. Throws amr::Error when there are none.
std::vector<std::string> eval_image_ids(const EvalOptions& options);

// Runs the evaluation. Throws amr::Error naming the file for a missing prediction or ground
// truth, a size mismatch or a label value outside the class range; amr::Cancelled on cancel.
EvalReport evaluate_masks(const EvalOptions& options, const JobContext& ctx);

}  // namespace amr::eval
