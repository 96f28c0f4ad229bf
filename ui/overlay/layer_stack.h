#pragma once
// The review overlays of one image as a stack of layers (ground truth, CAM label, seeds, refined,
// DeepLab, human mask, heatmaps, disagreement), each with its own visibility and opacity,
// composited into the one premultiplied ARGB image the canvas draws on top of the photo.
// No widgets: it runs under a live slider, in benchmarks and on worker threads alike.

#include <QImage>
#include <QSize>
#include <QString>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/core.hpp>

#include "ui/overlay/colormap.h"

namespace amr::ui {

// In drawing order, bottom first.
enum class LayerId {
    CamHeatmap,   // the selected CAM as a heatmap
    Confidence,   // DeepLab's confidence, heatmap
    Boundary,     // IRNet's boundary map, heatmap
    GroundTruth,  // label layers from here on
    CamLabel,     // the live CAM pseudo label
    Seeds,
    Refined,
    DeepLab,
    Human,
    Disagreement,  // pixels where two chosen label layers differ
};
inline constexpr int kLayerCount = 10;

bool isLabelLayer(LayerId id);
bool isHeatLayer(LayerId id);
QString layerName(LayerId id);     // translated, e.g. "Ground truth"
const char* layerKey(LayerId id);  // stable settings key, e.g. "gt", "cam", "boundary"
// The project mask version a label layer is read from ("cam", "seeds", ...), if any.
std::optional<std::string> maskVersionOf(LayerId id);

class LayerStack {
public:
    LayerStack();

    // Size of the image the layers belong to; drops all layer data when it changes.
    void setImageSize(QSize size);
    QSize imageSize() const { return m_size; }
    void clearData();

    // Label layers take CV_8UC1 class indices (255 = void), heat layers CV_8UC1 intensities
    // (255 = 1.0) of the image size. The Mat is shared, not copied: the caller may rewrite it in
    // place and composite again. Returns false (and drops the layer) for a wrong size or type.
    bool setData(LayerId id, const cv::Mat& data);
    bool hasData(LayerId id) const { return !m_layers[index(id)].data.empty(); }
    const cv::Mat& data(LayerId id) const { return m_layers[index(id)].data; }

    void setVisible(LayerId id, bool visible) { m_layers[index(id)].visible = visible; }
    bool isVisible(LayerId id) const { return m_layers[index(id)].visible; }
    void setOpacity(LayerId id, double opacity);
    double opacity(LayerId id) const { return m_layers[index(id)].opacity; }
    // Label layers over a visible heatmap are drawn as outlines with a faint fill (default), so
    // that the heatmap stays visible under them; off, they are filled as without a heatmap.
    void setOutlineOverHeatmaps(bool on) { m_outlineOverHeatmaps = on; }
    bool outlinesOverHeatmaps() const { return m_outlineOverHeatmaps; }
    // Whether a visible heat layer (CAM, confidence, boundary) has data to draw.
    bool heatmapShown() const;
    void setColormap(Colormap map) { m_colormap = map; }
    Colormap colormap() const { return m_colormap; }

    // The two label layers compared by the disagreement layer.
    void setDisagreementPair(LayerId a, LayerId b);
    LayerId disagreementA() const { return m_pairA; }
    LayerId disagreementB() const { return m_pairB; }
    // CV_8UC1, 255 where both layers have data, neither is void (255) and they differ; empty when
    // either layer has no data.
    cv::Mat disagreementMask() const;
    // The same into `out` (reused when it has the size), false when there is nothing to compare.
    bool disagreementInto(cv::Mat& out) const;

    // Composites the visible layers into a reused ARGB32_Premultiplied image of the image size
    // (transparent where no layer draws). Null when no image size is set.
    const QImage& composite();
    const QImage& lastComposite() const { return m_out; }
    // Whether any visible layer has something to draw (else the composite is all transparent).
    bool drawsAnything() const;

    // Labels (1..254 and 255 for void; background 0 excluded) present in the visible label layers,
    // ascending: what the legend lists.
    std::vector<int> presentLabels() const;

    // The disagreement colour (opaque).
    static QRgb disagreementColour() { return qRgb(255, 0, 255); }

private:
    struct Layer {
        cv::Mat data;
        bool visible = true;
        double opacity = 1.0;
    };
    static std::size_t index(LayerId id) { return std::size_t(id); }

    std::array<Layer, kLayerCount> m_layers;
    QSize m_size;
    Colormap m_colormap = Colormap::Jet;
    bool m_outlineOverHeatmaps = true;
    LayerId m_pairA = LayerId::GroundTruth;
    LayerId m_pairB = LayerId::CamLabel;
    // Two buffers used in turn: the canvas keeps the last one shown, and writing into the other
    // needs no copy-on-write detach.
    std::array<QImage, 2> m_buffers;
    int m_current = 0;
    QImage m_out;
    cv::Mat m_diff;  // reused disagreement buffer
};

}  // namespace amr::ui
