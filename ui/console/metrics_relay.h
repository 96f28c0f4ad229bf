#pragma once
// Training metrics from a job's worker thread to the UI thread: the engine's MetricsSink
// buffers every point and posts the batch as one queued signal at most every 100 ms, so the
// curves lose no point and the event loop is never flooded.

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>
#include <memory>

#include "engine/train/train.h"

namespace amr::ui {

// One training step, in Qt types. Series are named "loss", "<term>", "lr_<group>",
// "images_per_s" and, when logged, "miou".
struct MetricPoint {
    QString stage;
    double step = 0;
    double totalSteps = 0;
    int epoch = 0;
    double etaS = 0;
    QList<QPair<QString, double>> values;

    double value(const QString& series, double fallback = qQNaN()) const;
};

// Reads a training metrics JSON-lines file (engine/train/train_loop: one object per step).
// Lines that are not objects with a "step" are skipped; a missing file gives no points.
QList<MetricPoint> readMetricsJsonl(const QString& path);
MetricPoint toMetricPoint(const amr::train::TrainProgress& p);

class MetricsRelay : public QObject {
    Q_OBJECT
public:
    explicit MetricsRelay(QObject* parent = nullptr);
    ~MetricsRelay() override;

    // A sink for the engine, callable from any thread, valid while the relay lives.
    amr::train::MetricsSink sink();

    static constexpr int kIntervalMs = 100;

Q_SIGNALS:
    void points(const QList<amr::ui::MetricPoint>& batch);

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
};

}  // namespace amr::ui

Q_DECLARE_METATYPE(amr::ui::MetricPoint)
