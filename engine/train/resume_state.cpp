#include "engine/train/resume_state.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/nn/checkpoint.h"

namespace amr::train {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kFormat = "amr-studio-train-state";

bool starts_with_any(const std::string& name, const std::vector<std::string>& prefixes) {
    return std::any_of(prefixes.begin(), prefixes.end(),
                       [&](const std::string& p) { return name.rfind(p, 0) == 0; });
}

// Keys that only say how this run goes (threads, device, where metrics go, when to stop).
bool run_only(const std::string& key) {
    for (const char* k : {"resume", "max_steps", "loader_threads", "prefetch", "device", "metrics"})
        if (key == k)
            return true;
    return false;
}

}  // namespace

void ResumeState::save(const fs::path& file, const torch::nn::Module& model,
                       const std::vector<const Sgd*>& optimisers, long step,
                       long total_steps) const {
    nn::NamedTensors tensors;
    for (auto& [name, t] : nn::named_state(model))
        if (!starts_with_any(name, frozen))
            tensors.emplace_back("model." + name, t);
    for (const Sgd* sgd : optimisers)
        for (auto& item : sgd->state())
            tensors.push_back(std::move(item));
    const json meta = {{"format", kFormat},
                       {"stage", stage},
                       {"step", step},
                       {"total_steps", total_steps},
                       {"world_size", world_size},
                       {"options", json::parse(options_json)}};
    nn::save_checkpoint(file, tensors, meta.dump());
}

long ResumeState::load(const fs::path& file, torch::nn::Module& model,
                       const std::vector<Sgd*>& optimisers, long total_steps,
                       const torch::Device& device) const {
    auto ck = nn::read_checkpoint(file);
    json meta;
    try {
        meta = json::parse(ck.metadata);
    } catch (const json::exception&) {
        throw Error(file, "the resume state's metadata is not valid JSON");
    }
    if (meta.value("format", "") != kFormat)
        throw Error(file, "is not a training resume state");
    if (meta.value("stage", "") != stage)
        throw Error(file, "is the resume state of stage '" + meta.value("stage", "") + "', not '" +
                              stage + "'");
    if (const int saved = meta.value("world_size", 1); saved != world_size)
        throw Error(file, "was saved by a run of " + std::to_string(saved) +
                              " process(es), this run has " + std::to_string(world_size) +
                              "; resume with the same number of processes (--nproc or "
                              "WORLD_SIZE), or start afresh without --resume");
    if (meta.value("total_steps", 0L) != total_steps)
        throw Error(file, "was saved for " + std::to_string(meta.value("total_steps", 0L)) + " " +
                              unit + " in total, this run has " + std::to_string(total_steps) +
                              " (" + total_from + " changed); start afresh without --resume");
    // Settings that change the trajectory must match.
    const json now = json::parse(options_json);
    const json& then = meta["options"];
    for (const auto& [key, value] : now.items()) {
        if (run_only(key) ||
            std::find(may_differ.begin(), may_differ.end(), key) != may_differ.end())
            continue;
        if (!then.contains(key) || then[key] != value)
            throw Error(file, "was saved with option '" + key +
                                  "' = " + (then.contains(key) ? then[key].dump() : "(none)") +
                                  ", this run has " + value.dump() +
                                  "; use the same options, or start afresh without --resume");
    }
    nn::NamedTensors tensors, optim;
    for (auto& [name, t] : ck.tensors) {
        if (name.rfind("model.", 0) == 0)
            tensors.emplace_back(name.substr(6), t);
        else
            optim.emplace_back(name, t);
    }
    nn::StateLoadOptions lo;
    lo.allow_missing = !frozen.empty();
    const auto report = nn::load_state(model, tensors, file, lo);
    for (const auto& name : report.missing)
        if (!starts_with_any(name, frozen))
            throw Error(file, "the resume state lacks '" + name + "'");
    for (Sgd* sgd : optimisers)
        sgd->load_state(optim, device);
    return meta.value("step", 0L);
}

long ResumeState::start(const TrainCommonOptions& options, torch::nn::Module& model,
                        const std::vector<Sgd*>& optimisers, long total_steps,
                        const torch::Device& device, TrainResult& result) const {
    if (!options.resume || !fs::exists(options.resume_path()))
        return 0;
    result.resumed_from = load(options.resume_path(), model, optimisers, total_steps, device);
    return result.resumed_from;
}

}  // namespace amr::train
