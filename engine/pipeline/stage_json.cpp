#include "engine/pipeline/stage_json.h"

#include "engine/core/error.h"
#include "engine/core/options_json.h"

namespace amr::pipeline {

namespace {

// Visits every JSON-settable field as (key, reference, project-bound).
template <class F>
void crf_fields(refine::DenseCrfOptions& c, F&& f) {
    f("crf_iterations", c.iterations, false);
    f("crf_gauss_sxy", c.gauss_sxy, false);
    f("crf_gauss_weight", c.gauss_weight, false);
    f("crf_bilateral_sxy", c.bilateral_sxy, false);
    f("crf_bilateral_srgb", c.bilateral_srgb, false);
    f("crf_bilateral_weight", c.bilateral_weight, false);
}

template <class F>
void fields(cam::MakeCamsOptions& o, F&& f) {
    f("dataset", o.dataset, true);
    f("split", o.split, false);
    f("checkpoint", o.checkpoint, true);
    f("store", o.store, true);
    f("scales", o.scales, false);
    f("flip", o.flip, false);
    f("high_res", o.high_res, false);
    f("gradcam_scale", o.gradcam_scale, false);
    f("adversarial", o.adversarial, false);
    f("adv_iterations", o.adv_iterations, false);
    f("device", o.device, false);
}

template <class F>
void fields(refine::MakeSeedsOptions& o, F&& f) {
    f("dataset", o.dataset, true);
    f("split", o.split, false);
    f("cam_store", o.cam_store, true);
    f("output", o.output, true);
    f("alpha", o.alpha, false);
    f("fg_threshold", o.fg_threshold, false);
    f("bg_threshold", o.bg_threshold, false);
    f("crf", o.crf, false);
    crf_fields(o.crf_options, f);
    f("threads", o.threads, false);
    f("overwrite", o.overwrite, true);
}

template <class F>
void fields(refine::RefineOptions& o, F&& f) {
    f("dataset", o.dataset, true);
    f("split", o.split, false);
    f("cam_store", o.cam_store, true);
    f("checkpoint", o.checkpoint, true);
    f("output", o.output, true);
    f("boundary_output", o.boundary_output, true);
    f("alpha", o.alpha, false);
    f("radius", o.radius, false);
    f("beta", o.beta, false);
    f("exp_times", o.exp_times, false);
    f("cam_power", o.cam_power, false);
    f("bg_threshold", o.bg_threshold, false);
    f("pad_to", o.pad_to, false);
    f("device", o.device, false);
    f("overwrite", o.overwrite, true);
}

template <class F>
void fields(deeplab::PredictOptions& o, F&& f) {
    f("dataset", o.dataset, true);
    f("split", o.split, false);
    f("checkpoint", o.checkpoint, true);
    f("output", o.output, true);
    f("confidence", o.confidence, true);
    f("scales", o.scales, false);
    f("flip", o.flip, false);
    f("crf", o.crf, false);
    crf_fields(o.crf_options, f);
    f("device", o.device, false);
    f("overwrite", o.overwrite, true);
}

template <class F>
void fields(ExportStageOptions& o, F&& f) {
    f("dataset", o.dataset, true);
    f("project", o.project, true);
    f("output", o.output, true);
    f("priority", o.priority, false);
    f("existing", o.existing, false);
    f("write_aug", o.write_aug, false);
    f("include_unmasked", o.include_unmasked, false);
    f("skip_bad", o.skip_bad, false);
    f("min_box_area", o.min_box_area, false);
    f("jpeg_quality", o.jpeg_quality, false);
    f("threads", o.threads, false);
}

// The fields of the options; with full = false only those not bound to a project.
template <class Options>
auto field_list(bool full) {
    return [full](Options& o, auto&& f) {
        fields(o, [&](const char* key, auto& value, bool bound) {
            if (full || !bound)
                f(key, value);
        });
    };
}

template <class Options>
void apply(Options& o, const std::string& text, const std::string& source) {
    options_json::apply(o, text, source, {"options", "option"}, field_list<Options>(true));
}

template <class Options>
std::string dump(const Options& o, bool full) {
    return options_json::dump(o, field_list<Options>(full));
}

}  // namespace

void ExportStageOptions::check() const {
    if (existing != "refuse" && existing != "update" && existing != "overwrite")
        throw Error("export options: existing must be 'refuse', 'update' or 'overwrite' (got '" +
                    existing + "')");
    if (priority.empty())
        throw Error("export options: priority: give at least one mask version");
    if (jpeg_quality < 1 || jpeg_quality > 100)
        throw Error("export options: jpeg_quality must be in [1, 100]");
    if (min_box_area < 0)
        throw Error("export options: min_box_area must not be negative");
    for (const auto& v : priority)
        if (!voc::is_known_mask_version(v))
            throw Error("export options: priority: unknown mask version '" + v + "'");
}

voc::VocExportOptions ExportStageOptions::to_export(const data::Dataset& dataset,
                                                    const voc::MaskSource& masks) const {
    check();
    voc::VocExportOptions o;
    o.dataset = &dataset;
    o.masks = &masks;
    o.output = output;
    o.priority = priority;
    o.existing = existing == "overwrite" ? voc::ExistingOutput::Overwrite
                 : existing == "update"  ? voc::ExistingOutput::Update
                                         : voc::ExistingOutput::Refuse;
    o.write_aug = write_aug;
    o.include_unmasked = include_unmasked;
    o.skip_bad = skip_bad;
    o.min_box_area = min_box_area;
    o.jpeg_quality = jpeg_quality;
    o.threads = threads;
    return o;
}

void stage_preset(const std::string& name, cam::MakeCamsOptions& o) {
    o = {};
    if (name == "paper" || name == "official") {
        // As the official make_cam runs: AdvCAM climbing, 27 iterations (13 at scale 0.5), the
        // 7 scales (docs/method.md §4.3). Hours per thousand images on a CPU.
        o.adversarial = true;
        o.adv_iterations = 27;
    } else if (name == "quick") {
        o.scales = {1.0, 0.5, 1.5};  // plain multi-scale CAMs: forward passes only
    } else {
        throw Error("unknown make-cam preset '" + name + "'");
    }
}
void stage_preset(const std::string& name, refine::MakeSeedsOptions& o) {
    o = {};
    if (name != "paper")
        throw Error("unknown make-seeds preset '" + name + "'");
}
void stage_preset(const std::string& name, refine::RefineOptions& o) {
    o = {};
    // pad_to stays auto: the crop the IRN checkpoint was trained on, whatever its preset.
    if (name != "paper" && name != "quick")
        throw Error("unknown refine preset '" + name + "'");
}
void stage_preset(const std::string& name, deeplab::PredictOptions& o) {
    o = {};
    if (name == "quick")
        o.scales = {1.0};
    else if (name != "paper")
        throw Error("unknown predict preset '" + name + "'");
}
void stage_preset(const std::string& name, ExportStageOptions& o) {
    o = {};
    if (name != "paper")
        throw Error("unknown export preset '" + name + "'");
}

void stage_demo(cam::MakeCamsOptions& o) {
    o.scales = {1.0};
}
void stage_demo(refine::MakeSeedsOptions&) {}
void stage_demo(refine::RefineOptions& o) {
    o.exp_times = 6;  // 64 walk steps: enough on 200-pixel demo canvases
}
void stage_demo(deeplab::PredictOptions& o) {
    o.scales = {1.0};
}
void stage_demo(ExportStageOptions&) {}

void apply_stage_json(cam::MakeCamsOptions& o, const std::string& j, const std::string& s) {
    apply(o, j, s);
}
void apply_stage_json(refine::MakeSeedsOptions& o, const std::string& j, const std::string& s) {
    apply(o, j, s);
}
void apply_stage_json(refine::RefineOptions& o, const std::string& j, const std::string& s) {
    apply(o, j, s);
}
void apply_stage_json(deeplab::PredictOptions& o, const std::string& j, const std::string& s) {
    apply(o, j, s);
}
void apply_stage_json(ExportStageOptions& o, const std::string& j, const std::string& s) {
    apply(o, j, s);
}

std::string stage_to_json(const cam::MakeCamsOptions& o, bool full) {
    return dump(o, full);
}
std::string stage_to_json(const refine::MakeSeedsOptions& o, bool full) {
    return dump(o, full);
}
std::string stage_to_json(const refine::RefineOptions& o, bool full) {
    return dump(o, full);
}
std::string stage_to_json(const deeplab::PredictOptions& o, bool full) {
    return dump(o, full);
}
std::string stage_to_json(const ExportStageOptions& o, bool full) {
    return dump(o, full);
}

}  // namespace amr::pipeline
