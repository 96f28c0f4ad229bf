#include "ui/overlay/layer_stack.h"

#include <QCoreApplication>
#include <algorithm>
#include <cstdint>

#include "engine/data/label_png.h"

namespace amr::ui {
namespace {

// x * a / 255 on all four 8-bit channels at once (a in 0..255), rounded.
inline std::uint32_t byteMul(std::uint32_t x, std::uint32_t a) {
    std::uint32_t t = (x & 0xff00ffu) * a;
    t = (t + ((t >> 8) & 0xff00ffu) + 0x800080u) >> 8;
    t &= 0xff00ffu;
    x = ((x >> 8) & 0xff00ffu) * a;
    x = x + ((x >> 8) & 0xff00ffu) + 0x800080u;
    x &= 0xff00ff00u;
    return x | t;
}

// Premultiplied colour with alpha `a` (0..255) from an opaque colour.
inline QRgb premultiplied(QRgb opaque, int a) {
    return byteMul(opaque | 0xff000000u, std::uint32_t(a));
}

using Lut = std::array<QRgb, 256>;

Lut labelLut(int alpha) {
    const auto& pal = amr::data::voc_palette();
    Lut lut{};
    lut[0] = 0;  // background shows the photo
    for (int i = 1; i < 256; ++i) {
        const auto& c = pal[std::size_t(i)];
        lut[std::size_t(i)] = premultiplied(qRgb(c[0], c[1], c[2]), alpha);
    }
    return lut;
}

// Low values are drawn fainter (a quarter of the layer's opacity at 0), so a heatmap tints the
// background lightly and the photo stays readable where the map is cold.
Lut heatLut(Colormap map, int alpha) {
    const ColormapLut& cm = colormapLut(map);
    Lut lut{};
    for (int i = 0; i < 256; ++i)
        lut[std::size_t(i)] = premultiplied(cm[std::size_t(i)], alpha * (64 + 3 * i / 4) / 255);
    return lut;
}

// dst = src over dst for every pixel, src looked up from the 8-bit layer through `lut`.
void drawOver(const cv::Mat& data, const Lut& lut, QImage& out) {
    for (int y = 0; y < data.rows; ++y) {
        const std::uint8_t* s = data.ptr<std::uint8_t>(y);
        auto* d = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < data.cols; ++x) {
            const QRgb c = lut[s[x]];
            if (c == 0)
                continue;
            d[x] = c + byteMul(d[x], 255u - qAlpha(c));
        }
    }
}

// A label layer over a heatmap: each region's edge (pixels with another label among their 8
// neighbours) at the layer's colour, its inside at a quarter of it, so the heatmap shows through
// and the label's shape stays readable.
void drawOutlined(const cv::Mat& data, const Lut& edge, const Lut& inside, QImage& out) {
    const int last = data.rows - 1;
    for (int y = 0; y < data.rows; ++y) {
        const std::uint8_t* up = data.ptr<std::uint8_t>(std::max(y - 1, 0));
        const std::uint8_t* s = data.ptr<std::uint8_t>(y);
        const std::uint8_t* down = data.ptr<std::uint8_t>(std::min(y + 1, last));
        auto* d = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < data.cols; ++x) {
            const std::uint8_t v = s[x];
            if (edge[v] == 0)
                continue;
            const int l = std::max(x - 1, 0);
            const int r = std::min(x + 1, data.cols - 1);
            const bool border = up[l] != v || up[x] != v || up[r] != v || s[l] != v || s[r] != v ||
                                down[l] != v || down[x] != v || down[r] != v;
            const QRgb c = border ? edge[v] : inside[v];
            d[x] = c + byteMul(d[x], 255u - qAlpha(c));
        }
    }
}

}  // namespace

bool isLabelLayer(LayerId id) {
    return id >= LayerId::GroundTruth && id <= LayerId::Human;
}

