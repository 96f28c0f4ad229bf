#pragma once
// Helpers shared by the `amr` subcommands: progress display, Ctrl-C, output.

#include <CLI/CLI.hpp>
#include <string>

#include "engine/core/job.h"

namespace amr::cli {

// Exit codes of `amr`.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// A JobContext whose progress draws a bar on stderr when stdout is a terminal (and stays quiet
// otherwise, so scripts get clean output), and whose cancel token is set by Ctrl-C.
JobContext terminal_job(const std::string& label);

// The token that SIGINT/SIGTERM set; installed by main().
CancelToken& interrupt_token();
void install_interrupt_handler();

// Ends a progress bar line, if one was drawn.
void finish_progress();

// Each subcommand lives in its own file and registers itself here.
void add_version_command(CLI::App& app);
void add_info_command(CLI::App& app);
void add_check_data_command(CLI::App& app);
void add_eval_command(CLI::App& app);
void add_demo_data_command(CLI::App& app);
void add_import_weights_command(CLI::App& app);
void add_classify_command(CLI::App& app);
void add_export_voc_command(CLI::App& app);
void add_validate_voc_command(CLI::App& app);
void add_import_masks_command(CLI::App& app);
void add_train_cam_command(CLI::App& app);
void add_train_amr_command(CLI::App& app);
void add_make_cam_command(CLI::App& app);
void add_eval_cam_command(CLI::App& app);
void add_eval_classifier_command(CLI::App& app);
void add_train_deeplab_command(CLI::App& app);
void add_predict_command(CLI::App& app);
void add_make_seeds_command(CLI::App& app);
void add_project_command(CLI::App& app);
void add_train_irn_command(CLI::App& app);
void add_refine_command(CLI::App& app);
void add_export_cam_command(CLI::App& app);
void add_pipeline_command(CLI::App& app);
void add_stage_rank_command(CLI::App& app);

}  // namespace amr::cli
