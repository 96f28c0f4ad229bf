#include "engine/export/mask_boxes.h"

#include <opencv2/imgproc.hpp>

namespace amr::voc {

std::array<std::size_t, 256> label_histogram(const cv::Mat& labels) {
    std::array<std::size_t, 256> counts{};
    for (int y = 0; y < labels.rows; ++y) {
        const auto* row = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x)
            ++counts[row[x]];
    }
    return counts;
}

std::vector<ComponentBox> component_boxes(const cv::Mat& labels, int max_label, int min_area) {
    CV_Assert(labels.type() == CV_8UC1);
    const auto counts = label_histogram(labels);
    std::vector<ComponentBox> out;
    cv::Mat binary, components, stats, centroids;
    for (int label = 1; label <= max_label && label < 255; ++label) {
        if (counts[label] == 0)
            continue;
        cv::compare(labels, label, binary, cv::CMP_EQ);
        const int n =
            cv::connectedComponentsWithStats(binary, components, stats, centroids, 8, CV_32S);
        std::vector<ComponentBox> boxes;
        int largest = -1;
        for (int c = 1; c < n; ++c) {  // component 0 is everything else
            ComponentBox b;
            b.label = label;
            const int left = stats.at<int>(c, cv::CC_STAT_LEFT);
            const int top = stats.at<int>(c, cv::CC_STAT_TOP);
            const int width = stats.at<int>(c, cv::CC_STAT_WIDTH);
            const int height = stats.at<int>(c, cv::CC_STAT_HEIGHT);
            b.area = stats.at<int>(c, cv::CC_STAT_AREA);
            b.xmin = left + 1;
            b.ymin = top + 1;
            b.xmax = left + width;
            b.ymax = top + height;
            b.touches_border =
                left == 0 || top == 0 || left + width == labels.cols || top + height == labels.rows;
            if (largest < 0 || b.area > boxes[largest].area)
                largest = static_cast<int>(boxes.size());
            boxes.push_back(b);
        }
        bool kept_any = false;
        for (const auto& b : boxes)
            if (b.area >= min_area) {
                out.push_back(b);
                kept_any = true;
            }
        if (!kept_any && largest >= 0)
            out.push_back(boxes[largest]);
    }
    return out;
}

}  // namespace amr::voc
