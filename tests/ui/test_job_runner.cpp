// The job runner: progress arrives on the UI thread, success/failure/cancel are reported once.

#include <QSignalSpy>
#include <QStandardPaths>
#include <QThread>
#include <QtTest>
#include <atomic>

#include "ui/jobs/job_runner.h"

using amr::ui::Job;
using amr::ui::JobRunner;

class TestJobRunner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        qRegisterMetaType<Job::State>();
    }

    void deliversProgressAndSucceeds() {
        JobRunner runner;
        std::atomic<bool> onWorker{false};
        QThread* ui = QThread::currentThread();
        QList<qint64> seen;
        bool progressOnUiThread = true;
        Job* job = runner.start(QStringLiteral("count"), [&](const amr::JobContext& ctx) {
            onWorker = QThread::currentThread() != ui;
            for (int i = 1; i <= 50; ++i) {
                ctx.report(std::size_t(i), 50, "step " + std::to_string(i));
                QThread::msleep(2);
            }
        });
        QCOMPARE(job->title(), QStringLiteral("count"));
        QCOMPARE(runner.activeCount(), 1);
        connect(job, &Job::progress, this, [&](qint64 done, qint64 total, const QString&) {
            progressOnUiThread = progressOnUiThread && QThread::currentThread() == ui;
            QCOMPARE(total, qint64(50));
            seen << done;
        });
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).value<Job::State>(), Job::State::Succeeded);
        QVERIFY(finished.at(0).at(1).toString().isEmpty());
        QVERIFY(onWorker);
        QVERIFY(progressOnUiThread);
        // Throttled, but the final state always arrives, in order.
        QVERIFY(!seen.isEmpty());
        QVERIFY(seen.size() <= 50);
        QCOMPARE(seen.last(), qint64(50));
        QVERIFY(std::is_sorted(seen.begin(), seen.end()));
        QTRY_COMPARE(runner.activeCount(), 0);
    }

    void reportsFailureWithTheErrorText() {
        JobRunner runner;
        Job* job = runner.start(QStringLiteral("fail"), [](const amr::JobContext&) {
            throw amr::Error(std::filesystem::path("/data/x.xml"), "no <object> element");
        });
        QSignalSpy finished(job, &Job::finished);
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.at(0).at(0).value<Job::State>(), Job::State::Failed);
        QCOMPARE(finished.at(0).at(1).toString(),
                 QStringLiteral("/data/x.xml: no <object> element"));

        Job* other = runner.start(QStringLiteral("std"),
                                  [](const amr::JobContext&) { throw std::runtime_error("boom"); });
        QSignalSpy otherFinished(other, &Job::finished);
        QVERIFY(otherFinished.wait(10000));
        QCOMPARE(otherFinished.at(0).at(0).value<Job::State>(), Job::State::Failed);
        QVERIFY(otherFinished.at(0).at(1).toString().contains(QStringLiteral("boom")));
    }

    void cancelsWithinASecond() {
        JobRunner runner;
        std::atomic<bool> started{false};
        Job* job = runner.start(QStringLiteral("spin"), [&](const amr::JobContext& ctx) {
            started = true;
            for (;;) {
                ctx.check_cancel();
                QThread::msleep(1);
            }
        });
        QSignalSpy finished(job, &Job::finished);
        QTRY_VERIFY(started.load());
        job->cancel();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 1000);
        QCOMPARE(finished.at(0).at(0).value<Job::State>(), Job::State::Cancelled);
        QTRY_COMPARE(runner.activeCount(), 0);
    }

    void destructorCancelsRunningJobs() {
        std::atomic<bool> started{false};
        std::atomic<bool> sawCancel{false};
        {
            JobRunner runner;
            runner.start(QStringLiteral("spin"), [&](const amr::JobContext& ctx) {
                started = true;
                while (!ctx.cancel->cancelled())
                    QThread::msleep(1);
                sawCancel = true;
            });
            QTRY_VERIFY(started.load());
        }
        QVERIFY(sawCancel.load());
    }
};

QTEST_MAIN(TestJobRunner)
#include "test_job_runner.moc"
