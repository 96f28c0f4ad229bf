// train-irn and train-deeplab on 2 ranks started as torchrun starts them: a rank that dies ends
// the other with a message naming it, the resume state stays, a resume with another number of
// processes is refused, and `--resume --nproc 2` ends with the weights of an uninterrupted run
// (docs/distributed.md; the train-cam case is test_dist_train's
// deadRankEndsTheJobAndTheRunResumes).

#include "engine/data/demo_data.h"
#include "engine/dist/local_launcher.h"
#include "engine/nn/checkpoint.h"  // a LibTorch test: links the checkpoint comparison

#include <QElapsedTimer>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "support/checkpoint_diff.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::run_cli;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

}  // namespace

class TestDistResume : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, gt_;

    fs::path out(const std::string& name) const { return amr::test::to_path(dir_.path()) / name; }

    void start_rank(QProcess& p, const QStringList& args, int rank, int port) {
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("RANK"), QString::number(rank));
        env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
        env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
        env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
        env.insert(QStringLiteral("AMR_DIST_TIMEOUT"), QStringLiteral("20"));
        env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(AMR_CLI_PATH), args);
        QVERIFY(p.waitForStarted());
    }

    // `two(output)` on 2 ranks, rank 1 SIGKILLed once the resume state exists; then the checks
    // above against `reference` (the same training, uninterrupted).
    void killResumeAndCompare(const std::function<QStringList(const fs::path&)>& two,
                              const fs::path& reference, const char* what) {
        const fs::path killed = out(std::string(what) + "_killed.pt");
        const fs::path resume = killed.string() + ".resume.pt";
        const int port = amr::dist::free_port();
        QProcess r0, r1;
        start_rank(r0, two(killed), 0, port);
        start_rank(r1, two(killed), 1, port);
        QElapsedTimer t;
        t.start();
        while (!fs::exists(resume) && t.elapsed() < 120000 && r0.state() == QProcess::Running)
            QThread::msleep(5);
        QVERIFY2(fs::exists(resume), r0.readAllStandardError().constData());
        r1.kill();
        QVERIFY(r1.waitForFinished());
        t.restart();
        QVERIFY2(r0.waitForFinished(60000), "rank 0 did not end after rank 1 died");
        qInfo("%s: rank 0 ended %lld ms after rank 1 was killed", what, t.elapsed());
        QVERIFY(r0.exitCode() != 0);
        const QString err = QString::fromUtf8(r0.readAllStandardError());
        QVERIFY2(err.contains(QStringLiteral("rank 1 died or hung")), qPrintable(err));
        QVERIFY(!fs::exists(killed));
        QVERIFY(fs::exists(resume));

        auto one = run_cli(two(killed) << QStringLiteral("--resume"));
        QVERIFY(one.exit_code != 0);
        QVERIFY2(
            one.err.contains(QStringLiteral("saved by a run of 2 process(es), this run has 1")),
            qPrintable(one.err));

        auto resumed = run_cli(two(killed) << QStringLiteral("--resume")
                                           << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(resumed.exit_code == 0, qPrintable(resumed.err));
        QVERIFY(!fs::exists(resume));
        const double d = amr::test::checkpoint_max_diff(reference, killed);
        qInfo("%s: max |Δ| killed-and-resumed 2 ranks vs uninterrupted: %g", what, d);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("AMR_DIST_TIMEOUT", "60");  // a broken run fails, never hangs
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 8;  // 2 global batches of 4
        d.val_images = 2;
        d.canvas_size = 64;
        data_ = amr::data::make_demo_data(d).root;
        gt_ = data_ / "VOCdevkit/VOC2012/SegmentationClass";
        // Seeds for train-irn: a tiny CAM network, its CAMs, seeds without the CRF.
        auto r =
            run_cli({QStringLiteral("train-cam"), q(data_), q(out("cam.pt")),
                     QStringLiteral("--tiny"), QStringLiteral("--crop"), QStringLiteral("32"),
                     QStringLiteral("--batch"), QStringLiteral("4"), QStringLiteral("--epochs"),
                     QStringLiteral("1"), QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        r = run_cli({QStringLiteral("make-cam"), q(data_), QStringLiteral("--checkpoint"),
                     q(out("cam.pt")), QStringLiteral("--out"), q(out("cams")),
                     QStringLiteral("--scales"), QStringLiteral("1"), QStringLiteral("--device"),
                     QStringLiteral("cpu")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        r = run_cli({QStringLiteral("make-seeds"), q(data_), QStringLiteral("--cams"),
                     q(out("cams")), QStringLiteral("--out"), q(out("seeds")),
                     QStringLiteral("--no-crf")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

    void trainIrnDeadRankEndsTheJobAndTheRunResumes() {
        auto irn = [&](const fs::path& output, int batch) {
            return QStringList{QStringLiteral("train-irn"),
                               q(data_),
                               q(output),
                               QStringLiteral("--seeds"),
                               q(out("seeds")),
                               QStringLiteral("--tiny"),
                               QStringLiteral("--preset"),
                               QStringLiteral("quick"),
                               QStringLiteral("--crop"),
                               QStringLiteral("64"),
                               QStringLiteral("--batch"),
                               QString::number(batch),
                               QStringLiteral("--epochs"),
                               QStringLiteral("6"),  // resume state after each: kill after 1
                               QStringLiteral("--device"),
                               QStringLiteral("cpu")};
        };
        // 1 process × batch 4 is the uninterrupted run (2 ranks × 2 match it: test_dist_stages).
        auto r = run_cli(irn(out("irn1.pt"), 4));
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        killResumeAndCompare([&](const fs::path& o) { return irn(o, 2); }, out("irn1.pt"),
                             "train-irn");
    }

    void trainDeeplabDeadRankEndsTheJobAndTheRunResumes() {
        amr::test::write_text(out("dl.json"), R"({"save_every": 2})");
        auto dl = [&](const fs::path& output, int batch) {
            return QStringList{QStringLiteral("train-deeplab"),
                               q(data_),
                               q(output),
                               QStringLiteral("--labels"),
                               q(gt_),
                               QStringLiteral("--tiny"),
                               QStringLiteral("--preset"),
                               QStringLiteral("quick"),
                               QStringLiteral("--config"),
                               q(out("dl.json")),
                               QStringLiteral("--iterations"),
                               QStringLiteral("10"),  // a resume state every 2
                               QStringLiteral("--crop"),
                               QStringLiteral("64"),
                               QStringLiteral("--batch"),
                               QString::number(batch),
                               QStringLiteral("--device"),
                               QStringLiteral("cpu")};
        };
        auto r = run_cli(dl(out("dl1.pt"), 4));
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        killResumeAndCompare([&](const fs::path& o) { return dl(o, 2); }, out("dl1.pt"),
                             "train-deeplab");
    }
};

QTEST_GUILESS_MAIN(TestDistResume)
#include "test_dist_resume.moc"
