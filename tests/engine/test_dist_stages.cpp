// The later stages distributed (docs/distributed.md): `amr make-cam`, `amr refine` and
// `amr predict` sharded over 2 local ranks (--nproc 2) and as "two nodes" (torchrun's variables)
// write exactly the files of a one-process run and print the whole split's counts once;
// `amr train-irn` and `amr train-deeplab` on 2 ranks × batch B give the weights of 1 process ×
// batch 2B.

#include "engine/data/demo_data.h"
#include "engine/dist/local_launcher.h"
#include "engine/nn/checkpoint.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <fstream>
#include <iterator>

#include "support/checkpoint_diff.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::run_cli;

namespace {

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

std::string bytes_of(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Empty when folders `a` and `b` hold the same file names with the same bytes, else what
// differs. `expected` files at least (so that two empty folders do not pass).
QString compare_folders(const fs::path& a, const fs::path& b, std::size_t expected) {
    auto names = [](const fs::path& dir) {
        std::vector<std::string> out;
        for (const auto& e : fs::directory_iterator(dir))
            out.push_back(e.path().filename().string());
        std::sort(out.begin(), out.end());
        return out;
    };
    const auto na = names(a), nb = names(b);
    if (na != nb)
        return QStringLiteral("%1 holds %2 files, %3 holds %4")
            .arg(q(a))
            .arg(na.size())
            .arg(q(b))
            .arg(nb.size());
    if (na.size() < expected)
        return QStringLiteral("%1 holds %2 files, expected %3")
            .arg(q(a))
            .arg(na.size())
            .arg(expected);
    for (const auto& n : na)
        if (bytes_of(a / n) != bytes_of(b / n))
            return QStringLiteral("%1 differs").arg(QString::fromStdString(n));
    return {};
}

// max |Δ| over the tensors of two checkpoints, or -1 when the names differ.
double max_diff(const fs::path& a, const fs::path& b) {
    return amr::test::checkpoint_max_diff(a, b);
}

}  // namespace

class TestDistStages : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, cam_ck_, gt_;

    fs::path out(const std::string& name) const { return amr::test::to_path(dir_.path()) / name; }

