// amr pipeline: train → CAMs → seeds → IRNet → random walk → DeepLab → predict on a project,
// resuming where an earlier run stopped (engine/pipeline/pipeline.h).

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_common.h"
#include "dist_launch.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/dist/local_launcher.h"
#include "engine/pipeline/pipeline.h"
#include "progress_out.h"

namespace amr::cli {
namespace {

struct PipelineArgs {
    pipeline::PipelineOptions options;
    std::filesystem::path dataset;
    std::filesystem::path config;
    bool list = false;
    int nproc = 1;
    bool progress_json = false;
};

// With --nproc N: a distributed stage runs as N local ranks of `amr stage-rank`; this process
// stays the one that records the runs in the project (run_pipeline).
pipeline::StageResult run_stage_ranks(const PipelineArgs& a, const pipeline::StageEvent& started,
                                      const pipeline::StageInfo& s, const std::string& preset,
                                      const std::string& options,
                                      const pipeline::StageContext& sc) {
    namespace fs = std::filesystem;
    const auto env = dist::context_from_env();
    const fs::path result = fs::temp_directory_path() /
                            ("amr-stage-" + std::to_string(::getpid()) + "-" + s.name + ".json");
    auto cleanup = [&] {
        std::error_code ec;
        fs::remove(result, ec);
        for (int r = 0; r < a.nproc; ++r)
            fs::remove(result.string() + ".rank" + std::to_string(r) + ".error", ec);
    };
    cleanup();
    dist::LocalLaunchOptions o;
    o.nproc = a.nproc;
    o.timeout = env.timeout;
    o.argv = argv_without_nproc();
    o.argv.resize(1);  // the program
    o.argv.insert(o.argv.end(),
                  {"stage-rank", sc.paths.dir.string(), s.name, "--preset", preset, "--options",
                   options, "--result", result.string(), "--stage-index",
                   std::to_string(started.index), "--stage-count", std::to_string(started.count)});
    if (!sc.metrics_file.empty())
        o.argv.insert(o.argv.end(), {"--metrics-file", sc.metrics_file.string()});
    if (sc.overwrite)
        o.argv.push_back("--overwrite");
    if (a.progress_json)
        o.argv.push_back("--progress-json");
    try {
        dist::launch_local(o, &interrupt_token());
    } catch (const Cancelled&) {
        cleanup();
        throw;
    } catch (const Error&) {
        // The ranks' own error (rank 0's names the rank at fault) says more than the launcher's.
        for (int r = 0; r < a.nproc; ++r) {
            const fs::path file = result.string() + ".rank" + std::to_string(r) + ".error";
            std::error_code ec;
            if (!fs::exists(file, ec))
                continue;
            const auto m = pipeline::parse_progress_line(read_file(file));
            cleanup();
            if (m.type == pipeline::ProgressMessage::Type::Error)
                m.rethrow();
        }
        cleanup();
        throw;
    }
    const auto j = nlohmann::json::parse(read_file(result), nullptr, false);
    cleanup();
    if (j.is_discarded() || !j.is_object())
        throw Error(result, "rank 0 of " + s.name + " left no result");
    return pipeline::StageResult{j.value("summary", ""), j.value("changed", true),
                                 j.value("finished", true)};
}

void print_stages(const std::string& preset) {
    for (const auto& s : pipeline::stages())
        std::printf("%-14s %s\n  %s\n", s.name.c_str(), s.title.c_str(),
                    s.defaults(preset).c_str());
}

void run_pipeline_command(PipelineArgs& a) {
    if (a.list) {
        print_stages(a.options.preset);
        return;
    }
    if (!a.dataset.empty() && pipeline::ensure_project(a.options.project, a.dataset))
        std::printf("created project %s for %s\n", a.options.project.string().c_str(),
                    a.dataset.string().c_str());
    if (!a.config.empty()) {
        // {"train-cam": {"epochs": 2}, "make-cam": {"scales": [1.0]}}
        const auto j = nlohmann::json::parse(read_file(a.config), nullptr, false);
        if (j.is_discarded() || !j.is_object())
            throw Error(a.config, "not a JSON object of stage name -> options object");
        for (const auto& [stage, value] : j.items())
            a.options.options[stage] = value.dump();
    }
    a.options.check();
    if (a.nproc > 1 && dist::context_from_env().distributed())
        throw Error(
            "amr pipeline --nproc starts the ranks of each stage itself: run it as one "
            "process, not under torchrun or srun");

    pipeline::PipelineCallbacks callbacks;
    auto started = std::make_shared<pipeline::StageEvent>();
    if (a.nproc > 1)
        callbacks.run_stage = [&a, started](const pipeline::StageInfo& s, const std::string& preset,
                                            const std::string& options,
                                            const pipeline::StageContext& sc) {
            if (!s.distributed)
                return s.run(preset, options, sc);
            return run_stage_ranks(a, *started, s, preset, options, sc);
        };
    if (a.progress_json) {
        callbacks.stage = [started](const pipeline::StageEvent& e) {
            if (e.kind == pipeline::StageEvent::Kind::Started)
                *started = e;
            print_json_line(pipeline::stage_line(e));
        };
        callbacks.metrics = json_metrics();
        try {
            const auto r = pipeline::run_pipeline(a.options, json_job(), callbacks);
            if (!r.finished)
                std::printf("stopped early; run the same command again to continue\n");
        } catch (const Cancelled&) {
            throw;
        } catch (const std::exception& e) {
            print_json_line(pipeline::error_line(e));
            throw;
        }
        return;
    }
    callbacks.stage = [started](const pipeline::StageEvent& e) {
        if (e.kind == pipeline::StageEvent::Kind::Started)
            *started = e;
        using Kind = pipeline::StageEvent::Kind;
        if (e.kind == Kind::Started && e.message.empty())
            return;
        finish_progress();
        std::string detail =
            e.kind == Kind::Finished || e.kind == Kind::Cancelled ? e.summary_json : e.message;
        std::printf("[%zu/%zu] %-13s %-9s", e.index + 1, e.count, e.stage.c_str(),
                    pipeline::to_string(e.kind));
        if (e.run_id > 0)
            std::printf(" run %lld", static_cast<long long>(e.run_id));
        std::printf("  %s\n", detail.c_str());
        std::fflush(stdout);
    };
    const auto r = pipeline::run_pipeline(a.options, terminal_job("pipeline"), callbacks);
    finish_progress();
    if (!r.finished)
        std::printf("stopped early; run the same command again to continue\n");
}

}  // namespace

void add_pipeline_command(CLI::App& app) {
    auto a = std::make_shared<PipelineArgs>();
    auto* cmd = app.add_subcommand(
        "pipeline",
        "Run train-cam, train-amr, make-cam, make-seeds, train-irn, refine (random walk), "
        "train-deeplab and predict on a project, skipping finished stages and resuming "
        "interrupted ones; every stage is recorded as a run in the project");
    cmd->add_option("project", a->options.project, "Project folder (amr project create)")
        ->required();
    cmd->add_option("--preset", a->options.preset, "paper, official, quick or demo")
        ->check(CLI::IsMember({"paper", "official", "quick", "demo"}))
        ->capture_default_str();
    cmd->add_option("--from", a->options.from, "First stage")->capture_default_str();
    cmd->add_option("--to", a->options.to, "Last stage (export writes project/export/)")
        ->capture_default_str();
    cmd->add_option("--device", a->options.device, "auto, cpu or cuda for every stage")
        ->check(CLI::IsMember({"auto", "cpu", "cuda"}));
    cmd->add_option("--dataset", a->dataset, "Create the project for this dataset if missing");
    cmd->add_option("--config", a->config,
                    "JSON file: {\"stage\": {options}} applied over the preset")
        ->check(CLI::ExistingFile);
    cmd->add_flag("--force", a->options.force, "Train complete training stages again");
    cmd->add_flag("--list", a->list, "List the stages and their options for --preset, and exit");
    add_nproc_option(cmd, a->nproc,
                     "for each stage that runs distributed (training data parallel; make-cam, "
                     "refine and predict sharded)");
    cmd->add_flag("--progress-json", a->progress_json,
                  "Print progress, stage events, training metrics and the error as JSON lines on "
                  "stdout (for a program that runs amr)");
    cmd->callback([a] { run_pipeline_command(*a); });
}

}  // namespace amr::cli
