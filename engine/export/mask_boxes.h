#pragma once
// Bounding boxes of the objects in a label image: one per 8-connected component of each class.

#include <array>
#include <cstddef>
#include <vector>

#include <opencv2/core.hpp>

namespace amr::voc {

struct ComponentBox {
    int label = 0;  // class value in the mask, 1..C
    // VOC's 1-based, inclusive pixel coordinates (pixel column 0 is xmin = 1).
    int xmin = 0;
    int ymin = 0;
    int xmax = 0;
    int ymax = 0;
    int area = 0;                 // pixels in the component
    bool touches_border = false;  // the component reaches the image edge
};

// How many pixels hold each value.
std::array<std::size_t, 256> label_histogram(const cv::Mat& labels);

// Boxes of the components of every label 1..max_label present in `labels` (CV_8UC1), ordered
// by label, then in raster order of each component's first pixel. Components smaller than
// `min_area` pixels are skipped, except that a label present in the mask keeps at least its
// largest component, so no class of the mask goes without an object. 0 and 255 get no boxes.
std::vector<ComponentBox> component_boxes(const cv::Mat& labels, int max_label, int min_area);

}  // namespace amr::voc
