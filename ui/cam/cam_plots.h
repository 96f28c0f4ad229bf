#pragma once
// Where the dataset has ground truth: CAM mIoU against α (at the current threshold) with a
// marker at the current α that follows the slider, and the per-class IoU at the current α and
// threshold as bars. The figures come from the engine's eval_cams, run as a background job by
// the CamViewer; this widget only draws them.

#include <QStringList>
#include <QWidget>
#include <vector>

class QCPItemStraightLine;
class QCPBars;
class QCPGraph;
class QCustomPlot;
class QLabel;

namespace amr::ui {

class CamPlots : public QWidget {
    Q_OBJECT
public:
    explicit CamPlots(QWidget* parent = nullptr);

    // mIoU (0..1) per α, measured at `threshold`.
    void setCurve(const std::vector<double>& alphas, const std::vector<double>& miou,
                  double threshold);
    // IoU (0..1, NaN = undefined) per label name, at this α and threshold.
    void setClassIoU(const QStringList& names, const std::vector<double>& iou, double alpha,
                     double threshold);
    // The headline above the plots: the weighted CAM's mIoU (0..1) at the official threshold
    // 0.20, with the best of the threshold sweep beside it.
    void setHeadline(double alpha, double officialMiou, double bestMiou, double bestThreshold);
    QString headline() const;
    // Shows `text` instead of figures (e.g. no ground truth), or the plots again when empty.
    void setMessage(const QString& text);

    double markerAlpha() const { return m_markerAlpha; }
    QCustomPlot* curvePlot() const { return m_curvePlot; }
    QCustomPlot* barPlot() const { return m_barPlot; }
    int curvePointCount() const;
    int barCount() const;

public Q_SLOTS:
    void setAlphaMarker(double alpha);

private:
    QCustomPlot* m_curvePlot;
    QCustomPlot* m_barPlot;
    QCPGraph* m_curve;
    QCPItemStraightLine* m_marker;
    QCPBars* m_bars;
    QLabel* m_message;
    QLabel* m_headline;
    double m_markerAlpha = 0.5;
};

}  // namespace amr::ui
