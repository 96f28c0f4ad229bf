#pragma once
// Options of the two classification training stages (docs/method.md §3): train_cam (spotlight
// branch) and train_amr (compensation branch + cross pseudo supervision), with named presets:
//   paper    the paper's recipe (default): SGD momentum 0.9, no cutout, CPS between each image's
//            own spotlight and compensation CAMs;
//   official what the official code runs (docs/method.md §3.1, §3.3, §3.4, §8): momentum 1e-4
//            (PolyOptimizer bug), cutout in train_cam, loss weights 0.5/0.5/0.05 and the
//            two-image flip-merge CPS of images 0 and 1 of each batch;
//   quick    a tiny smoke run (small net, crop 128, few epochs, random init): seconds, but the
//            net barely learns (CAMs near zero);
//   demo     real CAMs on the demo dataset in a few CPU minutes: the paper recipe on the ImageNet
//            ResNet-50 at crop 128, batch 8, 8 epochs (needs `amr import-weights`).
// Fields can also be read from JSON (keys = field names, see docs/training.md).

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

namespace amr::train {

// What both stages share.
struct TrainCommonOptions {
    std::filesystem::path dataset;  // dataset folder (open_dataset)
    std::string split = "auto";     // "auto": train_aug when the dataset has it, else train
    std::filesystem::path output;   // final checkpoint (our format)
    // ImageNet initialisation: empty = nn::default_imagenet_checkpoint(); "none" = random init.
    std::string init;
    std::filesystem::path metrics;  // JSON lines, one per step; empty = <output>.metrics.jsonl

    // Network. With an ImageNet init the layout comes from that checkpoint.
    int depth = 50;                // 50 or 101
    std::string layout = "caffe";  // "caffe" or "torchvision" (random init only)
    int base_width = 64;           // 64 = standard ResNet; 8 = tiny (tests)
    std::array<int, 4> blocks{};   // all zero = from depth

    int batch = 16;
    int crop = 512;
    int epochs = 8;
    double weight_decay = 1e-4;
    double momentum = 0.9;  // paper; the official code runs 1e-4 (docs/method.md §3.1)
    double poly_power = 0.9;
    // Random long-side rescale range (docs/method.md §3.2), in pixels for VOC's setting (a 512
    // crop of images whose long side is 500). scale_reference says what it follows elsewhere:
    // "crop": [scale_min, scale_max] · crop/512; "image": the same share of each image's own
    // long side as on VOC, [scale_min, scale_max] · long side/500, so that a smaller crop shows
    // the objects at the scale make-cam sees them (docs/method.md §10.7).
    int scale_min = 320;
    int scale_max = 640;
    std::string scale_reference = "crop";
    bool flip = true;
    double color_jitter = 0;  // brightness/contrast/saturation factor range ±x; 0 = off
    bool cutout = false;      // 3 zero squares of side crop/4 (official train_cam)
    // [ours] CutMix within each batch: the probability that an image gets a box of the next
    // image pasted in, its tags mixed by area (docs/method.md §10.6). 0 = off.
    double cutmix = 0;
    std::uint64_t seed = 1;
    int loader_threads = 2;       // data loading threads (>= 1)
    int prefetch = 4;             // batches queued ahead
    std::string device = "auto";  // "auto", "cpu" or "cuda"
    bool resume = false;          // continue from <output>.resume.pt
    int max_steps = 0;  // > 0: stop (as if cancelled) after this many steps in total; tests

    std::filesystem::path resume_path() const;   // <output>.resume.pt
    std::filesystem::path metrics_path() const;  // metrics or <output>.metrics.jsonl
    void check() const;                          // throws amr::Error naming the bad field
};

struct TrainCamOptions : TrainCommonOptions {
    double lr_backbone = 0.01;   // layer1..4 (the stem is frozen)
    double lr_classifier = 0.1;  // W_s

