#pragma once
// Paired comparison of two eval-clicks methods, object by object (issue 21's "clearly better
// than both baselines"). Mean NoCs that differ by a few hundredths say little on their own: the
// same objects are clicked by every method, so the question is on how many objects one method
// needs fewer clicks than the other, and whether the mean difference is larger than its noise.

#include <string>

#include "engine/review/click_eval.h"

namespace amr::review {

struct PairedClicks {
    std::string method, baseline;
    double target = 0.85;                        // the IoU of NoC@target
    std::size_t objects = 0;                     // objects both methods ran
    std::size_t fewer = 0, equal = 0, more = 0;  // objects where `method` needs fewer/... clicks
    double mean_difference = 0;                  // NoC of method − NoC of baseline, per object
    double ci95 = 0;         // half-width of its 95 % interval (normal approximation)
    double sign_test_p = 1;  // two-sided sign test over the objects that differ
};

// Pairs the objects of the two methods by (image, class). Throws amr::Error when an object of
// one is missing from the other (they did not run on the same images).
PairedClicks compare_methods(const MethodClicks& method, const MethodClicks& baseline,
                             double target, int max_clicks);

// The two-sided sign test: the chance of a split at least as uneven as (fewer, more) when
// either is as likely (binomial, p = 1/2); 1 when both are 0.
double sign_test(std::size_t fewer, std::size_t more);

// The first method against each other one, at NoC@85 and NoC@90, one line each (empty with
// fewer than two methods).
std::string format_comparison(const ClickEvalResult& result);

// One row per method and object: method,image,class,noc85,noc90,iou_0,...,iou_<max_clicks>.
std::string to_objects_csv(const ClickEvalResult& result);

}  // namespace amr::review
