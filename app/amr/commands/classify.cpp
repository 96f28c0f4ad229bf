#include <cstdio>
#include <memory>

#include "cli_common.h"
#include "engine/data/image_io.h"
#include "engine/nn/imagenet.h"

namespace amr::cli {

void add_classify_command(CLI::App& app) {
    struct Args {
        std::filesystem::path image;
        std::filesystem::path weights;
        int top = 5;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand(
        "classify",
        "Print the top ImageNet classes of a photo (checks that imported weights are right).\n"
        "Default weights: " +
            amr::nn::default_imagenet_checkpoint().string() + ", written by 'amr import-weights'.");
    cmd->add_option("IMAGE", args->image, "Photo to classify (JPEG, PNG, ...)")->required();
    cmd->add_option("--weights", args->weights, "Checkpoint with an ImageNet head");
    cmd->add_option("--top", args->top, "How many classes to print")->check(CLI::Range(1, 1000));
    cmd->callback([args] {
        auto weights =
            args->weights.empty() ? amr::nn::default_imagenet_checkpoint() : args->weights;
        cv::Mat image = amr::data::read_image(args->image);
        auto classifier = amr::nn::load_imagenet_classifier(weights);
        auto scores = amr::nn::classify_image(classifier, image, args->top);
        for (const auto& s : scores)
            std::printf("%4lld  %-30s %.4f\n", static_cast<long long>(s.index),
                        s.label.empty() ? "?" : s.label.c_str(), s.probability);
    });
}

}  // namespace amr::cli
