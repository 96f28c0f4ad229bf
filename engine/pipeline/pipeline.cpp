#include "engine/pipeline/pipeline.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/pipeline/output_check.h"
#include "engine/pipeline/run_history.h"
#include "engine/project/project.h"

namespace amr::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

const char* to_string(StageEvent::Kind kind) {
    switch (kind) {
        case StageEvent::Kind::Started:
            return "started";
        case StageEvent::Kind::Skipped:
            return "skipped";
        case StageEvent::Kind::Finished:
            return "finished";
        case StageEvent::Kind::Failed:
            return "failed";
        case StageEvent::Kind::Cancelled:
            return "cancelled";
    }
    return "?";
}

void PipelineOptions::check() const {
    if (project.empty())
        throw Error("pipeline options: project: no project folder given");
    const auto& names = preset_names();
    if (std::find(names.begin(), names.end(), preset) == names.end())
        throw Error("pipeline options: preset: unknown preset '" + preset +
                    "' (use one of: paper, official, quick, demo)");
    if (stage_index(from) > stage_index(to))
        throw Error("pipeline options: --from " + from + " comes after --to " + to);
    for (const auto& [name, text] : options) {
        stage_index(name);
        json j = json::parse(text, nullptr, false);
        if (j.is_discarded() || !j.is_object())
            throw Error("pipeline options: the options of " + name + " are not a JSON object");
    }
    if (!device.empty() && device != "auto" && device != "cpu" && device != "cuda")
        throw Error("pipeline options: device must be 'auto', 'cpu' or 'cuda' (got '" + device +
                    "')");
}

bool ensure_project(const fs::path& project, const fs::path& dataset) {
    if (project::Project::exists(project))
        return false;
    project::Project::create(project, dataset);
    return true;
}

namespace {

// The stage's options: the user's JSON, plus the pipeline-wide device where the stage has one.
std::string stage_json(const PipelineOptions& o, const StageInfo& s) {
    json j = json::object();
    auto it = o.options.find(s.name);
    if (it != o.options.end())
        j = json::parse(it->second);
    if (!o.device.empty() && json::parse(s.defaults(o.preset)).contains("device"))
        j["device"] = o.device;
    return j.dump();
}

// "[2/7] train-amr" (built by appending: GCC 12 warns falsely on "[" + std::string).
std::string step_label(std::size_t index, std::size_t count, const std::string& name) {
    std::string s(1, '[');
    s += std::to_string(index + 1);
    s += '/';
    s += std::to_string(count);
    s += "] ";
    s += name;
    return s;
}

// Maps a stage's own progress into the pipeline's: stage i of n, 1000 units each.
JobContext stage_job(const JobContext& outer, std::size_t index, std::size_t count,
                     const std::string& name) {
    JobContext inner;
    inner.cancel = outer.cancel;
    if (!outer.progress)
        return inner;
    const std::string prefix = step_label(index, count, name);
    inner.progress = [outer, index, count, prefix](const ProgressEvent& e) {
        std::size_t part = e.total > 0 ? std::min<std::size_t>(1000, 1000 * e.done / e.total) : 0;
        outer.report(index * 1000 + part, count * 1000,
                     e.message.empty() ? prefix : prefix + ": " + e.message);
    };
    return inner;
}

}  // namespace

PipelineResult run_pipeline(const PipelineOptions& options, const JobContext& ctx,
                            const PipelineCallbacks& callbacks) {
    options.check();
    project::Project project = project::Project::open(options.project);
    const ProjectPaths paths = ProjectPaths::of(project);
    const std::size_t first = stage_index(options.from), last = stage_index(options.to);
    const std::size_t count = last - first + 1;

    auto emit = [&](const StageEvent& e) {
        if (callbacks.stage)
            callbacks.stage(e);
    };

    PipelineResult result;
    bool upstream_changed = false;
    const std::vector<project::RunRecord> history = project.runs();
    for (std::size_t i = first; i <= last; ++i) {
        const StageInfo& s = stages()[i];
        StageEvent event;
        event.stage = s.name;
        event.index = i - first;
        event.count = count;
        ctx.check_cancel();
        ctx.report(event.index * 1000, count * 1000, step_label(event.index, count, s.name));

        // Output older than what an earlier run of a stage before it wrote is stale: this
        // stage and every later one run again (recompute, train again).
        std::string stale;
        if (!upstream_changed) {
            stale = upstream_changed_since_last_run(history, s);
            upstream_changed = !stale.empty();
        }
        if (s.training && !options.force && !upstream_changed && s.complete(paths)) {
            event.kind = StageEvent::Kind::Skipped;
            event.message = "its checkpoint is complete";
            emit(event);
            result.stages.push_back(event);
            continue;
        }

        const std::string text = stage_json(options, s);
        // Validate before recording: a bad option is not a run.
        const std::string full = s.validate(options.preset, text, paths);
        if (s.training && upstream_changed) {
            // Its inputs changed: start over instead of resuming or keeping a stale checkpoint.
            const fs::path ck = s.checkpoint(paths);
            std::error_code ec;
            fs::remove(ck.parent_path() / (ck.filename().string() + ".resume.pt"), ec);
        }

        event.message = upstream_changed ? stale : options_changed_since_last_run(history, s, full);
        event.run_id = project.begin_run(s.name, full);
        StageContext sc;
        sc.paths = paths;
        sc.metrics_file = paths.runs / (std::to_string(event.run_id) + ".metrics.jsonl");
        sc.overwrite = upstream_changed || !event.message.empty();
        sc.job = stage_job(ctx, event.index, count, s.name);
        sc.metrics = callbacks.metrics;
        event.kind = StageEvent::Kind::Started;
        emit(event);
        event.message.clear();

        auto sync_masks = [&] {
            if (s.mask_version.empty())
                return;
            json provenance{{"stage", s.name}, {"run", event.run_id}, {"preset", options.preset}};
            project.sync_mask_version(s.mask_version, provenance.dump());
        };
        try {
            StageResult r = callbacks.run_stage ? callbacks.run_stage(s, options.preset, text, sc)
                                                : s.run(options.preset, text, sc);
            // Degenerate output (all-zero CAMs, one-class labels) is said in the summary, so
            // the console and `amr pipeline` can warn.
            const OutputCheck check = check_stage_output(s.name, paths);
            if (check.sampled > 0) {
                json summary = json::parse(r.summary_json.empty() ? "{}" : r.summary_json);
                summary["output_check"] = json::parse(check.to_json());
                r.summary_json = summary.dump();
            }
            sync_masks();
            project.finish_run(
                event.run_id,
                r.finished ? project::RunStatus::Finished : project::RunStatus::Cancelled,
                r.summary_json, r.finished ? "" : "stopped early (max_steps)");
            event.kind = StageEvent::Kind::Finished;
            event.summary_json = r.summary_json;
            upstream_changed = upstream_changed || r.changed;
            emit(event);
            result.stages.push_back(event);
            if (!r.finished)
                return result;  // later stages need this stage's final output
        } catch (const Cancelled&) {
            sync_masks();
            project.finish_run(event.run_id, project::RunStatus::Cancelled, {}, "cancelled");
            event.kind = StageEvent::Kind::Cancelled;
            emit(event);
            throw;
        } catch (const std::exception& e) {
            project.finish_run(event.run_id, project::RunStatus::Failed, {}, e.what());
            event.kind = StageEvent::Kind::Failed;
            event.message = e.what();
            emit(event);
            throw;
        }
    }
    ctx.report(count * 1000, count * 1000, "done");
    result.finished = true;
    return result;
}

}  // namespace amr::pipeline
