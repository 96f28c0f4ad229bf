#pragma once
// Live training curves (QCustomPlot): each loss term, the learning rates and images/s against
// the step, and per-epoch mIoU when the run logs one. Loss and mIoU share the left axis, the
// learning rate and images/s have their own axes on the right. Drag to pan, wheel to zoom;
// exports PNG and CSV. A past run can be overlaid (dashed) against the live one.

#include <QList>
#include <QMap>
#include <QString>
#include <QWidget>

#include "ui/console/metrics_relay.h"

class QCustomPlot;
class QCPAxis;
class QCPGraph;
class QTimer;

namespace amr::ui {

class CurvesWidget : public QWidget {
    Q_OBJECT
public:
    explicit CurvesWidget(QWidget* parent = nullptr);

    // Drops every curve (live and overlay).
    void clear();
    void addPoints(const QList<MetricPoint>& batch);
    // Shows `points` dashed under `label` (e.g. "run 3"); an empty list removes the overlay.
    void setOverlay(const QString& label, const QList<MetricPoint>& points);

    QStringList seriesNames() const;              // live series, in the order they appeared
    int pointCount(const QString& series) const;  // live points of one series
    int totalPoints() const { return m_points.size(); }
    int overlayPoints() const { return m_overlay.size(); }
    QCustomPlot* plot() const { return m_plot; }

    // Step plus one column per live series (empty where a step lacks it). False on failure.
    bool exportCsv(const QString& path) const;
    bool exportPng(const QString& path, int width = 1200, int height = 700) const;

    // Live data arrives at up to 10 Hz; redrawing at 4 Hz keeps the UI thread free.
    static constexpr int kReplotIntervalMs = 250;

private:
    QCPGraph* graphFor(const QString& series, bool overlay);
    QCPAxis* axisFor(const QString& series) const;
    void rescale();

    QCustomPlot* m_plot;
    QTimer* m_replot;  // coalesces replots: at most kReplotIntervalMs apart
    QCPAxis* m_speedAxis;
    QMap<QString, QCPGraph*> m_live;
    QMap<QString, QCPGraph*> m_overlayGraphs;
    QStringList m_order;
    QList<MetricPoint> m_points;
    QList<MetricPoint> m_overlay;
    QString m_overlayLabel;
};

}  // namespace amr::ui
