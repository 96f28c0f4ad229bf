#include "ui/console/metrics_relay.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMetaObject>
#include <QTimer>
#include <chrono>
#include <mutex>

namespace amr::ui {

double MetricPoint::value(const QString& series, double fallback) const {
    for (const auto& [name, v] : values)
        if (name == series)
            return v;
    return fallback;
}

MetricPoint toMetricPoint(const amr::train::TrainProgress& p) {
    MetricPoint m;
    m.stage = QString::fromStdString(p.stage);
    m.step = double(p.step);
    m.totalSteps = double(p.total_steps);
    m.epoch = p.epoch;
    m.etaS = p.eta_s;
    m.values.append({QStringLiteral("loss"), p.loss});
    for (const auto& [name, v] : p.terms)
        if (name != "loss")
            m.values.append({QString::fromStdString(name), v});
    for (const auto& [name, v] : p.lr)
        m.values.append({QStringLiteral("lr_") + QString::fromStdString(name), v});
    m.values.append({QStringLiteral("images_per_s"), p.images_per_s});
    return m;
}

QList<MetricPoint> readMetricsJsonl(const QString& path) {
    QList<MetricPoint> out;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return out;
    while (!f.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(f.readLine()).object();
        if (!o.contains(QStringLiteral("step")))
            continue;
        MetricPoint m;
        m.stage = o.value(QStringLiteral("stage")).toString();
        m.step = o.value(QStringLiteral("step")).toDouble();
        m.totalSteps = o.value(QStringLiteral("total_steps")).toDouble();
        m.epoch = o.value(QStringLiteral("epoch")).toInt();
        m.etaS = o.value(QStringLiteral("eta_s")).toDouble();
        for (auto it = o.begin(); it != o.end(); ++it) {
            static const QStringList meta{"stage", "step", "total_steps", "epoch", "eta_s"};
            if (it.value().isDouble() && !meta.contains(it.key()))
                m.values.append({it.key(), it.value().toDouble()});
        }
        out.append(m);
    }
    return out;
}

// Shared by the relay (UI thread) and the sinks (worker threads); the relay pointer is
// cleared when the relay is destroyed so late sinks post nowhere.
struct MetricsRelay::Shared {
    std::mutex mutex;
    MetricsRelay* relay = nullptr;  // guarded by mutex
    QList<MetricPoint> buffer;
    bool flushPosted = false;
    std::chrono::steady_clock::time_point lastFlush{};
};

MetricsRelay::MetricsRelay(QObject* parent)
    : QObject(parent), m_shared(std::make_shared<Shared>()) {
    m_shared->relay = this;
    qRegisterMetaType<MetricPoint>();
    qRegisterMetaType<QList<MetricPoint>>();
}

MetricsRelay::~MetricsRelay() {
    std::lock_guard lock(m_shared->mutex);
    m_shared->relay = nullptr;
}

amr::train::MetricsSink MetricsRelay::sink() {
    std::shared_ptr<Shared> shared = m_shared;
    return [shared](const amr::train::TrainProgress& p) {
        MetricPoint point = toMetricPoint(p);
        std::lock_guard lock(shared->mutex);
        shared->buffer.append(std::move(point));
        if (shared->flushPosted || !shared->relay)
            return;
        shared->flushPosted = true;
        // Throttle: the flush runs on the UI thread no earlier than kIntervalMs after the last.
        const auto now = std::chrono::steady_clock::now();
        const auto since =
            std::chrono::duration_cast<std::chrono::milliseconds>(now - shared->lastFlush).count();
        const int delay = since >= kIntervalMs ? 0 : int(kIntervalMs - since);
        QMetaObject::invokeMethod(
            shared->relay,
            [shared, delay] {
                auto flush = [shared] {
                    QList<MetricPoint> batch;
                    MetricsRelay* relay = nullptr;
                    {
                        std::lock_guard lock(shared->mutex);
                        batch.swap(shared->buffer);
                        shared->flushPosted = false;
                        shared->lastFlush = std::chrono::steady_clock::now();
                        relay = shared->relay;
                    }
                    if (relay && !batch.isEmpty())
                        emit relay->points(batch);
                };
                if (delay == 0)
                    flush();
                else
                    QTimer::singleShot(delay, shared->relay, flush);
            },
            Qt::QueuedConnection);
    };
}

}  // namespace amr::ui
