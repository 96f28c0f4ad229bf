#pragma once
// Where a guided-walk session's inputs come from for one image (the editor's "Guided" tool):
// the boundary map from a folder of 8-bit PNGs (amr refine --boundary-out, a project's
// boundary/), else computed on demand by an IRN checkpoint and saved there for next time, else
// (no IRN yet) the image's own colour edges; the weighted CAM from a CAM store when it holds
// the image.

#include <filesystem>
#include <memory>
#include <string>

#include <opencv2/core.hpp>

#include "engine/core/job.h"
#include "engine/review/guided_walk.h"

namespace amr::review {

struct GuidedSourceOptions {
    std::filesystem::path boundary_dir;    // <id>.png; may be empty or missing
    std::filesystem::path cam_store;       // may be empty
    std::filesystem::path irn_checkpoint;  // may be empty
    float alpha = 0.5f;                    // weighted CAM coefficient
    GuidedWalkOptions walk;
};

enum class BoundaryOrigin { File, Irn, ImageEdges };

struct GuidedSessionLoad {
    std::shared_ptr<const GuidedWalkSession> session;
    BoundaryOrigin origin = BoundaryOrigin::File;
    bool cams = false;  // the CAM prior is in use
};

// True when `id` already has a boundary map file (the session then loads quickly).
bool has_boundary_file(const GuidedSourceOptions& options, const std::string& id);

// Builds the session for image `id` (BGR `bgr`). Computing with the IRN can take seconds on a
// CPU; the map is then written atomically to boundary_dir/<id>.png (when a folder is given).
// Throws amr::Error naming the file at fault.
GuidedSessionLoad load_guided_session(const GuidedSourceOptions& options, const std::string& id,
                                      const cv::Mat& bgr, const JobContext& ctx = {});

// A stand-in boundary map at stride 4 from the image's colour gradients, in [0, 1].
cv::Mat image_edge_boundary(const cv::Mat& bgr);

}  // namespace amr::review
