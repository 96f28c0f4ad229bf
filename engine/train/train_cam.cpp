#include "engine/core/error.h"
#include "engine/nn/cam_nets.h"
#include "engine/train/network_init.h"
#include "engine/train/stages.h"
#include "engine/train/train.h"
#include "engine/train/train_loop.h"

namespace amr::train {

TrainResult train_cam(const TrainCamOptions& requested, const JobContext& ctx,
                      const MetricsSink& metrics) {
    requested.check();
    data::Dataset dataset = data::open_dataset(requested.dataset);
    TrainCamOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    auto indices = training_indices(dataset, options);
    auto device = resolve_device(options.device);
    torch::manual_seed(options.seed);  // random parts of the init (heads, AMMs, --init none)

    nn::Checkpoint imagenet;
    std::filesystem::path imagenet_file;
    nn::SpotlightOptions so;
    so.backbone = cam_backbone(options, &imagenet, &imagenet_file);
    so.num_classes = dataset.classes().size();
    auto net = nn::SpotlightNet(so);
    if (!imagenet_file.empty() && !will_resume(options))
        load_imagenet(*net, imagenet, imagenet_file, "", false);
    imagenet = {};
    net->to(device);

    Sgd sgd(options.momentum, options.weight_decay);
    add_cam_groups(sgd, net, options);

    Stage stage;
    stage.name = "cam";
    stage.model = net.ptr();
    stage.sgd = &sgd;
    stage.loss = [&net](const Batch& b, LossTerms& terms) { return cam_loss(net, b, terms); };
    stage.meta = nn::spotlight_meta(so);
    stage.meta.labels = dataset.classes().names();
    stage.meta.provenance = "amr train-cam on " + options.dataset.string() + " (" + options.split +
                            "), " + std::to_string(options.epochs) + " epochs";
    stage.options_json = to_json(options);
    return run_training(options, dataset, indices, so.backbone.layout, stage, device, ctx, metrics);
}

}  // namespace amr::train
