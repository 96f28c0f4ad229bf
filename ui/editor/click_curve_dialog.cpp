#include "ui/editor/click_curve_dialog.h"

#include <QVBoxLayout>
#include <algorithm>

#include <qcustomplot.h>

namespace amr::ui {

ClickCurveDialog::ClickCurveDialog(QWidget* parent)
    : QDialog(parent), m_plot(new QCustomPlot(this)) {
    setWindowTitle(tr("IoU per Click"));
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_plot);
    m_plot->setMinimumSize(480, 320);
    m_plot->xAxis->setLabel(tr("clicks"));
    m_plot->yAxis->setLabel(tr("mean IoU"));
    m_plot->yAxis->setRange(0, 1);
    m_plot->legend->setVisible(true);
    m_plot->axisRect()->insetLayout()->setInsetAlignment(0, Qt::AlignBottom | Qt::AlignRight);
}

void ClickCurveDialog::setCurves(const std::vector<review::ClickCurve>& curves,
                                 const QString& title) {
    setWindowTitle(tr("IoU per Click: %1").arg(title));
    m_plot->clearGraphs();
    m_plot->clearItems();
    const QColor colours[] = {QColor(200, 40, 40), QColor(40, 90, 200), QColor(60, 160, 60),
                              QColor(150, 80, 180)};
    const QCPScatterStyle::ScatterShape shapes[] = {
        QCPScatterStyle::ssCircle, QCPScatterStyle::ssSquare, QCPScatterStyle::ssTriangle,
        QCPScatterStyle::ssDiamond};
    // Methods often coincide (the guided walk and the plain walk within 0.01 IoU): the first
    // curve (the tool itself) is drawn last, on top, thick and solid, the baselines thinner and
    // dashed with other markers, so that a hidden curve still shows. The legend keeps the file's
    // order.
    int clicks = 1;
    std::vector<QCPGraph*> graphs(curves.size());
    for (std::size_t i = curves.size(); i-- > 0;) {
        QCPGraph* g = m_plot->addGraph();
        graphs[i] = g;
        QVector<double> x, y;
        for (std::size_t k = 0; k < curves[i].mean_iou.size(); ++k) {
            x << double(k);
            y << curves[i].mean_iou[k];
        }
        clicks = std::max(clicks, int(x.size()) - 1);
        g->setData(x, y);
        const QColor colour = colours[i % 4];
        g->setPen(i == 0 ? QPen(colour, 2.5) : QPen(colour, 1.5, Qt::DashLine));
        g->setScatterStyle(QCPScatterStyle(shapes[i % 4], colour, i == 0 ? 6 : 8));
        g->setName(tr("%1 (%n object(s))", nullptr, int(curves[i].objects))
                       .arg(QString::fromStdString(curves[i].method)));
        g->removeFromLegend();
    }
    for (QCPGraph* g : graphs)
        g->addToLegend();
    for (double target : {0.85, 0.90}) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->point1->setCoords(0, target);
        line->point2->setCoords(1, target);
        line->setPen(QPen(Qt::gray, 1, Qt::DashLine));
    }
    m_plot->xAxis->setRange(0, clicks);
    m_plot->replot();
}

}  // namespace amr::ui