    void check() const;
    static TrainCamOptions preset(const std::string& name);  // throws amr::Error when unknown
};

struct TrainAmrOptions : TrainCommonOptions {
    std::filesystem::path cam;   // the train_cam checkpoint (spotlight initialisation)
    double lr_spotlight = 0.01;  // spotlight backbone group (gets no gradient, docs/method.md §3.4)
    double lr_compensation = 0.1;   // compensation layer2..4 + AMMs
    double lr_classifier = 0.01;    // W_c (and W_s while lr_classifier_s equals it: one group)
    double lr_classifier_s = 0.01;  // W_s, which only the CPS term moves (docs/method.md §3.4)
    double weight_cls_s = 1.0;      // L_cls(s) has no gradient: only shifts the printed loss
    double weight_cls_c = 1.0;
    double weight_cps = 0.05;  // the paper gives no value; the code's 0.05
    // "own": L1 between each image's own spotlight and compensation ReLU-CAMs (docs/method.md §8.3
    // fix); "flip-merge": the official M = CAM[0] + flip(CAM[1]) of images 0 and 1 (batch >= 2).
    std::string cps_mode = "own";
    // The AMM batch statistics in a data-parallel run (docs/distributed.md): "rank" = each
    // process's own batch (what the official code's DataParallel does per GPU), "sync" = the
    // global batch (all-reduced; equals one process with the global batch). One process: no effect.
    // "sample": each image's own statistics, in training and in make-cam alike, so an image's
    // gates never depend on its batch (AmmOptions::per_sample_stats, docs/method.md §10.4).
    std::string amm_stats = "rank";
    // false: no AMMs in the compensation branch (the ablation's "+CPS" row, docs/method.md §10.2).
    bool amm = true;
    // The AMMs' gate: "pdf" (official: the Gaussian pdf) or "unit" (the same bell with peak 1;
    // AmmOptions::unit_peak).
    std::string amm_gate = "pdf";
    // How the AMMs start: "paper" (gating from the first step) or "identity" (each AMM blended in
    // by a learnt scalar that starts at 0; AmmOptions::identity_start, docs/method.md §10.3).
    std::string amm_start = "paper";
    // [ours] > 0: the compensation branch trains with the spotlight's peaks hidden: where the
    // spotlight's CAM of a tagged class reaches this share of its maximum, the compensation's
    // layer1 features are zeroed (adversarial erasing; docs/method.md §10.5). 0: off (AMR).
    double erase_top = 0;

    void check() const;
    static TrainAmrOptions preset(const std::string& name);
};

const char* preset_names();  // "paper, official, quick, demo"

// Applies the keys of a JSON object (text) to the options; unknown keys and wrong types throw
// amr::Error naming `source`.
void apply_json(TrainCamOptions& o, const std::string& json, const std::filesystem::path& source);
void apply_json(TrainAmrOptions& o, const std::string& json, const std::filesystem::path& source);
std::string to_json(const TrainCamOptions& o);
std::string to_json(const TrainAmrOptions& o);

// The JSON fields of TrainCommonOptions that every training stage (train-cam, train-amr,
// train-irn, train-deeplab) accepts, as f(key, member) with key = field name; for use with
// engine/core/options_json.h. The augmentation and loader fields (scale_min, scale_max,
// color_jitter, cutout, loader_threads, prefetch) are each stage's own choice.
template <class F>
void common_fields(TrainCommonOptions& o, F&& f) {
    f("dataset", o.dataset);
    f("split", o.split);
    f("output", o.output);
    f("init", o.init);
    f("metrics", o.metrics);
    f("depth", o.depth);
    f("layout", o.layout);
    f("base_width", o.base_width);
    f("blocks", o.blocks);
    f("batch", o.batch);
    f("crop", o.crop);
    f("epochs", o.epochs);
    f("weight_decay", o.weight_decay);
    f("momentum", o.momentum);
    f("poly_power", o.poly_power);
    f("flip", o.flip);
    f("seed", o.seed);
    f("device", o.device);
    f("resume", o.resume);
    f("max_steps", o.max_steps);
}

}  // namespace amr::train