bool isHeatLayer(LayerId id) {
    return id <= LayerId::Boundary;
}

QString layerName(LayerId id) {
    const char* text = "";
    switch (id) {
        case LayerId::CamHeatmap:
            text = QT_TRANSLATE_NOOP("LayerStack", "CAM heatmap");
            break;
        case LayerId::Confidence:
            text = QT_TRANSLATE_NOOP("LayerStack", "DeepLab confidence");
            break;
        case LayerId::Boundary:
            text = QT_TRANSLATE_NOOP("LayerStack", "Boundary map");
            break;
        case LayerId::GroundTruth:
            text = QT_TRANSLATE_NOOP("LayerStack", "Ground truth");
            break;
        case LayerId::CamLabel:
            text = QT_TRANSLATE_NOOP("LayerStack", "CAM pseudo label");
            break;
        case LayerId::Seeds:
            text = QT_TRANSLATE_NOOP("LayerStack", "Seeds");
            break;
        case LayerId::Refined:
            text = QT_TRANSLATE_NOOP("LayerStack", "Refined");
            break;
        case LayerId::DeepLab:
            text = QT_TRANSLATE_NOOP("LayerStack", "DeepLab prediction");
            break;
        case LayerId::Human:
            text = QT_TRANSLATE_NOOP("LayerStack", "Human mask");
            break;
        case LayerId::Disagreement:
            text = QT_TRANSLATE_NOOP("LayerStack", "Disagreement");
            break;
    }
    return QCoreApplication::translate("LayerStack", text);
}

const char* layerKey(LayerId id) {
    static const char* keys[kLayerCount] = {"heatmap", "confidence",  "boundary", "gt",
                                            "cam",     "seeds",       "refined",  "deeplab",
                                            "human",   "disagreement"};
    return keys[std::size_t(id)];
}

std::optional<std::string> maskVersionOf(LayerId id) {
    switch (id) {
        case LayerId::CamLabel:
            return "cam";
        case LayerId::Seeds:
            return "seeds";
        case LayerId::Refined:
            return "refined";
        case LayerId::DeepLab:
            return "deeplab";
        case LayerId::Human:
            return "human";
        default:
            return std::nullopt;
    }
}

LayerStack::LayerStack() {
    m_layers[index(LayerId::Disagreement)].visible = false;
    // Label layers are opaque: the canvas's mask opacity blends the whole overlay with the photo.
    for (Layer& l : m_layers)
        l.opacity = 1.0;
    m_layers[index(LayerId::CamHeatmap)].opacity = 0.6;
    m_layers[index(LayerId::Confidence)].opacity = 0.6;
    m_layers[index(LayerId::Boundary)].opacity = 0.6;
}

void LayerStack::setImageSize(QSize size) {
    if (size == m_size)
        return;
    m_size = size;
    clearData();
    m_out = QImage();
    m_buffers = {};
}

void LayerStack::clearData() {
    for (Layer& l : m_layers)
        l.data = cv::Mat();
}

bool LayerStack::setData(LayerId id, const cv::Mat& data) {
    Layer& layer = m_layers[index(id)];
    layer.data = cv::Mat();
    if (data.empty() || id == LayerId::Disagreement)
        return data.empty();
    if (data.type() != CV_8UC1 || data.cols != m_size.width() || data.rows != m_size.height())
        return false;
    layer.data = data;
    return true;
}

void LayerStack::setOpacity(LayerId id, double opacity) {
    m_layers[index(id)].opacity = std::clamp(opacity, 0.0, 1.0);
}

void LayerStack::setDisagreementPair(LayerId a, LayerId b) {
    if (isLabelLayer(a))
        m_pairA = a;
    if (isLabelLayer(b))
        m_pairB = b;
}

cv::Mat LayerStack::disagreementMask() const {
    cv::Mat out;
    if (!disagreementInto(out))
        return {};
    return out;
}

