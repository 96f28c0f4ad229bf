#include "engine/nn/fixed_batch_norm.h"

namespace amr::nn {

FixedBatchNormImpl::FixedBatchNormImpl(int64_t num_features, double eps)
    : num_features_(num_features), eps_(eps) {
    TORCH_CHECK(num_features > 0, "FixedBatchNorm: num_features must be positive");
    TORCH_CHECK(eps > 0, "FixedBatchNorm: eps must be positive");
    weight = register_parameter("weight", torch::ones({num_features}));
    bias = register_parameter("bias", torch::zeros({num_features}));
    running_mean = register_buffer("running_mean", torch::zeros({num_features}));
    running_var = register_buffer("running_var", torch::ones({num_features}));
}

torch::Tensor FixedBatchNormImpl::forward(const torch::Tensor& x) {
    // training=false: running statistics are used and left untouched whatever the module mode.
    return torch::batch_norm(x, weight, bias, running_mean, running_var, /*training=*/false,
                             /*momentum=*/0.0, eps_, /*cudnn_enabled=*/true);
}

}  // namespace amr::nn
