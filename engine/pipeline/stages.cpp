#include "engine/pipeline/stages.h"

#include <torch/cuda.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "engine/cam/make_cams.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/deeplab/predict.h"
#include "engine/deeplab/train_deeplab.h"
#include "engine/export/voc_export.h"
#include "engine/pipeline/stage_json.h"
#include "engine/project/project.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/refine.h"
#include "engine/refine/train_irn.h"

namespace amr::pipeline {

namespace fs = std::filesystem;
using nlohmann::json;

ProjectPaths ProjectPaths::of(const project::Project& p) {
    ProjectPaths r;
    r.dir = p.dir();
    r.dataset = p.dataset();
    r.checkpoint_cam = p.checkpoint_path("cam");
    r.checkpoint_amr = p.checkpoint_path("amr");
    r.checkpoint_irn = p.checkpoint_path("irn");
    r.checkpoint_deeplab = p.checkpoint_path("deeplab");
    r.cam_store = p.cam_store_dir();
    r.masks_seeds = p.mask_dir("seeds");
    r.masks_refined = p.mask_dir("refined");
    r.masks_deeplab = p.mask_dir("deeplab");
    r.confidence = p.confidence_dir();
    r.boundary = p.boundary_dir();
    r.runs = p.runs_dir();
    r.export_dir = p.dir() / "export";
    return r;
}

namespace {

// Every stage accepts every preset name; a stage without its own variant uses the nearest one.
std::string nearest(const std::string& preset, const std::vector<std::string>& own) {
    if (std::find(own.begin(), own.end(), preset) != own.end())
        return preset;
    const auto& all = preset_names();
    if (std::find(all.begin(), all.end(), preset) == all.end())
        throw Error("unknown preset '" + preset + "' (use one of: paper, official, quick, demo)");
    if (preset == "demo" && std::find(own.begin(), own.end(), "quick") != own.end())
        return "quick";
    return "paper";
}

// "demo" shortens a training stage that has no demo preset of its own (it runs "quick" then);
// the stages with one (the ImageNet backbone, frozen) keep their own length.
bool capped(const std::string& preset, const std::vector<std::string>& own) {
    return preset == "demo" && std::find(own.begin(), own.end(), "demo") == own.end();
}

bool training_complete(const fs::path& checkpoint) {
    const fs::path resume =
        checkpoint.parent_path() / (checkpoint.filename().string() + ".resume.pt");
    return fs::exists(checkpoint) && !fs::exists(resume);
}

std::string train_summary(const train::TrainResult& r) {
    json j{{"steps", r.steps},
           {"total_steps", r.total_steps},
           {"split", r.split},
           {"loss", r.last_loss},
           {"images_per_s", r.images_per_s},
           {"device", r.device},
           {"resumed_from", r.resumed_from},
           {"finished", r.finished}};
    return j.dump();
}

// The four training stages share everything but their options type and run function.
template <class Options, class Run, class Fill>
StageInfo training_stage(std::string name, std::string title, std::string description,
                         std::vector<std::string> presets, std::vector<std::string> hidden,
                         Fill fill, Run run_fn, fs::path ProjectPaths::*checkpoint,
                         std::string demo_key = "epochs", long demo_value = 2) {
    StageInfo s;
    s.name = name;
    s.title = std::move(title);
    s.description = std::move(description);
    s.training = true;
    s.presets = presets;
    hidden.insert(hidden.end(), {"dataset", "output", "metrics", "resume"});
    auto build = [=](const std::string& preset, const std::string& text,
                     const ProjectPaths& paths) {
        Options o = Options::preset(nearest(preset, presets));
        if (capped(preset, presets)) {
            json j = json::parse(to_json(o));
            j[demo_key] = std::min(j[demo_key].get<long>(), demo_value);
            apply_json(o, j.dump(), name + " preset");
        }
        if (!text.empty())
            apply_json(o, text, name + " options");
        o.dataset = paths.dataset;
        o.output = paths.*checkpoint;
        o.resume = true;  // only used when a resume state exists
        fill(o, paths);
        o.check();
        return o;
    };
    // defaults() must not run check(): project paths are empty there.
    s.defaults = [=](const std::string& preset) {
        Options o = Options::preset(nearest(preset, presets));
        json j = json::parse(to_json(o));
        if (capped(preset, presets))
            j[demo_key] = std::min(j[demo_key].get<long>(), demo_value);
        for (const auto& k : hidden)
            j.erase(k);
        return j.dump();
    };
    s.validate = [=](const std::string& preset, const std::string& text,
                     const ProjectPaths& paths) { return to_json(build(preset, text, paths)); };
    s.complete = [checkpoint](const ProjectPaths& paths) {
        return training_complete(paths.*checkpoint);
    };
    s.checkpoint = [checkpoint](const ProjectPaths& paths) { return paths.*checkpoint; };
    s.run = [=](const std::string& preset, const std::string& text, const StageContext& ctx) {
        Options o = build(preset, text, ctx.paths);
        o.metrics = ctx.metrics_file;
        const train::TrainResult r = run_fn(o, ctx.job, ctx.metrics);
        return StageResult{train_summary(r), true, r.finished};
    };
    return s;
}

// The per-image stages: options from stage_json.h, resume by skipping finished images.
template <class Options, class Fill, class Run>
StageInfo image_stage(std::string name, std::string title, std::string description,
                      std::string mask_version, std::vector<std::string> presets, Fill fill,
                      Run run_fn) {
    StageInfo s;
    s.name = name;
    s.title = std::move(title);
    s.description = std::move(description);
    s.mask_version = std::move(mask_version);
    s.presets = presets;
    auto build = [=](const std::string& preset, const std::string& text, const ProjectPaths& paths,
                     bool overwrite) {
        Options o;
        stage_preset(nearest(preset, presets), o);
        if (preset == "demo")
            stage_demo(o);
        if (!text.empty())
            apply_stage_json(o, text, name + " options");
        fill(o, paths, overwrite);
        o.check();
        return o;
    };
    s.defaults = [=](const std::string& preset) {
        Options o;
        stage_preset(nearest(preset, presets), o);
        if (preset == "demo")
            stage_demo(o);
        return stage_to_json(o);
    };
    s.validate = [=](const std::string& preset, const std::string& text,
                     const ProjectPaths& paths) {
        return stage_to_json(build(preset, text, paths, false), true);
    };
    s.complete = [](const ProjectPaths&) { return false; };
    s.run = [=](const std::string& preset, const std::string& text, const StageContext& ctx) {
        return run_fn(build(preset, text, ctx.paths, ctx.overwrite), ctx);
    };
    return s;
}

std::vector<StageInfo> make_stages() {
    std::vector<StageInfo> v;
    const std::vector<std::string> three{"paper", "official", "quick", "demo"};
    const std::vector<std::string> two{"paper", "quick"};

    v.push_back(training_stage<train::TrainCamOptions>(
        "train-cam", "Train CAM network",
        "Trains the spotlight classifier whose CAMs start every later stage (docs/method.md §3.3).",
        three, {}, [](train::TrainCamOptions&, const ProjectPaths&) {},
        [](const train::TrainCamOptions& o, const JobContext& c, const train::MetricsSink& m) {
            return train::train_cam(o, c, m);
        },
        &ProjectPaths::checkpoint_cam));
    v.push_back(training_stage<train::TrainAmrOptions>(
        "train-amr", "Train AMR network",
        "Trains the compensation branch with AMMs and cross pseudo supervision (docs/method.md "
        "§3.4).",
        three, {"cam"},
        [](train::TrainAmrOptions& o, const ProjectPaths& p) { o.cam = p.checkpoint_cam; },
        [](const train::TrainAmrOptions& o, const JobContext& c, const train::MetricsSink& m) {
            return train::train_amr(o, c, m);
        },
        &ProjectPaths::checkpoint_amr));
    v.push_back(image_stage<cam::MakeCamsOptions>(
        "make-cam", "Make CAMs", "Computes every image's multi-scale CAMs into the CAM store.", "",
        {"paper", "official", "quick"},
        [](cam::MakeCamsOptions& o, const ProjectPaths& p, bool) {
            o.dataset = p.dataset;
            o.store = p.cam_store;
            // A train-cam checkpoint works too when train-amr has not run yet.
            o.checkpoint = fs::exists(p.checkpoint_amr) || !fs::exists(p.checkpoint_cam)
                               ? p.checkpoint_amr
                               : p.checkpoint_cam;
        },
        [](const cam::MakeCamsOptions& o, const StageContext& ctx) {
            const auto r = cam::make_cams(o, ctx.job);
            json j{{"computed", r.computed},
                   {"split", r.split},
                   {"skipped", r.skipped},
                   {"untagged", r.untagged},
                   {"checkpoint", r.fingerprint}};
            return StageResult{j.dump(), r.computed > 0, true};
        }));
    v.push_back(image_stage<refine::MakeSeedsOptions>(
        "make-seeds", "Make seeds",
        "Confident foreground and background seeds from the CAMs, refined by the dense CRF.",
        "seeds", {"paper"},
        [](refine::MakeSeedsOptions& o, const ProjectPaths& p, bool overwrite) {
            o.dataset = p.dataset;
            o.cam_store = p.cam_store;
            o.output = p.masks_seeds;
            o.overwrite = overwrite;
        },
        [](const refine::MakeSeedsOptions& o, const StageContext& ctx) {
            const auto r = refine::make_seeds(o, ctx.job);
            json j{{"written", r.written},
                   {"split", r.split},
                   {"skipped", r.skipped},
                   {"without_cams", r.without_cams},
                   {"void_fraction", r.void_fraction}};
            return StageResult{j.dump(), r.written > 0, true};
        }));
    v.push_back(training_stage<refine::TrainIrnOptions>(
        "train-irn", "Train IRNet",
        "Trains the inter-pixel relation network's boundary branch on the seeds (docs/method.md "
        "§5.4).",
        {"paper", "quick", "demo"}, {"seeds"},
        [](refine::TrainIrnOptions& o, const ProjectPaths& p) { o.seeds = p.masks_seeds; },
        [](const refine::TrainIrnOptions& o, const JobContext& c, const train::MetricsSink& m) {
            return refine::train_irn(o, c, m);
        },
        &ProjectPaths::checkpoint_irn));
    v.push_back(image_stage<refine::RefineOptions>(
        "refine", "Random walk",
        "Propagates the CAMs over IRNet's boundaries into refined pseudo labels (docs/method.md "
        "§5.5).",
        "refined", {"paper", "quick"},
        [](refine::RefineOptions& o, const ProjectPaths& p, bool overwrite) {
            o.dataset = p.dataset;
            o.cam_store = p.cam_store;
            o.checkpoint = p.checkpoint_irn;
            o.output = p.masks_refined;
            o.boundary_output = p.boundary;
            o.overwrite = overwrite;
        },
        [](const refine::RefineOptions& o, const StageContext& ctx) {
            const auto r = refine::refine_labels(o, ctx.job);
            json j{
                {"written", r.written}, {"skipped", r.skipped}, {"without_cams", r.without_cams}};
            return StageResult{j.dump(), r.written > 0, true};
        }));
    v.push_back(training_stage<deeplab::TrainDeeplabOptions>(
        "train-deeplab", "Train DeepLab",
        "Trains DeepLab-v2 on the refined pseudo labels (docs/method.md §6.2).", two, {"labels"},
        [](deeplab::TrainDeeplabOptions& o, const ProjectPaths& p) { o.labels = p.masks_refined; },
        [](const deeplab::TrainDeeplabOptions& o, const JobContext& c,
           const train::MetricsSink& m) { return deeplab::train_deeplab(o, c, m); },
        &ProjectPaths::checkpoint_deeplab, "iterations", 40));
    v.push_back(image_stage<deeplab::PredictOptions>(
        "predict", "Predict masks",
        "Multi-scale DeepLab inference into the deeplab mask version with confidence maps.",
        "deeplab", {"paper", "quick"},
        [](deeplab::PredictOptions& o, const ProjectPaths& p, bool overwrite) {
            o.dataset = p.dataset;
            o.checkpoint = p.checkpoint_deeplab;
            o.output = p.masks_deeplab;
            o.confidence = p.confidence;
            o.overwrite = overwrite;
        },
        [](const deeplab::PredictOptions& o, const StageContext& ctx) {
            const auto r = deeplab::predict(o, ctx.job);
            json j{{"written", r.written}, {"skipped", r.skipped}};
            return StageResult{j.dump(), r.written > 0, true};
        }));
    v.push_back(image_stage<ExportStageOptions>(
        "export", "Export VOC", "Writes the best mask of every image as a PASCAL VOC 2012 folder.",
        "", {"paper"},
        [](ExportStageOptions& o, const ProjectPaths& p, bool) {
            o.dataset = p.dataset;
            o.project = p.dir;
            o.output = p.export_dir;
        },
        [](const ExportStageOptions& o, const StageContext& ctx) {
            const data::Dataset dataset = data::open_dataset(o.dataset, {});
            const project::Project project = project::Project::open(o.project);
            const project::ProjectMaskSource masks(project);
            const voc::VocExportOptions vo = o.to_export(dataset, masks);
            vo.check();
            const auto r = voc::export_voc(vo, ctx.job);
            json j{{"exported", r.exported},
                   {"with_mask", r.with_mask},
                   {"written", r.written},
                   {"unchanged", r.unchanged},
                   {"voc_root", r.voc_root.string()}};
            return StageResult{j.dump(), r.written > 0, true};
        }));
    for (auto& s : v)
        s.distributed =
            s.training || s.name == "make-cam" || s.name == "refine" || s.name == "predict";
    return v;
}

}  // namespace

const std::vector<StageInfo>& stages() {
    static const std::vector<StageInfo> all = make_stages();
    return all;
}

std::string stage_names() {
    std::string s;
    for (const auto& st : stages())
        s += (s.empty() ? "" : ", ") + st.name;
    return s;
}

std::size_t stage_index(std::string_view name) {
    const auto& all = stages();
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].name == name)
            return i;
    throw Error("unknown stage '" + std::string(name) + "' (use one of: " + stage_names() + ")");
}

const StageInfo& stage(std::string_view name) {
    return stages()[stage_index(name)];
}

const std::vector<std::string>& preset_names() {
    static const std::vector<std::string> names{"paper", "official", "quick", "demo"};
    return names;
}

std::string compute_device() {
    if (torch::cuda::is_available())
        return "CUDA (" + std::to_string(torch::cuda::device_count()) + " GPU)";
    return "CPU";
}

}  // namespace amr::pipeline
