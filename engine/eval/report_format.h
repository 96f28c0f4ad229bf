#pragma once
// Evaluation results as JSON (for scripts and the project database) and as a text table (for
// people). Rates are fractions in JSON and percentages in the table; undefined values (NaN) are
// null in JSON and "n/a" in the table.

#include <string>

#include "engine/data/class_list.h"
#include "engine/eval/confusion_matrix.h"
#include "engine/eval/evaluate_masks.h"

namespace amr::eval {

// {"classes": [{"label", "name", "iou", "precision", "recall", "fp", "fn", "gt_pixels",
//   "pred_pixels"}, ...], "miou", "pixel_accuracy", "background_fp", "background_fn",
//  "foreground_fp", "foreground_fn", "fg_pred_on_bg", "pixels"}; `indent` < 0 gives one line.
std::string to_json(const Metrics& metrics, const data::ClassList& classes, int indent = 2);
// The same plus "images" and "confusion" (rows = ground truth, columns = prediction).
std::string to_json(const EvalReport& report, const data::ClassList& classes, int indent = 2);

// One aligned row per label (name, IoU %, precision %, recall %, FP, FN, GT pixels), then the
// summary lines (mIoU, pixel accuracy, background and foreground FP/FN, ...).
std::string format_table(const Metrics& metrics, const data::ClassList& classes);
// The same plus the image count.
std::string format_table(const EvalReport& report, const data::ClassList& classes);

}  // namespace amr::eval
