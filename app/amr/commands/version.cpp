#include <cstdio>

#include "cli_common.h"
#include "engine/core/runtime.h"

namespace amr::cli {

void add_version_command(CLI::App& app) {
    auto* cmd =
        app.add_subcommand("version", "Print the version, LibTorch/OpenCV versions and the device");
    cmd->callback([] { std::printf("%s\n", amr::build_info().c_str()); });
}

}  // namespace amr::cli
