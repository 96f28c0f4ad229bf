#pragma once
// BatchNorm that always normalises with its running statistics and never updates them, in
// training and inference alike (the "FixedBatchNorm" of IRNet/AMR, docs/method.md §2.1). γ and β
// stay trainable parameters. Parameter and buffer names match torch.nn.BatchNorm2d, so torchvision
// and official AMR state dicts load by name (num_batches_tracked is not kept: it is unused).

#include <torch/torch.h>

namespace amr::nn {

class FixedBatchNormImpl : public torch::nn::Module {
public:
    FixedBatchNormImpl(int64_t num_features, double eps);

    torch::Tensor forward(const torch::Tensor& x);

    int64_t num_features() const { return num_features_; }
    double eps() const { return eps_; }

    torch::Tensor weight;        // γ, ones at construction
    torch::Tensor bias;          // β, zeros
    torch::Tensor running_mean;  // zeros
    torch::Tensor running_var;   // ones

private:
    int64_t num_features_;
    double eps_;
};
TORCH_MODULE(FixedBatchNorm);

}  // namespace amr::nn
