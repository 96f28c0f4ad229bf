#include "engine/pipeline/output_check.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>
#include <vector>

#include "engine/cam/cam_store.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace amr::pipeline {

namespace fs = std::filesystem;

namespace {

// Up to `n` files of `dir` with `extension`, evenly spread over the sorted listing.
std::vector<fs::path> sample_files(const fs::path& dir, const std::string& extension,
                                   std::size_t n) {
    std::vector<fs::path> all;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == extension)
            all.push_back(it->path());
    std::sort(all.begin(), all.end());
    if (all.size() <= n || n == 0)
        return all;
    std::vector<fs::path> picked;
    for (std::size_t i = 0; i < n; ++i)
        picked.push_back(all[i * all.size() / n]);
    return picked;
}

bool planes_blank(const cam::CamPlanes& planes) {
    for (const cv::Mat& p : planes) {
        double lo = 0, hi = 0;
        cv::minMaxLoc(p, &lo, &hi);
        if (hi > 1e-6)
            return false;
    }
    return true;
}

}  // namespace

const char* to_string(OutputProblem problem) {
    switch (problem) {
        case OutputProblem::None:
            return "";
        case OutputProblem::BlankCams:
            return "blank-cams";
        case OutputProblem::SingleClassLabels:
            return "single-class-labels";
    }
    return "";
}

OutputProblem parse_output_problem(const std::string& text) {
    if (text == "blank-cams")
        return OutputProblem::BlankCams;
    if (text == "single-class-labels")
        return OutputProblem::SingleClassLabels;
    return OutputProblem::None;
}

std::string OutputCheck::to_json() const {
    return nlohmann::json{
        {"problem", to_string(problem)}, {"sampled", sampled}, {"bad", bad}, {"classes", classes}}
        .dump();
}

OutputCheck check_cam_store(const fs::path& dir, std::size_t max_samples) {
    OutputCheck c;
    for (const fs::path& file : sample_files(dir, ".cam", max_samples)) {
        try {
            const cam::CamStore store(dir, cam::CamStore::fingerprint_of(file));
            const cam::CamEntry e = store.get(file.stem().string());
            ++c.sampled;
            c.bad += planes_blank(e.spotlight.strided) && planes_blank(e.compensation.strided);
        } catch (const Error&) {
            // a broken entry is the viewer's and make-cam's business, not a blank CAM
        }
    }
    if (c.sampled > 0 && c.bad == c.sampled)
        c.problem = OutputProblem::BlankCams;
    return c;
}

OutputCheck check_label_folder(const fs::path& dir, std::size_t max_samples) {
    OutputCheck c;
    std::set<int> seen;
    for (const fs::path& file : sample_files(dir, ".png", max_samples)) {
        try {
            const cv::Mat labels = data::read_label_png(file);
            std::set<int> here;
            for (int y = 0; y < labels.rows; ++y) {
                const auto* row = labels.ptr<std::uint8_t>(y);
                for (int x = 0; x < labels.cols; ++x)
                    if (row[x] != 255)
                        here.insert(row[x]);
            }
            ++c.sampled;
            c.bad += here.size() <= 1;
            seen.insert(here.begin(), here.end());
        } catch (const Error&) {
        }
    }
    c.classes = int(seen.size());
    if (c.sampled > 0 && c.classes <= 1)
        c.problem = OutputProblem::SingleClassLabels;
    return c;
}

OutputCheck check_stage_output(const std::string& stage, const ProjectPaths& paths) {
    if (stage == "make-cam")
        return check_cam_store(paths.cam_store);
    if (stage == "make-seeds")
        return check_label_folder(paths.masks_seeds);
    if (stage == "refine")
        return check_label_folder(paths.masks_refined);
    if (stage == "predict")
        return check_label_folder(paths.masks_deeplab);
    return {};
}

}  // namespace amr::pipeline
