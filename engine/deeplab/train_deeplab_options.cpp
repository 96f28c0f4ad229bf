#include <algorithm>

#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/core/options_json.h"
#include "engine/deeplab/train_deeplab.h"

namespace amr::deeplab {

namespace fs = std::filesystem;

namespace {

constexpr OptionCheck require{"DeepLab training options"};

// Every JSON-settable field as (key, reference): the common ones (no classification
// augmentation or loader threads: DeepLab has its own) and DeepLab's.
template <class F>
void fields(TrainDeeplabOptions& o, F&& f) {
    train::common_fields(o, f);
    f("labels", o.labels);
    f("val_split", o.val_split);
    f("lr", o.lr);
    f("scales", o.scales);
    f("iter_size", o.iter_size);
    f("iterations", o.iterations);
    f("val_every", o.val_every);
    f("save_every", o.save_every);
    f("val_scales", o.val_scales);
}

constexpr auto kFields = [](auto& o, auto&& f) { fields(o, f); };

}  // namespace

TrainDeeplabOptions::TrainDeeplabOptions() {
    depth = 101;
    layout = "caffe";
    batch = 5;
    crop = 321;
    epochs = 1;  // iterations rule
    weight_decay = 5e-4;
    momentum = 0.9;
    poly_power = 0.9;
    flip = true;
}

void TrainDeeplabOptions::check() const {
    TrainCommonOptions::check();
    require(!labels.empty(), "labels: no folder of training label PNGs given");
    require(lr > 0, "lr must be positive");
    require(!scales.empty(), "scales: give at least one random scale");
    for (double s : scales)
        require(s > 0 && s <= 4, "scales must be in (0, 4] (got " + std::to_string(s) + ")");
    require(!val_scales.empty(), "val_scales: give at least one scale");
    for (double s : val_scales)
        require(s > 0 && s <= 4, "val_scales must be in (0, 4] (got " + std::to_string(s) + ")");
    require(iter_size >= 1, "iter_size must be at least 1");
    require(iterations >= 0, "iterations must not be negative (0 = use epochs)");
    require(val_every >= 0, "val_every must not be negative");
    require(save_every >= 0, "save_every must not be negative");
}

TrainDeeplabOptions TrainDeeplabOptions::preset(const std::string& name) {
    TrainDeeplabOptions o;
    if (name == "paper")
        return o;
    if (name == "quick") {
        // A tiny random-init net that learns the demo's shapes in a few minutes on a CPU.
        o.init = "none";
        o.layout = "torchvision";
        o.depth = 50;
        o.base_width = 16;
        o.blocks = {1, 1, 1, 1};
        o.batch = 4;
        o.crop = 128;
        o.iter_size = 1;
        o.iterations = 300;
        o.lr = 0.01;
        o.scales = {0.75, 1.0, 1.25};
        o.val_every = 100;
        o.save_every = 100;
        return o;
    }
    throw Error("unknown DeepLab training preset '" + name +
                "' (use one of: " + deeplab_preset_names() + ")");
}

const char* deeplab_preset_names() {
    return "paper, quick";
}

long total_updates(const TrainDeeplabOptions& o, std::size_t images) {
    if (o.iterations > 0)
        return o.iterations;
    const long per_epoch = static_cast<long>(images) / (static_cast<long>(o.batch) * o.iter_size);
    return std::max(1L, per_epoch) * o.epochs;
}

void apply_json(TrainDeeplabOptions& o, const std::string& text, const fs::path& source) {
    options_json::apply(o, text, source, {"training options", "DeepLab training option"}, kFields);
}

std::string to_json(const TrainDeeplabOptions& o) {
    return options_json::dump(o, kFields);
}

}  // namespace amr::deeplab
