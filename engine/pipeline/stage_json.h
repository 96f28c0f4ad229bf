#pragma once
// JSON for the options of the per-image stages (make-cam, make-seeds, refine, predict, export),
// whose structs have no to_json/apply_json of their own: keys = field names, the dense-CRF
// options flattened as crf_<field>. Project-bound paths are left out unless `full`.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/cam/make_cams.h"
#include "engine/deeplab/predict.h"
#include "engine/export/voc_export.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/refine.h"

namespace amr::project {
class Project;
}

namespace amr::pipeline {

// The export stage's settable part of voc::VocExportOptions (which holds pointers).
struct ExportStageOptions {
    std::filesystem::path dataset;  // project-bound
    std::filesystem::path project;  // project-bound
    std::filesystem::path output;   // project-bound
    std::vector<std::string> priority = voc::default_mask_priority();
    std::string existing = "update";  // "refuse", "update" or "overwrite"
    bool write_aug = false;
    bool include_unmasked = false;
    bool skip_bad = false;
    int min_box_area = 16;
    int jpeg_quality = 95;
    int threads = 0;

    void check() const;  // throws amr::Error naming the bad field
    voc::VocExportOptions to_export(const data::Dataset& dataset,
                                    const voc::MaskSource& masks) const;
};

// Resets `o` to a preset variant ("paper"; "official" for make-cam, the same climbing as paper;
// "quick" for make-cam and predict); throws
// amr::Error for other names.
void stage_preset(const std::string& name, cam::MakeCamsOptions& o);
void stage_preset(const std::string& name, refine::MakeSeedsOptions& o);
void stage_preset(const std::string& name, refine::RefineOptions& o);
void stage_preset(const std::string& name, deeplab::PredictOptions& o);
void stage_preset(const std::string& name, ExportStageOptions& o);
// The smallest settings that still show every stage on the demo dataset.
void stage_demo(cam::MakeCamsOptions& o);
void stage_demo(refine::MakeSeedsOptions& o);
void stage_demo(refine::RefineOptions& o);
void stage_demo(deeplab::PredictOptions& o);
void stage_demo(ExportStageOptions& o);

// Unknown keys and wrong types throw amr::Error naming `source`.
void apply_stage_json(cam::MakeCamsOptions& o, const std::string& json, const std::string& source);
void apply_stage_json(refine::MakeSeedsOptions& o, const std::string& json,
                      const std::string& source);
void apply_stage_json(refine::RefineOptions& o, const std::string& json, const std::string& source);
void apply_stage_json(deeplab::PredictOptions& o, const std::string& json,
                      const std::string& source);
void apply_stage_json(ExportStageOptions& o, const std::string& json, const std::string& source);

std::string stage_to_json(const cam::MakeCamsOptions& o, bool full = false);
std::string stage_to_json(const refine::MakeSeedsOptions& o, bool full = false);
std::string stage_to_json(const refine::RefineOptions& o, bool full = false);
std::string stage_to_json(const deeplab::PredictOptions& o, bool full = false);
std::string stage_to_json(const ExportStageOptions& o, bool full = false);

}  // namespace amr::pipeline
