#pragma once
// Runs fn(begin, end) over [0, count) in chunks of `grain` on OpenCV's pool, or as one call when
// threads == 1 or there are fewer than two chunks of work (internal to engine/refine). Callers
// only use it where elements are independent, so results do not depend on the split.

#include <algorithm>

#include <opencv2/core.hpp>

namespace amr::refine {

template <typename Fn>
void parallel_chunks(int count, int threads, int grain, const Fn& fn) {
    if (threads == 1 || count < 2 * grain) {
        fn(0, count);
        return;
    }
    const int stripes = (count + grain - 1) / grain;
    cv::parallel_for_(
        cv::Range(0, stripes),
        [&](const cv::Range& r) { fn(r.start * grain, std::min(count, r.end * grain)); }, stripes);
}

}  // namespace amr::refine
