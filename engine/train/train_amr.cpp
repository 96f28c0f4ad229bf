#include <optional>

#include "engine/core/error.h"
#include "engine/dist/communicator.h"
#include "engine/nn/amm_stats.h"
#include "engine/nn/cam_nets.h"
#include "engine/train/network_init.h"
#include "engine/train/stages.h"
#include "engine/train/train.h"
#include "engine/train/train_loop.h"

namespace amr::train {

TrainResult train_amr(const TrainAmrOptions& requested, const JobContext& ctx,
                      const MetricsSink& metrics) {
    requested.check();
    data::Dataset dataset = data::open_dataset(requested.dataset);
    TrainAmrOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    auto indices = training_indices(dataset, options);
    auto device = resolve_device(options.device);
    torch::manual_seed(options.seed);  // random parts of the init (heads, AMMs, --init none)

    // The network's shape comes from the train_cam checkpoint.
    auto cam = nn::read_checkpoint(options.cam);
    auto cam_options =
        nn::spotlight_options(nn::parse_model_meta(cam.metadata, options.cam), options.cam);
    if (cam_options.num_classes != dataset.classes().size())
        throw Error(options.cam, "was trained for " + std::to_string(cam_options.num_classes) +
                                     " classes, the dataset has " +
                                     std::to_string(dataset.classes().size()));
    nn::AmrNetOptions ao;
    ao.backbone = cam_options.backbone;
    ao.num_classes = cam_options.num_classes;
    ao.compensation_amm = options.amm;
    ao.amm.unit_peak = options.amm_gate == "unit";
    ao.amm.identity_start = options.amm_start == "identity";
    ao.amm.per_sample_stats = options.amm_stats == "sample";

    nn::Checkpoint imagenet;
    std::filesystem::path imagenet_file;
    if (!will_resume(options)) {
        TrainCommonOptions shape = options;
        shape.layout = nn::to_string(ao.backbone.layout);
        shape.base_width = static_cast<int>(ao.backbone.base_width);
        shape.blocks = ao.backbone.stage_blocks();
        auto b = cam_backbone(shape, &imagenet, &imagenet_file);
        if (!imagenet_file.empty() && b.layout != ao.backbone.layout)
            throw Error(imagenet_file, "has the " + nn::to_string(b.layout) +
                                           " layout but the train-cam checkpoint the " +
                                           nn::to_string(ao.backbone.layout) + " layout");
    }
    auto net = nn::AmrNet(ao);
    if (!will_resume(options)) {
        if (!imagenet_file.empty())
            load_imagenet(*net, imagenet, imagenet_file, "compensation.", true);
        nn::StateLoadOptions lo;
        lo.key_map = [](const std::string& k) -> std::optional<std::string> {
            return "spotlight." + k;
        };
        lo.allow_missing = true;  // the compensation branch
        nn::load_state(*net, cam.tensors, options.cam, lo);
    }
    imagenet = {};
    cam = {};
    net->to(device);

    // Spec §3.4 groups. The spotlight backbone gets no gradient (never changes); W_s moves only
    // through the CPS term. The compensation stem is frozen; its layer1 gets no gradient.
    Sgd sgd(options.momentum, options.weight_decay);
    add_amr_groups(sgd, net, options);

    Stage stage;
    stage.name = "amr";
    stage.model = net.ptr();
    stage.sgd = &sgd;
    stage.loss = [&net, &options](const Batch& b, LossTerms& terms) {
        return amr_loss(net, b, options, terms);
    };
    stage.meta = nn::amr_meta(ao);
    stage.meta.labels = dataset.classes().names();
    stage.meta.provenance = "amr train-amr on " + options.dataset.string() + " (" + options.split +
                            ") from " + options.cam.string() + ", " +
                            std::to_string(options.epochs) + " epochs";
    stage.options_json = to_json(options);
    // Global-batch AMM statistics: every AMM's sums go through one small all-reduce.
    std::optional<nn::AmmStatsScope> stats;
    if (auto comm = dist::world(); comm && options.amm_stats == "sync")
        stats.emplace([comm](torch::Tensor& t) { comm->all_reduce_sum(t, "the AMM statistics"); });
    return run_training(options, dataset, indices, ao.backbone.layout, stage, device, ctx, metrics);
}

}  // namespace amr::train
