#pragma once
// The IoU-per-click curve of `amr eval-clicks --csv` as a plot: one line per method (guided
// walk, walk without CAMs, flood fill), the 85 % and 90 % targets as dashed lines.

#include <QDialog>
#include <vector>

#include "engine/review/click_eval.h"

class QCustomPlot;

namespace amr::ui {

class ClickCurveDialog : public QDialog {
    Q_OBJECT
public:
    explicit ClickCurveDialog(QWidget* parent = nullptr);
    void setCurves(const std::vector<review::ClickCurve>& curves, const QString& title);
    QCustomPlot* plot() const { return m_plot; }

private:
    QCustomPlot* m_plot;
};

}  // namespace amr::ui
