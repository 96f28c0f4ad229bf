#include "ui/cam/cam_plots.h"

#include <QLabel>
#include <QVBoxLayout>
#include <cmath>

#include <qcustomplot.h>

namespace amr::ui {
namespace {

constexpr double kAlphaPad = 0.04;

}  // namespace

CamPlots::CamPlots(QWidget* parent)
    : QWidget(parent),
      m_curvePlot(new QCustomPlot(this)),
      m_barPlot(new QCustomPlot(this)),
      m_message(new QLabel(this)),
      m_headline(new QLabel(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_headline->setObjectName(QStringLiteral("camHeadline"));
    m_headline->setWordWrap(true);
    layout->addWidget(m_headline);
    m_message->setWordWrap(true);
    m_message->setAlignment(Qt::AlignCenter);
    layout->addWidget(m_message);
    layout->addWidget(m_curvePlot, 1);
    layout->addWidget(m_barPlot, 1);
    m_curvePlot->setObjectName(QStringLiteral("miouAlphaPlot"));
    m_barPlot->setObjectName(QStringLiteral("classIouPlot"));
    m_curvePlot->setMinimumHeight(150);
    m_barPlot->setMinimumHeight(150);

    m_curve = m_curvePlot->addGraph();
    m_curve->setPen(QPen(QColor(40, 110, 200), 2));
    m_curve->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 5));
    // A little room beyond 0 and 1: a marker at α = 0 or 1 would lie on the axis line or the
    // clip edge and be invisible.
    m_curvePlot->xAxis->setRange(-kAlphaPad, 1 + kAlphaPad);
    m_curvePlot->yAxis->setRange(0, 100);
    m_curvePlot->xAxis->setLabel(tr("α"));
    m_curvePlot->yAxis->setLabel(tr("CAM mIoU (%)"));
    m_marker = new QCPItemStraightLine(m_curvePlot);
    m_marker->setPen(QPen(QColor(220, 60, 40), 1.5, Qt::DashLine));
    setAlphaMarker(m_markerAlpha);

    m_bars = new QCPBars(m_barPlot->xAxis, m_barPlot->yAxis);
    m_bars->setBrush(QColor(40, 110, 200, 170));
    m_bars->setPen(Qt::NoPen);
    m_barPlot->yAxis->setRange(0, 100);
    m_barPlot->yAxis->setLabel(tr("IoU (%)"));
    // Rotated so each name ends at its bar: a name starting there would run off the right
    // edge for the last class (QCustomPlot leaves no right margin for tick labels).
    m_barPlot->xAxis->setTickLabelRotation(-60);
    m_barPlot->xAxis->setSubTicks(false);
    m_barPlot->xAxis->setTickLength(0, 3);

    setMessage(tr("No figures yet."));
}

void CamPlots::setCurve(const std::vector<double>& alphas, const std::vector<double>& miou,
                        double threshold) {
    QVector<double> x, y;
    for (std::size_t i = 0; i < alphas.size() && i < miou.size(); ++i)
        if (!std::isnan(miou[i])) {
            x << alphas[i];
            y << 100.0 * miou[i];
        }
    m_curve->setData(x, y);
    m_curvePlot->xAxis->setLabel(tr("α (background threshold %1)").arg(threshold, 0, 'f', 2));
    double top = 10;
    for (double v : y)
        top = std::max(top, v);
    m_curvePlot->yAxis->setRange(0, std::min(100.0, top * 1.15));
    m_curvePlot->replot();
    setMessage({});
}

void CamPlots::setClassIoU(const QStringList& names, const std::vector<double>& iou, double alpha,
                           double threshold) {
    QVector<double> x, y;
    auto ticker = QSharedPointer<QCPAxisTickerText>::create();
    for (int i = 0; i < names.size() && std::size_t(i) < iou.size(); ++i) {
        x << i + 1;
        y << (std::isnan(iou[std::size_t(i)]) ? 0.0 : 100.0 * iou[std::size_t(i)]);
        ticker->addTick(i + 1, names[i]);
    }
    m_bars->setData(x, y);
    m_barPlot->xAxis->setTicker(ticker);
    m_barPlot->xAxis->setRange(0.3, names.size() + 0.7);
    m_barPlot->xAxis->setLabel(
        tr("per-class IoU at α %1, threshold %2").arg(alpha, 0, 'f', 2).arg(threshold, 0, 'f', 2));
    m_barPlot->replot();
    setMessage({});
}

void CamPlots::setHeadline(double alpha, double officialMiou, double bestMiou,
                           double bestThreshold) {
    m_headline->setText(tr("Weighted CAM (α %1): <b>mIoU %2 %</b> at the official threshold 0.20; "
                           "best %3 % at %4")
                            .arg(alpha, 0, 'f', 2)
                            .arg(100.0 * officialMiou, 0, 'f', 1)
                            .arg(100.0 * bestMiou, 0, 'f', 1)
                            .arg(bestThreshold, 0, 'f', 2));
}

QString CamPlots::headline() const {
    return m_headline->text();
}

void CamPlots::setMessage(const QString& text) {
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

void CamPlots::setAlphaMarker(double alpha) {
    m_markerAlpha = alpha;
    m_marker->point1->setCoords(alpha, 0);
    m_marker->point2->setCoords(alpha, 1);
    // Only this plot changes under the slider; the layer-based replot keeps it cheap.
    m_curvePlot->replot(QCustomPlot::rpQueuedReplot);
}

int CamPlots::curvePointCount() const {
    return m_curve->dataCount();
}

int CamPlots::barCount() const {
    return m_bars->dataCount();
}

}  // namespace amr::ui
