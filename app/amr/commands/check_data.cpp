// amr check-data DATASET [--decode]: reads every image and mask and lists all problems found.
// Exit status 0 when the dataset is clean, 1 when problems were found.

#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/verify.h"

namespace amr::cli {
namespace {

std::string count(std::size_t n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace

void add_check_data_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "check-data", "Check that every image and mask of a dataset is readable and consistent");
    auto dataset = std::make_shared<std::string>();
    auto options = std::make_shared<data::CheckOptions>();
    cmd->add_option("DATASET", *dataset, "Dataset folder (VOC layout or a folder with tags.csv)")
        ->required();
    cmd->add_flag("--decode", options->decode,
                  "Decode every image fully (slower); by default only image headers are read");
    cmd->callback([dataset, options] {
        options->check();
        data::Dataset ds = data::open_dataset(*dataset);
        for (const auto& w : ds.warnings())
            std::fprintf(stderr, "warning: %s\n", w.c_str());
        data::CheckReport report = data::check_dataset(ds, *options, terminal_job("check-data"));
        finish_progress();
        std::set<std::filesystem::path> files;
        for (const auto& p : report.problems) {
            std::printf("%s: %s\n", p.file.c_str(), p.problem.c_str());
            files.insert(p.file);
        }
        std::printf("checked %s and %s%s: ", count(report.images, "image").c_str(),
                    count(report.masks, "mask").c_str(), options->decode ? " (full decode)" : "");
        if (report.ok()) {
            std::printf("no problems found\n");
            return;
        }
        std::printf("%s in %s\n", count(report.problems.size(), "problem").c_str(),
                    count(files.size(), "file").c_str());
        std::fflush(stdout);
        // main() prints this on stderr and exits with status 1.
        throw Error(ds.root(), "the dataset has problems (listed above)");
    });
}

}  // namespace amr::cli
