#include "engine/data/sample.h"

#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"

namespace amr::data {

void check_label_image(const cv::Mat& labels, const ClassList& classes, cv::Size expected,
                       const std::filesystem::path& file) {
    if (labels.size() != expected)
        throw Error(file, "mask is " + std::to_string(labels.cols) + "x" +
                              std::to_string(labels.rows) + " but its image is " +
                              std::to_string(expected.width) + "x" +
                              std::to_string(expected.height));
    std::array<bool, 256> seen{};
    for (int y = 0; y < labels.rows; ++y) {
        const auto* row = labels.ptr<std::uint8_t>(y);
        for (int x = 0; x < labels.cols; ++x)
            seen[row[x]] = true;
    }
    for (int v = classes.num_labels(); v < 255; ++v)
        if (seen[v])
            throw Error(file, "holds label value " + std::to_string(v) + ", but the dataset has " +
                                  std::to_string(classes.size()) + " classes (valid values: 0.." +
                                  std::to_string(classes.size()) + " and 255 for void)");
}

Sample load_sample(const Dataset& dataset, std::size_t index, bool with_mask) {
    const ImageRecord& rec = dataset[index];
    Sample s;
    s.image = read_image(rec.image);
    if (with_mask && rec.mask) {
        s.mask = read_label_png(*rec.mask);
        check_label_image(s.mask, dataset.classes(), s.image.size(), *rec.mask);
    }
    return s;
}

}  // namespace amr::data
