// amr: the headless command-line front end of AMR Studio. Every subcommand fills an engine
// options struct and runs the same job the GUI runs.

#include <CLI/CLI.hpp>
#include <cstdio>
#include <exception>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/core/runtime.h"

namespace amr::cli {
void add_eval_clicks_command(CLI::App& app);  // commands/eval_clicks.cpp
}

int main(int argc, char** argv) {
    using namespace amr::cli;
    CLI::App app{
        "amr: weakly supervised semantic segmentation with AMR, from image-level tags\n"
        "to pixel masks. Run 'amr <command> --help' for a command's options.",
        "amr"};
    app.require_subcommand(1);
    app.set_version_flag("--version", amr::version());
    int threads = 0;
    app.add_option("--threads", threads, "CPU threads for LibTorch and OpenCV (default: all cores)")
        ->check(CLI::NonNegativeNumber);
    app.parse_complete_callback([&threads] { amr::init_runtime(threads); });

    add_version_command(app);
    add_info_command(app);
    add_check_data_command(app);
    add_demo_data_command(app);
    add_eval_command(app);
    add_import_weights_command(app);
    add_classify_command(app);
    add_export_voc_command(app);
    add_validate_voc_command(app);
    add_import_masks_command(app);
    add_train_cam_command(app);
    add_train_amr_command(app);
    add_make_cam_command(app);
    add_eval_cam_command(app);
    add_eval_classifier_command(app);
    add_train_deeplab_command(app);
    add_predict_command(app);
    add_make_seeds_command(app);
    add_project_command(app);
    add_train_irn_command(app);
    add_refine_command(app);
    add_export_cam_command(app);
    add_pipeline_command(app);
    add_stage_rank_command(app);
    add_eval_clicks_command(app);

    install_interrupt_handler();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    } catch (const amr::Cancelled&) {
        finish_progress();
        std::fprintf(stderr, "amr: cancelled; finished outputs are kept and a rerun resumes\n");
        return kExitFailure;
    } catch (const amr::Error& e) {
        finish_progress();
        std::fprintf(stderr, "amr: error: %s\n", e.what());
        return kExitFailure;
    } catch (const std::exception& e) {
        finish_progress();
        std::fprintf(stderr, "amr: internal error: %s\n", e.what());
        return kExitFailure;
    }
    finish_progress();
    return kExitOk;
}
