#pragma once
// The overlay layers panel: per layer a visibility toggle (also a checkable QAction with a
// shortcut) and an opacity slider, the pair of layers the disagreement layer compares, and the
// legend of the classes present. Changes go straight to the CamController.

#include <QWidget>
#include <array>

#include "ui/overlay/layer_stack.h"

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QListView;
class QSlider;

namespace amr::data {
class ClassList;
}

namespace amr::ui {

class CamController;
class LegendModel;

class OverlayPanel : public QWidget {
    Q_OBJECT
public:
    explicit OverlayPanel(CamController* controller, QWidget* parent = nullptr);

    // Checkable toggle of a layer (G, C, S, R, D, H, X... as shortcuts; see the .cpp).
    QAction* toggleAction(LayerId id) const { return m_rows[std::size_t(id)].action; }
    QList<QAction*> actions() const;
    QSlider* opacitySlider(LayerId id) const { return m_rows[std::size_t(id)].opacity; }
    QComboBox* disagreementA() const { return m_pairA; }
    QCheckBox* outlineOverHeatmaps() const { return m_outline; }
    QComboBox* disagreementB() const { return m_pairB; }
    LegendModel* legend() const { return m_legend; }
    void setClasses(const amr::data::ClassList& classes);

private:
    struct Row {
        QAction* action = nullptr;
        QCheckBox* check = nullptr;
        QSlider* opacity = nullptr;
        QLabel* state = nullptr;
    };
    void onDataChanged();
    void updateLegend();
    void applyPair();

    CamController* m_controller;
    std::array<Row, kLayerCount> m_rows;
    QCheckBox* m_outline;
    QComboBox* m_pairA;
    QComboBox* m_pairB;
    LegendModel* m_legend;
    QListView* m_legendView;
};

}  // namespace amr::ui
