// amr validate-voc: checks a VOC segmentation folder the way torchvision and mmseg will read it.
// Exit status 0 when no errors were found (warnings allowed unless --strict), 1 otherwise.

#include <cstdio>
#include <memory>
#include <string>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/export/voc_validate.h"

namespace amr::cli {
namespace {

struct ValidateArgs {
    std::string dir;
    std::string classes;
    bool json = false;
    bool strict = false;
};

void run_validate(const ValidateArgs& args) {
    voc::VocValidateOptions options;
    options.dir = args.dir;
    if (!args.classes.empty())
        options.classes = data::ClassList::load(args.classes);
    options.check();
    const voc::VocValidateReport report = voc::validate_voc(options, terminal_job("validate-voc"));
    finish_progress();
    const std::string text =
        args.json ? voc::validation_to_json(report) + "\n" : voc::format_validation_text(report);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    const std::size_t counted = report.errors() + (args.strict ? report.warnings() : 0);
    if (counted > 0)
        throw Error(report.voc_root, std::to_string(counted) +
                                         (args.strict ? " problems" : " errors") +
                                         " found (listed above)");
}

}  // namespace

void add_validate_voc_command(CLI::App& app) {
    auto args = std::make_shared<ValidateArgs>();
    auto* cmd = app.add_subcommand(
        "validate-voc",
        "Check a PASCAL VOC segmentation folder: palette masks with valid values and the image's "
        "size, list files against the files present, annotation XML; every problem is listed "
        "with its file");
    cmd->add_option("DIR", args->dir,
                    "The folder holding VOCdevkit/, or VOCdevkit/VOC2012, or a folder holding "
                    "JPEGImages/")
        ->required();
    cmd->add_option("--classes", args->classes,
                    "classes.txt with the foreground classes (default: the folder's classes.txt, "
                    "else the 20 VOC classes)");
    cmd->add_flag("--json", args->json, "Print the report as JSON");
    cmd->add_flag("--strict", args->strict, "Count warnings as problems for the exit status");
    cmd->callback([args] { run_validate(*args); });
}

}  // namespace amr::cli
