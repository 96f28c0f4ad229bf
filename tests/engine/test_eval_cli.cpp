// `amr eval` end to end: exit codes, error messages, JSON and table output.

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "engine/data/label_png.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::run_cli;

namespace {

const auto labels = amr::test::label_image;

QString q(const fs::path& p) {
    return QString::fromStdString(p.string());
}

// One image, the worked example of test_confusion_matrix: mIoU = 55/84 over labels 0..2.
// With the VOC classes, labels 3..20 are undefined and left out, so mIoU is the same.
struct Data {
    QTemporaryDir tmp;
    fs::path root = amr::test::to_path(tmp.path());
    fs::path gt = root / "gt";
    fs::path pred = root / "pred";
    Data() {
        fs::create_directories(gt);
        fs::create_directories(pred);
        amr::data::write_label_png(
            gt / "2007_000032.png",
            labels(4, 4, {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 255, 255, 2, 2, 0, 0}));
        amr::data::write_label_png(
            pred / "2007_000032.png",
            labels(4, 4, {0, 1, 1, 1, 0, 0, 1, 0, 2, 1, 2, 0, 2, 2, 255, 0}));
    }
};

}  // namespace

class TestEvalCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void help() {
        const auto r = run_cli({"eval", "--help"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("--pred") && r.out.contains("--ignore-pred-void"),
                 qPrintable(r.out));
    }

    void unknownOptionIsUsageError() {
        Data d;
        const auto r = run_cli({"eval", "--pred", q(d.pred), "--gt", q(d.gt), "--bogus"});
        QCOMPARE(r.exit_code, 2);
        QCOMPARE(run_cli({"eval", "--pred", q(d.pred)}).exit_code, 2);  // --gt is required
    }

    void missingGroundTruthFolder() {
        Data d;
        const fs::path missing = d.root / "no_such_gt";
        const auto r = run_cli({"eval", "--pred", q(d.pred), "--gt", q(missing)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(q(missing)), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void missingPredictionNamesFile() {
        Data d;
        fs::remove(d.pred / "2007_000032.png");
        const auto r = run_cli({"eval", "--pred", q(d.pred), "--gt", q(d.gt)});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(q(d.pred / "2007_000032.png")), qPrintable(r.err));
    }

    void jsonOutput() {
        Data d;
        const auto r = run_cli({"eval", "--pred", q(d.pred), "--gt", q(d.gt), "--json"});
        QCOMPARE(r.exit_code, 0);
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QVERIFY(std::abs(j["miou"].get<double>() - 55.0 / 84) < 1e-12);
        QCOMPARE(j["images"].get<int>(), 1);
        QCOMPARE(j["classes"].size(), std::size_t(21));  // VOC by default
        QCOMPARE(j["classes"][1]["name"].get<std::string>(), std::string("aeroplane"));
        QVERIFY(j["classes"][20]["iou"].is_null());

        // --ignore-pred-void: mIoU = (2/3 + 1/2 + 3/4) / 3 = 23/36.
        const auto r2 =
            run_cli({"eval", "--pred", q(d.pred), "--gt", q(d.gt), "--json", "--ignore-pred-void"});
        QCOMPARE(r2.exit_code, 0);
        const auto j2 = nlohmann::json::parse(r2.out.toStdString());
        QVERIFY(std::abs(j2["miou"].get<double>() - 23.0 / 36) < 1e-12);
    }

    void tableUsesClassesFile() {
        Data d;
        amr::test::write_text(d.root / "classes.txt", "background\nzebra\nunicorn\n");
        amr::test::write_text(d.root / "ids.txt", "2007_000032\n");
        const auto r = run_cli({"eval", "--pred", q(d.pred), "--gt", q(d.gt), "--classes",
                                q(d.root / "classes.txt"), "--list", q(d.root / "ids.txt")});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("\nzebra ") && r.out.contains("\nunicorn "), qPrintable(r.out));
        QVERIFY2(!r.out.contains("aeroplane"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QRegularExpression("mIoU:\\s+65\\.48 %")), qPrintable(r.out));
    }

    void valueOutsideClassesFails() {
        // Only one class: the example's label 2 is out of range, in the ground truth first.
        Data d;
        amr::test::write_text(d.root / "classes.txt", "zebra\n");
        const auto r = run_cli(
            {"eval", "--pred", q(d.pred), "--gt", q(d.gt), "--classes", q(d.root / "classes.txt")});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains(q(d.gt / "2007_000032.png")) && r.err.contains("value 2"),
                 qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestEvalCli)
#include "test_eval_cli.moc"
