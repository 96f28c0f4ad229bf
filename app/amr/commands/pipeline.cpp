// amr pipeline: train → CAMs → seeds → IRNet → random walk → DeepLab → predict on a project,
// resuming where an earlier run stopped (engine/pipeline/pipeline.h).

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "cli_common.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/pipeline/pipeline.h"

namespace amr::cli {
namespace {

struct PipelineArgs {
    pipeline::PipelineOptions options;
    std::filesystem::path dataset;
    std::filesystem::path config;
    bool list = false;
};

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

    pipeline::PipelineCallbacks callbacks;
    callbacks.stage = [](const pipeline::StageEvent& e) {
        if (e.kind == pipeline::StageEvent::Kind::Started)
            return;
        finish_progress();
        std::string detail = e.kind == pipeline::StageEvent::Kind::Skipped  ? e.message
                             : e.kind == pipeline::StageEvent::Kind::Failed ? e.message
                                                                            : e.summary_json;
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
    cmd->callback([a] { run_pipeline_command(*a); });
}

}  // namespace amr::cli
