#pragma once
// The CAM viewer's controls: class, kind and colormap of the heatmap, its opacity, and the live
// recalibration sliders (α and background threshold) with their nudge shortcuts.

#include <QWidget>

#include "engine/data/class_list.h"

class QAction;
class QComboBox;
class QLabel;
class QPushButton;
class QSlider;

namespace amr::ui {

class CamController;

class CamPanel : public QWidget {
    Q_OBJECT
public:
    explicit CamPanel(CamController* controller, QWidget* parent = nullptr);

    static constexpr int kSteps = 100;  // slider resolution: 0.01

    QSlider* alphaSlider() const { return m_alpha; }
    QSlider* thresholdSlider() const { return m_threshold; }
    QSlider* heatmapOpacitySlider() const { return m_heatOpacity; }
    QComboBox* classSelector() const { return m_class; }
    QComboBox* kindSelector() const { return m_kind; }
    QComboBox* colormapSelector() const { return m_colormap; }
    QPushButton* compareButton() const { return m_compare; }
    QPushButton* applyButton() const { return m_apply; }
    // , and . nudge α; ; and ' nudge the threshold (by one slider step).
    QList<QAction*> actions() const;
    void setClasses(const amr::data::ClassList& classes);
    // A problem with the whole CAM store (e.g. every CAM is zero), shown above the status line;
    // empty hides it.
    void setStoreWarning(const QString& text);
    QString storeWarning() const;
    QString statusText() const;

private:
    void onDataChanged();
    void syncFromController();

    CamController* m_controller;
    amr::data::ClassList m_classes;
    QComboBox* m_class;
    QComboBox* m_kind;
    QComboBox* m_colormap;
    QSlider* m_heatOpacity;
    QSlider* m_alpha;
    QSlider* m_threshold;
    QLabel* m_alphaValue;
    QLabel* m_thresholdValue;
    QLabel* m_status;
    QLabel* m_warning;
    QPushButton* m_compare;
    QPushButton* m_apply;
    QList<QAction*> m_actions;
};

}  // namespace amr::ui
