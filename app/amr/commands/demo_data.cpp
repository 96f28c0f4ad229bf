#include <cstdio>
#include <memory>

#include "cli_common.h"
#include "engine/data/demo_data.h"

namespace amr::cli {

void add_demo_data_command(CLI::App& app) {
    auto opts = std::make_shared<amr::data::DemoDataOptions>();
    auto* cmd = app.add_subcommand(
        "demo-data",
        "Generate the demo dataset: Fashion-MNIST items on textured canvases, in PASCAL VOC "
        "layout, with exact masks (255 = void band) and image-level tags");
    cmd->add_option("output", opts->output, "Folder to create (must not exist, or be empty)")
        ->required();
    cmd->add_option("--seed", opts->seed, "Random seed; the same seed gives the same files")
        ->capture_default_str();
    cmd->add_option("--train", opts->train_images, "Number of train images")->capture_default_str();
    cmd->add_option("--val", opts->val_images, "Number of val images")->capture_default_str();
    cmd->add_option("--size", opts->canvas_size, "Image width and height in pixels (64..2048)")
        ->capture_default_str();
    cmd->add_option("--min-items", opts->min_items, "Fewest items per image (1..8)")
        ->capture_default_str();
    cmd->add_option("--max-items", opts->max_items, "Most items per image (1..8)")
        ->capture_default_str();
    cmd->add_option("--fashion-mnist", opts->fashion_mnist_dir,
                    "Folder with the Fashion-MNIST .gz files")
        ->capture_default_str();
    cmd->callback([opts] {
        opts->check();
        amr::data::DemoDataResult result;
        try {
            result = amr::data::make_demo_data(*opts, terminal_job("demo-data"));
        } catch (const amr::Cancelled&) {
            // Unlike resumable jobs, nothing is kept: say so instead of main's generic message.
            throw amr::Error(opts->output, "cancelled; nothing was written");
        }
        finish_progress();
        const std::string root = result.root.string();
        std::printf("Wrote %d images (%d train, %d val; 10 classes) to %s\n", result.images,
                    opts->train_images, opts->val_images, root.c_str());
        std::printf(
            "  layout: %s/VOCdevkit/VOC2012/{JPEGImages,SegmentationClass,Annotations,"
            "ImageSets/Segmentation}\n",
            root.c_str());
        std::printf("Next:\n  amr info %s\n  amr check-data %s\n", root.c_str(), root.c_str());
        std::printf(
            "  Python: torchvision.datasets.VOCSegmentation('%s', year='2012', "
            "image_set='train')\n",
            root.c_str());
    });
}

}  // namespace amr::cli
