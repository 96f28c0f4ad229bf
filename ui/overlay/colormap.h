#pragma once
// Colormaps for CAM heatmaps as 256-entry lookup tables, and the conversion of a float map in
// [0, 1] to a heatmap image through one of them. No widgets: safe on worker threads.

#include <QImage>
#include <QString>
#include <QStringList>
#include <array>

#include <opencv2/core.hpp>

namespace amr::ui {

enum class Colormap { Jet, Turbo, Viridis };

using ColormapLut = std::array<QRgb, 256>;  // opaque colours, index = value * 255

const ColormapLut& colormapLut(Colormap map);
QString colormapName(Colormap map);  // translated display name
inline constexpr int kColormapCount = 3;

// Float map (CV_32FC1, values clamped to [0, 1]) -> opaque colours of `map` written into `out`,
// which is reused when it already has the size and format (ARGB32_Premultiplied).
void heatmapInto(const cv::Mat& values, Colormap map, QImage& out);

}  // namespace amr::ui