    // Runs `args` in one process and with --nproc 2; both must succeed and print the same.
    void one_and_two(const QStringList& one, const QStringList& two) {
        auto r1 = run_cli(one);
        QVERIFY2(r1.exit_code == 0, qPrintable(r1.err));
        auto r2 = run_cli(QStringList(two) << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(r2.exit_code == 0, qPrintable(r2.err));
        // Rank 0 prints the whole split's counts, the other rank nothing.
        QCOMPARE(r2.out.count(QLatin1Char('\n')), r1.out.count(QLatin1Char('\n')));
        QCOMPARE(r2.out.section(QLatin1Char(';'), 0, 0), r1.out.section(QLatin1Char(';'), 0, 0));
    }

    QStringList make_cam(const fs::path& store) const {
        return {QStringLiteral("make-cam"),     q(data_),
                QStringLiteral("--checkpoint"), q(cam_ck_),
                QStringLiteral("--out"),        q(store),
                QStringLiteral("--scales"),     QStringLiteral("1,0.5"),
                QStringLiteral("--device"),     QStringLiteral("cpu")};
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("AMR_DIST_TIMEOUT", "60");  // a broken run fails, never hangs
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 7;  // odd: the ranks get 4 and 3
        d.val_images = 3;
        d.canvas_size = 64;
        data_ = amr::data::make_demo_data(d).root;
        gt_ = data_ / "VOCdevkit/VOC2012/SegmentationClass";
        cam_ck_ = out("cam.pt");
        auto r =
            run_cli({QStringLiteral("train-cam"), q(data_), q(cam_ck_), QStringLiteral("--tiny"),
                     QStringLiteral("--crop"), QStringLiteral("32"), QStringLiteral("--batch"),
                     QStringLiteral("4"), QStringLiteral("--epochs"), QStringLiteral("1"),
                     QStringLiteral("--device"), QStringLiteral("cpu")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
    }

    void makeCamTwoRanksWriteTheSameStore() {
        one_and_two(make_cam(out("cams1")), make_cam(out("cams2")));
        if (QTest::currentTestFailed())
            return;
        const QString diff = compare_folders(out("cams1"), out("cams2"), 7);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        // A rerun on 2 ranks finds every entry fresh, and counts the whole split.
        auto again =
            run_cli(make_cam(out("cams2")) << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(again.exit_code == 0, qPrintable(again.err));
        QVERIFY2(again.out.contains(QStringLiteral("0 computed, 7 already fresh")),
                 qPrintable(again.out));
    }

    // "Two nodes": ranks started on their own with torchrun's variables share the images too.
    void makeCamSeparatelyStartedRanks() {
        const int port = amr::dist::free_port();
        QProcess ranks[2];
        for (int r = 0; r < 2; ++r) {
            auto env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("RANK"), QString::number(r));
            env.insert(QStringLiteral("WORLD_SIZE"), QStringLiteral("2"));
            env.insert(QStringLiteral("MASTER_ADDR"), QStringLiteral("127.0.0.1"));
            env.insert(QStringLiteral("MASTER_PORT"), QString::number(port));
            env.insert(QStringLiteral("OMP_NUM_THREADS"), QStringLiteral("1"));
            ranks[r].setProcessEnvironment(env);
            ranks[r].start(QStringLiteral(AMR_CLI_PATH), make_cam(out("cams_nodes")));
            QVERIFY(ranks[r].waitForStarted());
        }
        for (auto& p : ranks) {
            QVERIFY(p.waitForFinished(120000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        }
        QVERIFY(QString::fromUtf8(ranks[0].readAllStandardOutput())
                    .contains(QStringLiteral("7 computed")));
        QVERIFY(ranks[1].readAllStandardOutput().isEmpty());
        const QString diff = compare_folders(out("cams1"), out("cams_nodes"), 7);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // 2 ranks × batch 2 == 1 process × batch 4: the affinity losses are normalised by the pair
    // counts of the global batch, so the averaged gradients are the same.
    void trainIrnTwoRanksMatchOneProcess() {
        auto r = run_cli({QStringLiteral("make-seeds"), q(data_), QStringLiteral("--cams"),
                          q(out("cams1")), QStringLiteral("--out"), q(out("seeds")),
                          QStringLiteral("--no-crf")});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
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
                               QStringLiteral("2"),
                               QStringLiteral("--device"),
                               QStringLiteral("cpu")};
        };
        r = run_cli(irn(out("irn1.pt"), 4));
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        r = run_cli(irn(out("irn2.pt"), 2) << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains(QStringLiteral("wrote")), qPrintable(r.out));
        const double d = max_diff(out("irn1.pt"), out("irn2.pt"));
        qInfo("train-irn max |Δ| 2 ranks vs 1 process: %g", d);
        QVERIFY(d >= 0);
        QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
    }

    void refineTwoRanksWriteTheSameLabels() {
        auto refine = [&](const fs::path& output) {
            return QStringList{QStringLiteral("refine"),       q(data_),
                               QStringLiteral("--cams"),       q(out("cams1")),
                               QStringLiteral("--checkpoint"), q(out("irn1.pt")),
                               QStringLiteral("--out"),        q(output),
                               QStringLiteral("--pad-to"),     QStringLiteral("0"),
                               QStringLiteral("--device"),     QStringLiteral("cpu")};
        };
        one_and_two(refine(out("refined1")), refine(out("refined2")));
        if (QTest::currentTestFailed())
            return;
        const QString diff = compare_folders(out("refined1"), out("refined2"), 7);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }

    // 2 ranks × batch 2 == 1 process × batch 4, with iter_size 2 (accumulated gradients averaged
    // after the last micro-batch) and 1 (averaged as backward produces them).
    void trainDeeplabTwoRanksMatchOneProcess() {
        for (const char* iter_size : {"2", "1"}) {
            auto dl = [&](const fs::path& output, int batch) {
                return QStringList{QStringLiteral("train-deeplab"),
                                   q(data_),
                                   q(output),
                                   QStringLiteral("--labels"),
                                   q(gt_),
                                   QStringLiteral("--tiny"),
                                   QStringLiteral("--preset"),
                                   QStringLiteral("quick"),
                                   QStringLiteral("--iterations"),
                                   QStringLiteral("2"),
                                   QStringLiteral("--iter-size"),
                                   QString::fromLatin1(iter_size),
                                   QStringLiteral("--crop"),
                                   QStringLiteral("64"),
                                   QStringLiteral("--batch"),
                                   QString::number(batch),
                                   QStringLiteral("--val-split"),
                                   QStringLiteral("val"),
                                   QStringLiteral("--device"),
                                   QStringLiteral("cpu")};
            };
            const std::string tag = std::string("dl_it") + iter_size;
            auto r = run_cli(dl(out(tag + "_1.pt"), 4));
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            r = run_cli(dl(out(tag + "_2.pt"), 2)
                        << QStringLiteral("--nproc") << QStringLiteral("2"));
            QVERIFY2(r.exit_code == 0, qPrintable(r.err));
            const double d = max_diff(out(tag + "_1.pt"), out(tag + "_2.pt"));
            qInfo("train-deeplab iter_size %s max |Δ| 2 ranks vs 1 process: %g", iter_size, d);
            QVERIFY(d >= 0);
            QVERIFY2(d <= 1e-5, qPrintable(QString::number(d)));
            // The validation mIoU (shared out over the ranks) is the one-process value.
            auto last_line = [](const fs::path& f) {
                std::ifstream in(f);
                std::string line, last;
                while (std::getline(in, line))
                    last = line;
                return QString::fromStdString(last);
            };
            const QString m1 = last_line(out(tag + "_1.pt.metrics.jsonl"));
            const QString m2 = last_line(out(tag + "_2.pt.metrics.jsonl"));
            const auto miou = [](const QString& line) {
                return line.section(QStringLiteral("\"val_miou\":"), 1)
                    .section(QLatin1Char(','), 0, 0)
                    .section(QLatin1Char('}'), 0, 0);
            };
            QVERIFY2(!miou(m1).isEmpty() && miou(m1) == miou(m2), qPrintable(m1 + "\n" + m2));
        }
    }

    void predictTwoRanksWriteTheSameMasks() {
        auto predict = [&](const fs::path& output, const fs::path& confidence) {
            return QStringList{QStringLiteral("predict"),      q(data_),
                               QStringLiteral("--checkpoint"), q(out("dl_it1_1.pt")),
                               QStringLiteral("--out"),        q(output),
                               QStringLiteral("--confidence"), q(confidence),
                               QStringLiteral("--split"),      QStringLiteral("val"),
                               QStringLiteral("--device"),     QStringLiteral("cpu")};
        };
        auto r1 = run_cli(predict(out("pred1"), out("conf1")));
        QVERIFY2(r1.exit_code == 0, qPrintable(r1.err));
        auto r2 = run_cli(predict(out("pred2"), out("conf2"))
                          << QStringLiteral("--nproc") << QStringLiteral("2"));
        QVERIFY2(r2.exit_code == 0, qPrintable(r2.err));
        // The same counts and the same mIoU (the ranks' confusion matrices summed).
        QCOMPARE(r2.out.section(QStringLiteral("; masks"), 0, 0),
                 r1.out.section(QStringLiteral("; masks"), 0, 0));
        QVERIFY2(r1.out.contains(QStringLiteral("mIoU")), qPrintable(r1.out));
        QCOMPARE(r2.out.section(QStringLiteral("mIoU"), 1),
                 r1.out.section(QStringLiteral("mIoU"), 1));
        QString diff = compare_folders(out("pred1"), out("pred2"), 3);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
        diff = compare_folders(out("conf1"), out("conf2"), 3);
        QVERIFY2(diff.isEmpty(), qPrintable(diff));
    }
};

QTEST_GUILESS_MAIN(TestDistStages)
#include "test_dist_stages.moc"
