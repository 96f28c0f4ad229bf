#include "ui/overlay/colormap.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

namespace amr::ui {
namespace {

int channel(double v) {
    return std::clamp(int(std::lround(v * 255.0)), 0, 255);
}

// Piecewise-linear MATLAB jet.
QRgb jet(double x) {
    auto ramp = [](double v) { return std::clamp(1.5 - std::abs(v), 0.0, 1.0); };
    return qRgb(channel(ramp(4 * x - 3)), channel(ramp(4 * x - 2)), channel(ramp(4 * x - 1)));
}

// Polynomial fits of Google's Turbo and matplotlib's viridis (max error about 1/255 for viridis,
// a few for turbo): exact enough for display and free of 768-number tables.
QRgb turbo(double x) {
    const double r =
        0.13572138 +
        x * (4.61539260 +
             x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
    const double g =
        0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 +
                                                              x * (4.27729857 + x * 2.82956604))));
    const double b =
        0.10667330 +
        x * (12.64194608 +
             x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
    return qRgb(channel(r), channel(g), channel(b));
}

QRgb viridis(double t) {
    static const double c[7][3] = {{0.2777273272234177, 0.005407344544966578, 0.3340998053353061},
                                   {0.1050930431085774, 1.404613529898575, 1.384590162594685},
                                   {-0.3308618287255563, 0.214847559468213, 0.09509516302823659},
                                   {-4.634230498983486, -5.799100973351585, -19.33244095627987},
                                   {6.228269936347081, 14.17993336680509, 56.69055260068105},
                                   {4.776384997670288, -13.74514537774601, -65.35303263337234},
                                   {-5.435455855934631, 4.645852612178535, 26.3124352495832}};
    double rgb[3];
    for (int k = 0; k < 3; ++k) {
        double v = c[6][k];
        for (int i = 5; i >= 0; --i)
            v = c[i][k] + t * v;
        rgb[k] = v;
    }
    return qRgb(channel(rgb[0]), channel(rgb[1]), channel(rgb[2]));
}

ColormapLut build(QRgb (*fn)(double)) {
    ColormapLut lut{};
    for (int i = 0; i < 256; ++i)
        lut[std::size_t(i)] = fn(i / 255.0);
    return lut;
}

}  // namespace

const ColormapLut& colormapLut(Colormap map) {
    static const ColormapLut jetLut = build(jet);
    static const ColormapLut turboLut = build(turbo);
    static const ColormapLut viridisLut = build(viridis);
    switch (map) {
        case Colormap::Jet:
            return jetLut;
        case Colormap::Turbo:
            return turboLut;
        case Colormap::Viridis:
            break;
    }
    return viridisLut;
}

QString colormapName(Colormap map) {
    switch (map) {
        case Colormap::Jet:
            return QCoreApplication::translate("Colormap", "Jet");
        case Colormap::Turbo:
            return QCoreApplication::translate("Colormap", "Turbo");
        case Colormap::Viridis:
            break;
    }
    return QCoreApplication::translate("Colormap", "Viridis");
}

void heatmapInto(const cv::Mat& values, Colormap map, QImage& out) {
    if (values.empty() || values.type() != CV_32FC1) {
        out = QImage();
        return;
    }
    const QSize size(values.cols, values.rows);
    if (out.size() != size || out.format() != QImage::Format_ARGB32_Premultiplied)
        out = QImage(size, QImage::Format_ARGB32_Premultiplied);
    const ColormapLut& lut = colormapLut(map);
    for (int y = 0; y < values.rows; ++y) {
        const float* v = values.ptr<float>(y);
        auto* dst = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < values.cols; ++x) {
            const float c = std::clamp(v[x], 0.0f, 1.0f);
            dst[x] = lut[std::size_t(c * 255.0f + 0.5f)];
        }
    }
}

}  // namespace amr::ui