bool LayerStack::disagreementInto(cv::Mat& out) const {
    const cv::Mat& a = m_layers[index(m_pairA)].data;
    const cv::Mat& b = m_layers[index(m_pairB)].data;
    if (a.empty() || b.empty() || m_pairA == m_pairB)
        return false;
    out.create(a.size(), CV_8UC1);
    for (int y = 0; y < a.rows; ++y) {
        const std::uint8_t* pa = a.ptr<std::uint8_t>(y);
        const std::uint8_t* pb = b.ptr<std::uint8_t>(y);
        std::uint8_t* po = out.ptr<std::uint8_t>(y);
        for (int x = 0; x < a.cols; ++x)
            po[x] = (pa[x] != pb[x] && pa[x] != 255 && pb[x] != 255) ? 255 : 0;
    }
    return true;
}

bool LayerStack::heatmapShown() const {
    for (int i = 0; i < kLayerCount; ++i) {
        const Layer& layer = m_layers[std::size_t(i)];
        if (isHeatLayer(LayerId(i)) && layer.visible && layer.opacity > 0.0 && !layer.data.empty())
            return true;
    }
    return false;
}

const QImage& LayerStack::composite() {
    if (m_size.isEmpty()) {
        m_out = QImage();
        return m_out;
    }
    m_current = 1 - m_current;
    QImage& buffer = m_buffers[std::size_t(m_current)];
    m_out = QImage();  // drop our reference so the buffer is ours alone unless shown
    if (buffer.size() != m_size || buffer.format() != QImage::Format_ARGB32_Premultiplied)
        buffer = QImage(m_size, QImage::Format_ARGB32_Premultiplied);
    buffer.fill(Qt::transparent);
    const bool outlined = m_outlineOverHeatmaps && heatmapShown();
    for (int i = 0; i < kLayerCount; ++i) {
        const auto id = LayerId(i);
        const Layer& layer = m_layers[std::size_t(i)];
        if (!layer.visible || layer.opacity <= 0.0)
            continue;
        const int alpha = int(layer.opacity * 255.0 + 0.5);
        if (id == LayerId::Disagreement) {
            if (!disagreementInto(m_diff))
                continue;
            Lut lut{};
            lut[255] = premultiplied(disagreementColour(), alpha);
            drawOver(m_diff, lut, buffer);
        } else if (layer.data.empty()) {
            continue;
        } else if (isHeatLayer(id)) {
            drawOver(layer.data, heatLut(m_colormap, alpha), buffer);
        } else if (outlined) {
            drawOutlined(layer.data, labelLut(alpha), labelLut(alpha / 4), buffer);
        } else {
            drawOver(layer.data, labelLut(alpha), buffer);
        }
    }
    m_out = buffer;
    return m_out;
}

bool LayerStack::drawsAnything() const {
    for (int i = 0; i < kLayerCount; ++i) {
        const Layer& layer = m_layers[std::size_t(i)];
        if (!layer.visible || layer.opacity <= 0.0)
            continue;
        if (LayerId(i) == LayerId::Disagreement ? !disagreementMask().empty() : !layer.data.empty())
            return true;
    }
    return false;
}

std::vector<int> LayerStack::presentLabels() const {
    std::array<bool, 256> seen{};
    for (int i = 0; i < kLayerCount; ++i) {
        const auto id = LayerId(i);
        const Layer& layer = m_layers[std::size_t(i)];
        if (!isLabelLayer(id) || !layer.visible || layer.data.empty())
            continue;
        for (int y = 0; y < layer.data.rows; ++y) {
            const std::uint8_t* p = layer.data.ptr<std::uint8_t>(y);
            for (int x = 0; x < layer.data.cols; ++x)
                seen[p[x]] = true;
        }
    }
    std::vector<int> out;
    for (int v = 1; v < 256; ++v)
        if (seen[std::size_t(v)])
            out.push_back(v);
    return out;
}

}  // namespace amr::ui
