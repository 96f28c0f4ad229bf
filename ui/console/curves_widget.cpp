#include "ui/console/curves_widget.h"

#include <qcustomplot.h>
#include <QFile>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>
#include <QVBoxLayout>

namespace amr::ui {

namespace {

bool isRate(const QString& s) {
    return s.startsWith(QStringLiteral("lr"));
}
bool isSpeed(const QString& s) {
    return s == QStringLiteral("images_per_s");
}

QColor colorFor(int i) {
    static const QColor palette[] = {
        QColor(31, 119, 180),  QColor(255, 127, 14), QColor(44, 160, 44),   QColor(214, 39, 40),
        QColor(148, 103, 189), QColor(140, 86, 75),  QColor(227, 119, 194), QColor(127, 127, 127)};
    return palette[i % 8];
}

}  // namespace

CurvesWidget::CurvesWidget(QWidget* parent)
    : QWidget(parent), m_plot(new QCustomPlot(this)), m_replot(new QTimer(this)) {
    m_replot->setSingleShot(true);
    m_replot->setInterval(kReplotIntervalMs);
    connect(m_replot, &QTimer::timeout, this, [this] {
        m_plot->rescaleAxes();
        m_plot->replot();
    });
    m_plot->setNotAntialiasedElements(QCP::aePlottables);  // thin lines draw much faster
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setObjectName(QStringLiteral("curvesPlot"));
    m_plot->setMinimumHeight(180);
    m_plot->xAxis->setLabel(tr("step"));
    m_plot->yAxis->setLabel(tr("loss / mIoU"));
    m_plot->yAxis2->setVisible(true);
    m_plot->yAxis2->setLabel(tr("learning rate"));
    m_speedAxis = m_plot->axisRect()->addAxis(QCPAxis::atRight);
    m_speedAxis->setLabel(tr("images/s"));
    // The legend goes in a row under the plot, wrapping, so it never hides the curves.
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_plot->legend->setBorderPen(Qt::NoPen);
    m_plot->axisRect()->insetLayout()->take(m_plot->legend);
    m_plot->plotLayout()->addElement(1, 0, m_plot->legend);
    m_plot->plotLayout()->setRowStretchFactor(1, 0.001);
    m_plot->legend->setFillOrder(QCPLegend::foColumnsFirst);
    m_plot->legend->setWrap(5);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom | QCP::iSelectPlottables);
    // Pan and zoom the step axis and the loss axis together.
    m_plot->axisRect()->setRangeDragAxes(m_plot->xAxis, m_plot->yAxis);
    m_plot->axisRect()->setRangeZoomAxes(m_plot->xAxis, m_plot->yAxis);
}

QCPAxis* CurvesWidget::axisFor(const QString& series) const {
    if (isRate(series))
        return m_plot->yAxis2;
    if (isSpeed(series))
        return m_speedAxis;
    return m_plot->yAxis;
}

QCPGraph* CurvesWidget::graphFor(const QString& series, bool overlay) {
    auto& map = overlay ? m_overlayGraphs : m_live;
    if (auto it = map.find(series); it != map.end())
        return *it;
    auto* g = m_plot->addGraph(m_plot->xAxis, axisFor(series));
    const int index = overlay ? m_order.indexOf(series) : m_order.size();
    QPen pen(colorFor(index < 0 ? map.size() : index));
    pen.setWidthF(1.5);
    if (overlay) {
        pen.setStyle(Qt::DashLine);
        g->setName(m_overlayLabel + QStringLiteral(": ") + series);
    } else {
        g->setName(series);
        m_order.append(series);
    }
    if (series == QStringLiteral("miou"))
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, 6));
    g->setPen(pen);
    map.insert(series, g);
    return g;
}

void CurvesWidget::clear() {
    m_plot->clearGraphs();
    m_live.clear();
    m_overlayGraphs.clear();
    m_order.clear();
    m_points.clear();
    m_overlay.clear();
    rescale();
}

void CurvesWidget::addPoints(const QList<MetricPoint>& batch) {
    for (const auto& p : batch) {
        m_points.append(p);
        for (const auto& [name, v] : p.values)
            graphFor(name, false)->addData(p.step, v);
    }
    rescale();
}

void CurvesWidget::setOverlay(const QString& label, const QList<MetricPoint>& points) {
    for (auto* g : std::as_const(m_overlayGraphs))
        m_plot->removeGraph(g);
    m_overlayGraphs.clear();
    m_overlay = points;
    m_overlayLabel = label;
    for (const auto& p : points)
        for (const auto& [name, v] : p.values)
            graphFor(name, true)->addData(p.step, v);
    rescale();
}

void CurvesWidget::rescale() {
    if (!m_replot->isActive())
        m_replot->start();
}

QStringList CurvesWidget::seriesNames() const {
    return m_order;
}

int CurvesWidget::pointCount(const QString& series) const {
    auto it = m_live.find(series);
    return it == m_live.end() ? 0 : (*it)->dataCount();
}

bool CurvesWidget::exportCsv(const QString& path) const {
    QSaveFile f(path);  // written whole or not at all
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    QTextStream out(&f);
    out << "step";
    for (const auto& s : m_order)
        out << ',' << s;
    out << '\n';
    for (const auto& p : m_points) {
        out << QString::number(p.step, 'g', 12);
        for (const auto& s : m_order) {
            out << ',';
            const double v = p.value(s);
            if (!qIsNaN(v))
                out << QString::number(v, 'g', 8);
        }
        out << '\n';
    }
    out.flush();
    return f.commit();
}

bool CurvesWidget::exportPng(const QString& path, int width, int height) const {
    m_plot->rescaleAxes();
    return m_plot->savePng(path, width, height);
}

}  // namespace amr::ui
