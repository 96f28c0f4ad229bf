#include "engine/pipeline/run_history.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace amr::pipeline {

using nlohmann::json;

namespace {

// Whether the run may have replaced the stage's output: a finished training run (its final
// checkpoint); a per-image run that wrote images, or one cancelled or killed before saying how
// many. A failed one is left out: it stopped at a bad input, and the run that gets past it
// writes the rest.
bool wrote_output(const project::RunRecord& r) {
    const StageInfo& s = stage(r.stage);
    if (s.training || r.status == project::RunStatus::Failed)
        return r.status == project::RunStatus::Finished;
    if (r.status != project::RunStatus::Finished)
        return true;
    const json summary =
        json::parse(r.summary_json.empty() ? "{}" : r.summary_json, nullptr, false);
    if (!summary.is_object())
        return true;
    for (const char* key : {"written", "computed"})
        if (summary.contains(key) && summary[key].is_number() && summary[key].get<double>() > 0)
            return true;
    return false;
}

bool known_stage(const std::string& name) {
    return std::any_of(stages().begin(), stages().end(),
                       [&](const StageInfo& s) { return s.name == name; });
}

}  // namespace

std::string options_changed_since_last_run(const std::vector<project::RunRecord>& runs,
                                           const StageInfo& s, const std::string& full) {
    if (s.training || s.name == "export")  // export has its own policy ("existing")
        return {};
    const auto last = std::find_if(runs.rbegin(), runs.rend(),
                                   [&](const project::RunRecord& r) { return r.stage == s.name; });
    if (last == runs.rend())
        return {};
    const json before = json::parse(last->options_json, nullptr, false);
    const json now = json::parse(full);
    if (!before.is_object())
        return {};
    std::string keys;
    for (const auto& [key, value] : now.items()) {
        if (key == "threads" || key == "device" || key == "overwrite")
            continue;  // how it runs, not what it writes
        if (!before.contains(key) || before[key] != value)
            keys += (keys.empty() ? "" : ", ") + key;
    }
    if (keys.empty())
        return {};
    return "options changed since run " + std::to_string(last->id) + " (" + keys +
           "): every image is computed again";
}

std::string upstream_changed_since_last_run(const std::vector<project::RunRecord>& runs,
                                            const StageInfo& s) {
    if (s.name == "export")
        return {};
    const std::size_t index = stage_index(s.name);
    const project::RunRecord* own = nullptr;       // this stage's last run that wrote output
    const project::RunRecord* upstream = nullptr;  // the last such run of a stage before it
    for (const auto& r : runs) {
        if (!known_stage(r.stage) || !wrote_output(r))
            continue;
        if (r.stage == s.name)
            own = &r;
        else if (stage_index(r.stage) < index)
            upstream = &r;
    }
    if (!own || !upstream || upstream->id < own->id)
        return {};
    return upstream->stage + " wrote new output in run " + std::to_string(upstream->id) +
           ", after this stage's run " + std::to_string(own->id) + ": it runs again on it";
}

}  // namespace amr::pipeline
