#include "engine/train/losses.h"

#include <algorithm>
#include <cmath>

namespace amr::train {

torch::Tensor multilabel_soft_margin(const torch::Tensor& logits, const torch::Tensor& targets) {
    // log σ(−l) = log σ(l) − l; logsigmoid is stable for large |l|.
    auto log_p = torch::log_sigmoid(logits);
    auto log_not_p = torch::log_sigmoid(-logits);
    auto per_class = -(targets * log_p + (1 - targets) * log_not_p);
    return per_class.mean(1).mean();
}

torch::Tensor cps_loss_own(const torch::Tensor& cam_s, const torch::Tensor& cam_c) {
    return (torch::relu(cam_s) - torch::relu(cam_c)).abs().mean();
}

torch::Tensor cps_loss_flip_merge(const torch::Tensor& cam_s, const torch::Tensor& cam_c) {
    auto merge = [](const torch::Tensor& cam) {
        auto r = torch::relu(cam);
        return r[0] + r[1].flip({-1});
    };
    return (merge(cam_s) - merge(cam_c)).abs().mean();
}

torch::Tensor spotlight_keep_mask(const torch::Tensor& cam_s, const torch::Tensor& labels,
                                  double top) {
    auto r = torch::relu(cam_s.detach());
    auto peak = std::get<0>(r.flatten(2).max(2)).unsqueeze(-1).unsqueeze(-1);
    auto tagged = labels.detach().to(r.dtype()).view({r.size(0), r.size(1), 1, 1}) > 0.5;
    // peak > 0: a class whose CAM is zero everywhere hides nothing.
    auto hot = (r >= top * peak) & (peak > 0) & tagged;
    return 1 - std::get<0>(hot.to(r.dtype()).max(1, /*keepdim=*/true));
}

double poly_lr(double lr0, long step, long total_steps, double power) {
    if (total_steps <= 0)
        return lr0;
    double f = 1.0 - static_cast<double>(step) / static_cast<double>(total_steps);
    return lr0 * std::pow(std::max(0.0, f), power);
}

}  // namespace amr::train
