// A CAM store whose maps are the ground truth, blurred: how much could a CAM prior of a given
// quality save the guided tool (docs/editing.md, "How much could any CAM add on the demo")?
//
//   make_oracle_cams VOC_ROOT SPLIT SOURCE_STORE OUT_STORE SIGMA
//
// VOC_ROOT holds SegmentationClass/ and ImageSets/Segmentation/SPLIT.txt. For every image of
// the split with an entry in SOURCE_STORE (made by make-cam: it gives the image's tags and
// sizes), both branches' plane of class k become the mask (label == k + 1) blurred by a
// Gaussian of SIGMA image pixels (0: the exact mask), max-normalised as make-cam's CAMs are.
// Score the store with `amr eval-cam --store OUT_STORE --split SPLIT` and use its best threshold
// as eval-clicks' --bg.

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"

namespace fs = std::filesystem;
using amr::cam::CamEntry;
using amr::cam::CamPlanes;
using amr::cam::CamStore;

namespace {

std::vector<std::string> read_ids(const fs::path& list) {
    std::ifstream in(list);
    if (!in)
        throw amr::Error(list, "cannot read the image list");
    std::vector<std::string> ids;
    for (std::string id; in >> id;)
        ids.push_back(id);
    if (ids.empty())
        throw amr::Error(list, "the image list is empty");
    return ids;
}

// The stride-4 plane of a full-resolution one, as make-cam's grid: ⌈H/4⌉×⌈W/4⌉ cells.
cv::Mat strided_of(const cv::Mat& full) {
    const int h = (full.rows + 3) / 4, w = (full.cols + 3) / 4;
    cv::Mat padded, out;
    cv::copyMakeBorder(full, padded, 0, h * 4 - full.rows, 0, w * 4 - full.cols,
                       cv::BORDER_REPLICATE);
    cv::resize(padded, out, cv::Size(w, h), 0, 0, cv::INTER_AREA);
    return out;
}

void blurred_mask_planes(const cv::Mat& gt, const std::vector<int>& keys, double sigma,
                         CamPlanes& full, CamPlanes& strided) {
    for (int k : keys) {
        cv::Mat plane;
        cv::Mat(gt == k + 1).convertTo(plane, CV_32F, 1.0 / 255);
        if (sigma > 0)
            cv::GaussianBlur(plane, plane, cv::Size(0, 0), sigma);
        double top = 0;
        cv::minMaxLoc(plane, nullptr, &top);
        if (top > 0)
            plane /= top;
        strided.push_back(strided_of(plane));
        full.push_back(plane);
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 6) {
        std::fprintf(stderr,
                     "usage: make_oracle_cams VOC_ROOT SPLIT SOURCE_STORE OUT_STORE SIGMA\n");
        return 2;
    }
    try {
        const fs::path voc = argv[1], source = argv[3], out = argv[4];
        const double sigma = std::stod(argv[5]);
        if (sigma < 0)
            throw amr::Error("SIGMA must be 0 or more");
        const auto ids = read_ids(voc / "ImageSets/Segmentation" / (std::string(argv[2]) + ".txt"));
        const CamStore from = CamStore::of_entry(source, ids.front());
        const CamStore to(out, "oracle-sigma-" + std::string(argv[5]));
        int written = 0;
        for (const auto& id : ids) {
            if (!from.has_fresh(id))
                continue;
            CamEntry e = from.get(id);
            const cv::Mat gt = amr::data::read_label_png(voc / "SegmentationClass" / (id + ".png"));
            if (gt.rows != e.height || gt.cols != e.width)
                throw amr::Error(voc / "SegmentationClass" / (id + ".png"),
                                 "the mask's size differs from the CAM entry's");
            CamPlanes full, strided;
            blurred_mask_planes(gt, e.keys, sigma, full, strided);
            e.spotlight.strided = e.compensation.strided = strided;
            if (e.has_high_res())
                e.spotlight.high_res = e.compensation.high_res = full;
            to.put(id, e);
            ++written;
        }
        std::printf("%d entries written to %s\n", written, out.c_str());
    } catch (const std::exception& e) {
        std::fprintf(stderr, "make_oracle_cams: %s\n", e.what());
        return 1;
    }
    return 0;
}
