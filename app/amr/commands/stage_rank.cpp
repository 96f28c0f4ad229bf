// amr stage-rank (hidden): one rank of one pipeline stage, started by `amr pipeline --nproc N`
// (docs/distributed.md). It joins the job the launcher's environment describes, runs the stage
// on the project's files as the in-process pipeline would, and leaves the outcome for the
// pipeline process, which records the run: rank 0 writes the StageResult to --result, a rank
// that fails writes its error to <result>.rank<k>.error.

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_common.h"
#include "engine/core/atomic_file.h"
#include "engine/dist/communicator.h"
#include "engine/dist/dist_context.h"
#include "engine/pipeline/stages.h"
#include "engine/project/project.h"
#include "progress_out.h"

namespace amr::cli {
namespace {

struct StageRankArgs {
    std::filesystem::path project;
    std::string stage;
    std::string preset = "quick";
    std::string options;
    std::filesystem::path metrics_file;
    std::filesystem::path result;
    bool overwrite = false;
    bool progress_json = false;
    std::size_t index = 0, count = 1;  // the stage's place in the pipeline run (progress)
};

// "[2/3] make-cam" as run_pipeline labels a stage's progress.
std::string label(const StageRankArgs& a) {
    return "[" + std::to_string(a.index + 1) + "/" + std::to_string(a.count) + "] " + a.stage;
}

void run_stage_rank(const StageRankArgs& a) {
    const auto env = dist::context_from_env();
    if (env.distributed())
        dist::init_world(env);
    const pipeline::StageInfo& s = pipeline::stage(a.stage);
    pipeline::StageContext sc;
    sc.paths = pipeline::ProjectPaths::of(project::Project::open(a.project));
    sc.metrics_file = a.metrics_file;
    sc.overwrite = a.overwrite;
    sc.job = JobContext{{}, &interrupt_token()};
    if (env.rank == 0) {
        if (a.progress_json) {
            // The pipeline's overall progress: stage `index` of `count`, 1000 units each.
            sc.job = json_job([a, prefix = label(a)](const ProgressEvent& e) {
                const std::size_t part =
                    e.total > 0 ? std::min<std::size_t>(1000, 1000 * e.done / e.total) : 0;
                return ProgressEvent{a.index * 1000 + part, a.count * 1000,
                                     e.message.empty() ? prefix : prefix + ": " + e.message};
            });
            sc.metrics = json_metrics();
        } else {
            sc.job = terminal_job(a.stage);
        }
    }
    try {
        const pipeline::StageResult r = s.run(a.preset, a.options, sc);
        finish_progress();
        if (env.rank == 0)
            write_file_atomically(a.result, nlohmann::json{{"summary", r.summary_json},
                                                           {"changed", r.changed},
                                                           {"finished", r.finished}}
                                                .dump());
    } catch (const Cancelled&) {
        throw;
    } catch (const std::exception& e) {
        auto file = a.result;
        file += ".rank" + std::to_string(env.rank) + ".error";
        write_file_atomically(file, pipeline::error_line(e));
        throw;
    }
}

}  // namespace

void add_stage_rank_command(CLI::App& app) {
    auto a = std::make_shared<StageRankArgs>();
    auto* cmd = app.add_subcommand(
        "stage-rank", "One rank of a pipeline stage (started by amr pipeline --nproc)");
    cmd->group("");  // internal: not listed in --help
    cmd->add_option("project", a->project, "Project folder")->required();
    cmd->add_option("stage", a->stage, "Stage name")->required();
    cmd->add_option("--preset", a->preset, "Preset");
    cmd->add_option("--options", a->options, "The stage's options (JSON object)");
    cmd->add_option("--metrics-file", a->metrics_file, "Training metrics (JSON lines)");
    cmd->add_option("--result", a->result, "Where rank 0 writes the stage's result")->required();
    cmd->add_flag("--overwrite", a->overwrite, "Recompute images whose output exists");
    cmd->add_flag("--progress-json", a->progress_json, "Progress as JSON lines on stdout");
    cmd->add_option("--stage-index", a->index, "0-based index of the stage in the pipeline run");
    cmd->add_option("--stage-count", a->count, "Stages in the pipeline run");
    cmd->callback([a] { run_stage_rank(*a); });
}

}  // namespace amr::cli
