// UI responsiveness of the training console while a training job runs: the event loop's gaps
// (a 5 ms QTimer; a gap is the time between two ticks), idle versus during a train-cam job of
// the `quick` preset on a small demo dataset, the rate of progress/metrics deliveries, and how
// long Cancel takes to end the job (from the click to the job's finished signal).
//
//   QT_QPA_PLATFORM=offscreen bench_ui_latency [seconds of training=20] [scratch=$TMPDIR]
//                                              [train-cam options JSON over the quick preset]
//                                              [torch threads=all cores]
// Goals: max gap < 100 ms during the job; cancel < 1 s.

#include "engine/data/demo_data.h"
#include "engine/project/project.h"

#include <qcustomplot.h>
#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <vector>

#include "engine/core/runtime.h"
#include "ui/console/curves_widget.h"
#include "ui/console/metrics_relay.h"
#include "ui/console/training_console.h"
#include "ui/jobs/job_queue.h"

namespace {

struct Gaps {
    std::vector<double> ms;
    void print(const char* label) {
        if (ms.empty()) {
            std::printf("%-22s no ticks\n", label);
            return;
        }
        std::sort(ms.begin(), ms.end());
        auto q = [&](double f) { return ms[std::min(ms.size() - 1, std::size_t(f * ms.size()))]; };
        std::printf("%-22s ticks %6zu  p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms\n", label,
                    ms.size(), q(0.5), q(0.99), ms.back());
    }
};

// Runs the event loop for `seconds`, recording the gaps between 5 ms timer ticks.
Gaps measure(double seconds) {
    Gaps g;
    QElapsedTimer clock;
    clock.start();
    qint64 last = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    tick.setInterval(5);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last > 0)
            g.ms.push_back((now - last) / 1e6);
        last = now;
    });
    tick.start();
    QEventLoop loop;
    QTimer::singleShot(int(seconds * 1000), &loop, &QEventLoop::quit);
    loop.exec();
    return g;
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    amr::init_runtime(argc > 4 ? std::atoi(argv[4]) : 0);
    const double seconds = argc > 1 ? std::atof(argv[1]) : 20;
    QTemporaryDir scratch(argc > 2 ? QString::fromLocal8Bit(argv[2]) + "/bench-ui-XXXXXX"
                                   : QDir::tempPath() + "/bench-ui-XXXXXX");
    const std::filesystem::path dir = scratch.path().toStdString();

    amr::data::DemoDataOptions d;
    d.output = dir / "demo";
    d.train_images = 32;
    d.val_images = 4;
    d.canvas_size = 128;
    const auto data = amr::data::make_demo_data(d).root;

    amr::ui::JobRunner runner;
    amr::ui::TrainingConsole console(&runner);
    console.resize(1200, 700);
    console.show();
    console.setProject(QString::fromStdString((dir / "project").string()),
                       QString::fromStdString(data.string()));

    measure(1.0).print("idle");

    int progressSignals = 0, metricPoints = 0;
    QObject::connect(console.queue(), &amr::ui::JobQueue::jobStarted, [&](int, amr::ui::Job* job) {
        QObject::connect(job, &amr::ui::Job::progress, [&] { ++progressSignals; });
    });
    QElapsedTimer cancelClock;
    double cancelMs = -1;
    QObject::connect(console.queue(), &amr::ui::JobQueue::jobFinished, [&] {
        if (cancelClock.isValid())
            cancelMs = cancelClock.nsecsElapsed() / 1e6;
    });
    // The quick preset as shipped (width 16, crop 128, batch 8), long enough to be cancelled.
    const QString options = argc > 3 ? QString::fromLocal8Bit(argv[3])
                                     : QStringLiteral(R"({"epochs":200,"device":"cpu"})");
    std::printf("train-cam quick + %s\n", qPrintable(options));
    console.enqueueStage("train-cam", "quick", options);
    const int before = console.curves()->totalPoints();
    Gaps during = measure(seconds);
    metricPoints = console.curves()->totalPoints() - before;
    during.print("during train-cam");
    std::printf("%-22s %d progress signals (%.1f/s), %d metric points in %.0f s\n", "deliveries",
                progressSignals, progressSignals / seconds, metricPoints, seconds);

    cancelClock.start();
    console.cancelCurrent();
    while (cancelMs < 0 && cancelClock.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    std::printf("%-22s %.0f ms (click to finished signal)\n", "cancel", cancelMs);
    std::printf("%-22s %.1f ms average, %d points on the plot\n", "curves replot",
                console.curves()->plot()->replotTime(true), console.curves()->totalPoints());
    std::printf("threads: torch %d\n", amr::torch_threads());
    return 0;
}
