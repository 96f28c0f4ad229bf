#pragma once
// The three CAMs of the current image and class side by side (spotlight, compensation,
// weighted at the current α), each as a heatmap over the photo, with zoom and pan shared:
// moving one view moves the others.

#include <QImage>
#include <QWidget>
#include <array>

class QLabel;

namespace amr::ui {

class CamController;
class ImageCanvas;
struct ViewTransform;

class CompareView : public QWidget {
    Q_OBJECT
public:
    explicit CompareView(CamController* controller, QWidget* parent = nullptr);

    ImageCanvas* canvas(int i) const { return m_canvases[std::size_t(i)]; }  // 0..2
    // The photo under the heatmaps (RGB32), e.g. the main canvas's image.
    void setPhoto(const QImage& photo);

public Q_SLOTS:
    void refresh();  // all three heatmaps
    void setHeatmapOpacity(double opacity);

private:
    void updateKind(int i, bool newImage);
    void syncFrom(int i, const ViewTransform& view);

    CamController* m_controller;
    std::array<ImageCanvas*, 3> m_canvases{};
    std::array<QLabel*, 3> m_titles{};
    std::array<QImage, 3> m_heat;
    QImage m_photo;
    bool m_syncing = false;
};

}  // namespace amr::ui
