#include "engine/train/sgd.h"

#include "engine/train/losses.h"

namespace amr::train {

ParamGroup& Sgd::add_group(const std::string& name, double lr, const torch::nn::Module& module,
                           const std::vector<std::string>& prefixes) {
    ParamGroup g;
    g.name = name;
    g.base_lr = g.lr = lr;
    for (const auto& item : module.named_parameters(/*recurse=*/true)) {
        if (!item.value().requires_grad())
            continue;
        bool match = false;
        for (const auto& p : prefixes)
            match = match || item.key().rfind(p, 0) == 0;
        if (!match)
            continue;
        g.names.push_back(item.key());
        g.params.push_back(item.value());
        g.buffers.emplace_back();
    }
    // A group at learning rate 0 is frozen: no gradient is computed for it at all, which makes
    // a step with a frozen backbone (the `demo` preset) about three times cheaper.
    if (lr == 0)
        for (auto& p : g.params)
            p.requires_grad_(false);
    groups_.push_back(std::move(g));
    return groups_.back();
}

void Sgd::set_poly_lr(long step, long total_steps, double power) {
    for (auto& g : groups_)
        g.lr = poly_lr(g.base_lr, step, total_steps, power);
}

void Sgd::zero_grad() {
    for (auto& g : groups_)
        for (auto& p : g.params)
            if (p.grad().defined())
                p.mutable_grad().reset();
}

void Sgd::step() {
    torch::NoGradGuard no_grad;
    for (auto& g : groups_) {
        for (std::size_t i = 0; i < g.params.size(); ++i) {
            auto& p = g.params[i];
            if (!p.grad().defined())
                continue;
            auto d = p.grad();
            if (weight_decay_ != 0)
                d = d.add(p, weight_decay_);
            if (momentum_ != 0) {
                auto& buf = g.buffers[i];
                if (!buf.defined())
                    buf = d.clone();
                else
                    buf.mul_(momentum_).add_(d);
                d = buf;
            }
            p.add_(d, -g.lr);
        }
    }
}

nn::NamedTensors Sgd::state() const {
    nn::NamedTensors out;
    for (const auto& g : groups_)
        for (std::size_t i = 0; i < g.params.size(); ++i)
            if (g.buffers[i].defined())
                out.emplace_back("optim." + g.name + "." + g.names[i], g.buffers[i].cpu());
    return out;
}

void Sgd::load_state(const nn::NamedTensors& tensors, const torch::Device& device) {
    for (auto& g : groups_) {
        for (std::size_t i = 0; i < g.params.size(); ++i) {
            std::string key = "optim." + g.name + "." + g.names[i];
            g.buffers[i] = torch::Tensor();
            for (const auto& [name, t] : tensors)
                if (name == key)
                    g.buffers[i] = t.to(device, g.params[i].scalar_type()).clone();
        }
    }
}

}  // namespace amr::train
