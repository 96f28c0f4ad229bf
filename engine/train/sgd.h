#pragma once
// SGD with parameter groups, weight decay and momentum, written out so its state (momentum
// buffers) can be saved by name and resumed exactly. Same update as PyTorch's SGD (dampening 0,
// no Nesterov): d = ∇ + wd·p; buf = m·buf + d (buf = d at its first step); p ← p − lr·buf.
// Parameters without a gradient are skipped entirely (no weight decay, buffer untouched).

#include <string>
#include <vector>

#include <torch/torch.h>

#include "engine/nn/checkpoint.h"

namespace amr::train {

struct ParamGroup {
    std::string name;  // e.g. "backbone", "classifier"
    double base_lr = 0;
    double lr = 0;                   // current (poly-scheduled)
    std::vector<std::string> names;  // parameter names, for saving momentum buffers
    std::vector<torch::Tensor> params;
    std::vector<torch::Tensor> buffers;  // momentum buffers; undefined until first used
};

class Sgd {
public:
    Sgd(double momentum, double weight_decay) : momentum_(momentum), weight_decay_(weight_decay) {}

    // Adds the module's parameters whose name (as named_parameters() gives it) starts with one
    // of the prefixes and that require a gradient. With lr = 0 the group's parameters stop
    // requiring a gradient (frozen).
    ParamGroup& add_group(const std::string& name, double lr, const torch::nn::Module& module,
                          const std::vector<std::string>& prefixes);
    std::vector<ParamGroup>& groups() { return groups_; }
    const std::vector<ParamGroup>& groups() const { return groups_; }

    void set_poly_lr(long step, long total_steps, double power);
    void zero_grad();
    void step();

    // Momentum buffers as "optim.<group>.<param name>" tensors (CPU), and back.
    nn::NamedTensors state() const;
    void load_state(const nn::NamedTensors& tensors, const torch::Device& device);

private:
    double momentum_;
    double weight_decay_;
    std::vector<ParamGroup> groups_;
};

}  // namespace amr::train
