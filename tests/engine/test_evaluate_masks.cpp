// evaluate_masks over small folders of label PNGs, and the JSON / table report formats.

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/eval/evaluate_masks.h"
#include "engine/eval/report_format.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::eval::EvalOptions;

namespace {

const auto labels = amr::test::label_image;

// Image "a" is test_confusion_matrix's worked example, matrix [[5,1,0],[1,3,0],[0,1,3]].
// Image "b" is 2x3 of label 1, predicted right: +6 on n_11.
// Together: [[5,1,0],[1,9,0],[0,1,3]]; GT_k = 6, 10, 4; Pred_k = 6, 11, 3; unions 7, 12, 4;
// IoU = 5/7, 9/12, 3/4; mIoU = (5/7 + 3/4 + 3/4) / 3 = (20 + 21 + 21) / 84 = 62/84 = 31/42.
constexpr double kExpectedMiou = 31.0 / 42;

struct Folders {
    QTemporaryDir tmp;
    fs::path root = amr::test::to_path(tmp.path());
    fs::path gt = root / "gt";
    fs::path pred = root / "pred";

    Folders() {
        fs::create_directories(gt);
        fs::create_directories(pred);
        put("a", labels(4, 4, {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 255, 255, 2, 2, 0, 0}),
            labels(4, 4, {0, 1, 1, 1, 0, 0, 1, 0, 2, 1, 2, 0, 2, 2, 255, 0}));
        put("b", cv::Mat(2, 3, CV_8UC1, cv::Scalar(1)), cv::Mat(2, 3, CV_8UC1, cv::Scalar(1)));
    }
    void put(const std::string& id, const cv::Mat& g, const cv::Mat& p) const {
        amr::data::write_label_png(gt / (id + ".png"), g);
        amr::data::write_label_png(pred / (id + ".png"), p);
    }
    EvalOptions options() const {
        EvalOptions o;
        o.pred_dir = pred;
        o.gt_dir = gt;
        o.classes = amr::data::ClassList({"cat", "dog"});
        return o;
    }
};

QString error_of(const EvalOptions& options) {
    try {
        amr::eval::evaluate_masks(options, {});
    } catch (const amr::Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestEvaluateMasks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void knownResult() {
        Folders f;
        std::vector<amr::ProgressEvent> events;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { events.push_back(e); }, nullptr};
        const auto r = amr::eval::evaluate_masks(f.options(), ctx);
        QCOMPARE(r.images, std::size_t(2));
        QCOMPARE(r.confusion.counts(), (std::vector<std::int64_t>{5, 1, 0, 1, 9, 0, 0, 1, 3}));
        QVERIFY(std::abs(r.metrics.miou - kExpectedMiou) < 1e-12);
        QVERIFY(std::abs(r.metrics.classes[1].iou - 0.75) < 1e-12);
        QVERIFY(!events.empty());
        QCOMPARE(events.back().done, std::size_t(2));
        QCOMPARE(events.back().total, std::size_t(2));
    }

    void oneThreadEqualsTwo() {
        Folders f;
        cv::RNG rng(3);
        for (int i = 0; i < 12; ++i) {
            cv::Mat g(7, 9, CV_8UC1), p(7, 9, CV_8UC1);
            rng.fill(g, cv::RNG::UNIFORM, 0, 3);
            rng.fill(p, cv::RNG::UNIFORM, 0, 3);
            f.put(std::to_string(100 + i), g, p);  // ids "100".."111"
        }
        auto o = f.options();
        o.threads = 1;
        const auto one = amr::eval::evaluate_masks(o, {});
        o.threads = 2;
        const auto two = amr::eval::evaluate_masks(o, {});
        QCOMPARE(one.images, std::size_t(14));
        QCOMPARE(one.confusion, two.confusion);
        QCOMPARE(one.confusion.total(), std::int64_t(14 + 6 + 12 * 63));
    }

    void listFileRestrictsIds() {
        Folders f;
        // "c" has no prediction: evaluated without a list it fails, listed without it it is fine.
        amr::data::write_label_png(f.gt / "c.png", cv::Mat(2, 2, CV_8UC1, cv::Scalar(2)));
        auto o = f.options();
        const fs::path list = f.root / "list.txt";
        amr::test::write_text(list, "  b \r\n\n a\n\n");
        o.list_file = list;
        QCOMPARE(amr::eval::eval_image_ids(o), (std::vector<std::string>{"b", "a"}));
        const auto r = amr::eval::evaluate_masks(o, {});
        QCOMPARE(r.images, std::size_t(2));
        QVERIFY(std::abs(r.metrics.miou - kExpectedMiou) < 1e-12);

        amr::test::write_text(list, "b\n");
        o.list_file = list;
        const auto only_b = amr::eval::evaluate_masks(o, {});
        QCOMPARE(only_b.confusion.total(), std::int64_t(6));
        QCOMPARE(only_b.metrics.miou, 1.0);  // labels 0 and 2 undefined, label 1 perfect
    }

    void missingPredictionNamesFile() {
        Folders f;
        amr::data::write_label_png(f.gt / "c.png", cv::Mat(2, 2, CV_8UC1, cv::Scalar(2)));
        const QString msg = error_of(f.options());
        QVERIFY2(msg.contains(QString::fromStdString((f.pred / "c.png").string())),
                 qPrintable(msg));
        QVERIFY2(msg.contains("missing prediction"), qPrintable(msg));
    }

    void missingGroundTruthNamesFile() {
        Folders f;
        auto o = f.options();
        amr::test::write_text(f.root / "list.txt", "a\nzz\n");
        o.list_file = f.root / "list.txt";
        const QString msg = error_of(o);
        QVERIFY2(msg.contains(QString::fromStdString((f.gt / "zz.png").string())), qPrintable(msg));
    }

    void sizeMismatchNamesFileAndSizes() {
        Folders f;
        amr::data::write_label_png(f.pred / "b.png", cv::Mat(4, 5, CV_8UC1, cv::Scalar(1)));
        const QString msg = error_of(f.options());
        QVERIFY2(msg.contains(QString::fromStdString((f.pred / "b.png").string())),
                 qPrintable(msg));
        QVERIFY2(msg.contains("5x4") && msg.contains("3x2"), qPrintable(msg));
    }

    void badValueNamesFile() {
        Folders f;
        amr::data::write_label_png(f.gt / "b.png", cv::Mat(2, 3, CV_8UC1, cv::Scalar(3)));
        const QString msg = error_of(f.options());
        QVERIFY2(msg.startsWith(QString::fromStdString((f.gt / "b.png").string()) + ":"),
                 qPrintable(msg));
        QVERIFY2(msg.contains("value 3") && msg.contains("0..2"), qPrintable(msg));
    }

    void perfectPredictionScoresOne() {
        Folders f;
        f.put("a", labels(2, 3, {0, 1, 2, 2, 255, 0}), labels(2, 3, {0, 1, 2, 2, 1, 0}));
        const auto r = amr::eval::evaluate_masks(f.options(), {});
        QCOMPARE(r.metrics.miou, 1.0);
        QCOMPARE(r.metrics.pixel_accuracy, 1.0);
        QCOMPARE(r.metrics.fg_fp, 0.0);
        QCOMPARE(r.metrics.fg_fn, 0.0);
    }

    void ignorePredVoidOption() {
        // Image a's predicted V on GT background drops out: n_00 = 4; IoU_0 = 4/6.
        Folders f;
        auto o = f.options();
        o.ignore_pred_void = true;
        const auto r = amr::eval::evaluate_masks(o, {});
        QCOMPARE(r.confusion.at(0, 0), std::int64_t(4));
        QVERIFY(std::abs(r.metrics.classes[0].iou - 4.0 / 6) < 1e-12);
    }

    void checkNamesMissingFolders() {
        Folders f;
        auto o = f.options();
        o.gt_dir = f.root / "nope";
        try {
            o.check();
            QFAIL("no exception");
        } catch (const amr::Error& e) {
            QCOMPARE(e.file(), f.root / "nope");
        }
        o = f.options();
        o.list_file = f.root / "missing.txt";
        QVERIFY_THROWS_EXCEPTION(amr::Error, o.check());
        o = f.options();
        fs::remove(f.gt / "a.png");
        fs::remove(f.gt / "b.png");
        QVERIFY(error_of(o).contains("no *.png"));
    }

    void cancelStops() {
        Folders f;
        amr::CancelToken cancel;
        cancel.cancel();
        amr::JobContext ctx{{}, &cancel};
        QVERIFY_THROWS_EXCEPTION(amr::Cancelled, amr::eval::evaluate_masks(f.options(), ctx));
    }

    void jsonReport() {
        Folders f;
        const auto options = f.options();
        const auto r = amr::eval::evaluate_masks(options, {});
        const auto j = nlohmann::json::parse(amr::eval::to_json(r, options.classes));
        QCOMPARE(j["images"].get<int>(), 2);
        QVERIFY(std::abs(j["miou"].get<double>() - kExpectedMiou) < 1e-12);
        QCOMPARE(j["classes"].size(), std::size_t(3));
        QCOMPARE(j["classes"][1]["name"].get<std::string>(), std::string("cat"));
        QCOMPARE(j["classes"][1]["gt_pixels"].get<int>(), 10);
        QVERIFY(std::abs(j["classes"][2]["recall"].get<double>() - 0.75) < 1e-12);
        QCOMPARE(j["confusion"][1][1].get<int>(), 9);
        // An undefined value is null: with four classes, "bird" never appears.
        const auto wider = amr::data::ClassList({"cat", "dog", "bird"});
        auto o = options;
        o.classes = wider;
        const auto j2 =
            nlohmann::json::parse(amr::eval::to_json(amr::eval::evaluate_masks(o, {}), wider));
        QVERIFY(j2["classes"][3]["iou"].is_null());
        QCOMPARE(j2["classes"][3]["name"].get<std::string>(), std::string("bird"));
        QVERIFY(std::abs(j2["miou"].get<double>() - kExpectedMiou) < 1e-12);
    }

    void tableReport() {
        Folders f;
        const auto options = f.options();
        const auto r = amr::eval::evaluate_masks(options, {});
        const QString table = QString::fromStdString(amr::eval::format_table(r, options.classes));
        const QStringList lines = table.split('\n');
        QVERIFY2(lines.size() > 4, qPrintable(table));
        QVERIFY(lines[0].startsWith("class"));
        QVERIFY(lines[1].startsWith("background"));
        QVERIFY2(lines[2].startsWith("cat") && lines[2].contains("75.00"), qPrintable(table));
        QVERIFY(lines[3].startsWith("dog"));
        QCOMPARE(lines[1].size(), lines[2].size());  // aligned columns
        QVERIFY2(table.contains(QRegularExpression("mIoU:\\s+73\\.81 %")), qPrintable(table));
        QVERIFY2(table.contains(QRegularExpression("images:\\s+2")), qPrintable(table));
    }
};

QTEST_GUILESS_MAIN(TestEvaluateMasks)
#include "test_evaluate_masks.moc"
