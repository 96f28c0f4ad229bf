// ConfusionMatrix counting rules (void, prediction 255, invalid values) and the metrics derived
// from it, against numbers worked out by hand.

#include <QTest>
#include <cmath>

#include <opencv2/core.hpp>

#include "engine/core/error.h"
#include "engine/eval/confusion_matrix.h"
#include "support/test_support.h"

using amr::eval::ConfusionMatrix;
using amr::eval::PredVoid;

namespace {

const auto labels = amr::test::label_image;

// The worked example (labels: 0 background, 1, 2):
//   GT            prediction
//   0 0 1 1       0 1 1 1
//   0 0 1 1       0 0 1 0
//   2 2 V V       2 1 2 0        V = 255 (void): those two GT pixels are skipped
//   2 2 0 0       2 2 V 0        the predicted V counts as background by default
//
// Pairs (gt, pred): (0,0) x5, (0,1) x1, (1,1) x3, (1,0) x1, (2,2) x3, (2,1) x1; 14 pixels.
//   rows = GT        pred 0  pred 1  pred 2   row sum (GT_k)
//   gt 0               5       1       0        6
//   gt 1               1       3       0        4
//   gt 2               0       1       3        4
//   col sum (Pred_k)   6       5       3       14
// union_k = GT_k + Pred_k - n_kk: 7, 6, 4
// IoU = 5/7, 3/6, 3/4; mIoU = (5/7 + 1/2 + 3/4) / 3 = 55/84
// precision = n_kk / Pred_k = 5/6, 3/5, 3/3;  recall = n_kk / GT_k = 5/6, 3/4, 3/4
// FP = 1 - GT_k/union_k = 1/7, 1/3, 0;  FN = 1 - Pred_k/union_k = 1/7, 1/6, 1/4
// pixel accuracy = 11/14; foreground FP mean = (1/3 + 0)/2 = 1/6, FN mean = (1/6 + 1/4)/2 = 5/24
// predicted foreground on GT background = (1 + 0) / (5 + 3) = 1/8
cv::Mat example_gt() {
    return labels(4, 4, {0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 255, 255, 2, 2, 0, 0});
}
cv::Mat example_pred() {
    return labels(4, 4, {0, 1, 1, 1, 0, 0, 1, 0, 2, 1, 2, 0, 2, 2, 255, 0});
}

void expect_near(double actual, double expected) {
    QVERIFY2(
        std::abs(actual - expected) < 1e-12,
        qPrintable(QStringLiteral("%1 != %2").arg(actual, 0, 'g', 17).arg(expected, 0, 'g', 17)));
}

void expect_counts(const ConfusionMatrix& cm, std::initializer_list<std::int64_t> expected) {
    QCOMPARE(cm.counts(), std::vector<std::int64_t>(expected));
}

cv::Mat random_labels(cv::RNG& rng, int rows, int cols, int num_labels) {
    cv::Mat m(rows, cols, CV_8UC1);
    rng.fill(m, cv::RNG::UNIFORM, 0, num_labels);
    // Sprinkle void pixels.
    for (int i = 0; i < rows * cols / 10; ++i)
        m.at<std::uint8_t>(rng.uniform(0, rows), rng.uniform(0, cols)) = 255;
    return m;
}

}  // namespace

class TestConfusionMatrix : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputedExample() {
        ConfusionMatrix cm(3);
        cm.add(example_gt(), example_pred());
        expect_counts(cm, {5, 1, 0, 1, 3, 0, 0, 1, 3});
        QCOMPARE(cm.total(), std::int64_t(14));
        QCOMPARE(cm.row_sum(1), std::int64_t(4));
        QCOMPARE(cm.col_sum(1), std::int64_t(5));

        const auto m = amr::eval::compute_metrics(cm);
        QCOMPARE(m.classes.size(), std::size_t(3));
        expect_near(m.classes[0].iou, 5.0 / 7);
        expect_near(m.classes[1].iou, 3.0 / 6);
        expect_near(m.classes[2].iou, 3.0 / 4);
        expect_near(m.miou, 55.0 / 84);
        expect_near(m.classes[0].precision, 5.0 / 6);
        expect_near(m.classes[1].precision, 3.0 / 5);
        expect_near(m.classes[2].precision, 1.0);
        expect_near(m.classes[0].recall, 5.0 / 6);
        expect_near(m.classes[1].recall, 3.0 / 4);
        expect_near(m.classes[2].recall, 3.0 / 4);
        expect_near(m.classes[0].fp, 1.0 / 7);
        expect_near(m.classes[1].fp, 1.0 / 3);
        expect_near(m.classes[2].fp, 0.0);
        expect_near(m.classes[0].fn, 1.0 / 7);
        expect_near(m.classes[1].fn, 1.0 / 6);
        expect_near(m.classes[2].fn, 1.0 / 4);
        expect_near(m.bg_fp, 1.0 / 7);
        expect_near(m.bg_fn, 1.0 / 7);
        expect_near(m.fg_fp, 1.0 / 6);
        expect_near(m.fg_fn, 5.0 / 24);
        expect_near(m.pixel_accuracy, 11.0 / 14);
        expect_near(m.fg_pred_on_bg, 1.0 / 8);
        QCOMPARE(m.classes[0].gt_pixels, std::int64_t(6));
        QCOMPARE(m.classes[1].gt_pixels, std::int64_t(4));
        QCOMPARE(m.classes[2].gt_pixels, std::int64_t(4));
        QCOMPARE(m.classes[1].pred_pixels, std::int64_t(5));
        QCOMPARE(m.total_pixels, std::int64_t(14));
    }

    void predictionVoidIgnored() {
        // The one predicted V (on GT background) leaves the matrix: n_00 = 4, 13 pixels.
        // union_0 = 5 + 5 - 4 = 6, IoU_0 = 4/6; mIoU = (2/3 + 1/2 + 3/4) / 3 = 23/36.
        ConfusionMatrix cm(3);
        cm.add(example_gt(), example_pred(), PredVoid::kIgnore);
        expect_counts(cm, {4, 1, 0, 1, 3, 0, 0, 1, 3});
        const auto m = amr::eval::compute_metrics(cm);
        expect_near(m.classes[0].iou, 4.0 / 6);
        expect_near(m.miou, 23.0 / 36);
        expect_near(m.pixel_accuracy, 10.0 / 13);
    }

    void groundTruthVoidSkipped() {
        // Every GT pixel void: nothing is counted, whatever the prediction (255 included).
        ConfusionMatrix cm(3);
        cm.add(cv::Mat(3, 5, CV_8UC1, cv::Scalar(255)),
               labels(3, 5, {0, 1, 2, 255, 0, 1, 2, 255, 0, 1, 2, 255, 0, 1, 2}));
        QCOMPARE(cm.total(), std::int64_t(0));
        const auto m = amr::eval::compute_metrics(cm);
        QVERIFY(std::isnan(m.miou));
        QVERIFY(std::isnan(m.pixel_accuracy));
    }

    void nanClassesLeftOutOfMean() {
        // Same example with a fourth label that appears nowhere: its IoU, precision, recall,
        // FP and FN are undefined, and mIoU stays 55/84 over the three defined labels.
        ConfusionMatrix cm(4);
        cm.add(example_gt(), example_pred());
        const auto m = amr::eval::compute_metrics(cm);
        QVERIFY(std::isnan(m.classes[3].iou));
        QVERIFY(std::isnan(m.classes[3].precision));
        QVERIFY(std::isnan(m.classes[3].recall));
        QVERIFY(std::isnan(m.classes[3].fp));
        QVERIFY(std::isnan(m.classes[3].fn));
        QCOMPARE(m.classes[3].gt_pixels, std::int64_t(0));
        expect_near(m.miou, 55.0 / 84);
        expect_near(m.fg_fp, 1.0 / 6);  // NaN of label 3 ignored
        expect_near(m.fg_fn, 5.0 / 24);
    }

    void classMissedEntirelyCountsAsZero() {
        // GT has label 2, the prediction never does: IoU 0 (defined), precision undefined.
        // Matrix [[2,0,0],[0,1,0],[0,1,0]]: IoU = 1, 1/2, 0 -> mIoU = 1/2.
        ConfusionMatrix cm(3);
        cm.add(labels(1, 4, {0, 0, 1, 2}), labels(1, 4, {0, 0, 1, 1}));
        const auto m = amr::eval::compute_metrics(cm);
        expect_near(m.classes[2].iou, 0.0);
        QVERIFY(std::isnan(m.classes[2].precision));
        expect_near(m.classes[2].recall, 0.0);
        expect_near(m.miou, 0.5);
        expect_near(m.fg_pred_on_bg, 0.0);
    }

    void sizeMismatchThrows() {
        ConfusionMatrix cm(3);
        try {
            cm.add(cv::Mat(4, 4, CV_8UC1, cv::Scalar(0)), cv::Mat(4, 5, CV_8UC1, cv::Scalar(0)));
            QFAIL("no exception");
        } catch (const amr::Error& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains("5x4") && msg.contains("4x4"), qPrintable(msg));
        }
        QVERIFY_THROWS_EXCEPTION(
            amr::Error, cm.add(cv::Mat(2, 2, CV_8UC3, cv::Scalar(0)), cv::Mat(2, 2, CV_8UC1)));
        QCOMPARE(cm.total(), std::int64_t(0));
    }

    void outOfRangeGroundTruthThrows() {
        ConfusionMatrix cm(3);
        cm.add(example_gt(), example_pred());
        const auto before = cm.counts();
        cv::Mat gt = example_gt();
        gt.at<std::uint8_t>(1, 2) = 7;  // y = 1, x = 2
        try {
            cm.add(gt, example_pred());
            QFAIL("no exception");
        } catch (const amr::eval::LabelValueError& e) {
            QVERIFY(!e.in_prediction());
            QCOMPARE(e.value(), 7);
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains("ground truth") && msg.contains("value 7") &&
                         msg.contains("0..2") && msg.contains("x=2, y=1"),
                     qPrintable(msg));
        }
        QCOMPARE(cm.counts(), before);  // unchanged by the failed add
    }

    void outOfRangePredictionThrows() {
        ConfusionMatrix cm(3);
        cv::Mat pred = example_pred();
        pred.at<std::uint8_t>(0, 3) = 3;
        try {
            cm.add(example_gt(), pred);
            QFAIL("no exception");
        } catch (const amr::eval::LabelValueError& e) {
            QVERIFY(e.in_prediction());
            QCOMPARE(e.value(), 3);
            QVERIFY(QString::fromStdString(e.what()).contains("prediction"));
        }
        // A bad prediction under GT void is still a bad file.
        pred = example_pred();
        pred.at<std::uint8_t>(2, 3) = 254;
        QVERIFY_THROWS_EXCEPTION(amr::eval::LabelValueError, cm.add(example_gt(), pred));
        QCOMPARE(cm.total(), std::int64_t(0));
    }

    void mergeEqualsOneBigAdd() {
        cv::RNG rng(12345);
        const int n = 5;
        // Odd widths exercise the tail of the 4-pixel unrolled loop.
        const cv::Mat gt_a = random_labels(rng, 13, 17, n), pred_a = random_labels(rng, 13, 17, n);
        const cv::Mat gt_b = random_labels(rng, 9, 17, n), pred_b = random_labels(rng, 9, 17, n);
        ConfusionMatrix a(n), b(n), all(n);
        a.add(gt_a, pred_a);
        b.add(gt_b, pred_b);
        a.merge(b);
        cv::Mat gt_all, pred_all;
        cv::vconcat(gt_a, gt_b, gt_all);
        cv::vconcat(pred_a, pred_b, pred_all);
        all.add(gt_all, pred_all);
        QCOMPARE(a, all);
        QCOMPARE(all.total(), std::int64_t(cv::countNonZero(gt_all != 255)));
        QVERIFY_THROWS_EXCEPTION(amr::Error, a.merge(ConfusionMatrix(n + 1)));
    }

    void matchesNaiveCountOnViews() {
        // Non-continuous views (ROIs) take the row-by-row path; compare with a plain loop.
        cv::RNG rng(7);
        const int n = 4;
        const cv::Mat gt_big = random_labels(rng, 40, 50, n),
                      pred_big = random_labels(rng, 40, 50, n);
        const cv::Rect roi(3, 5, 31, 22);
        const cv::Mat gt = gt_big(roi), pred = pred_big(roi);
        QVERIFY(!gt.isContinuous());
        for (PredVoid mode : {PredVoid::kAsBackground, PredVoid::kIgnore}) {
            ConfusionMatrix cm(n);
            cm.add(gt, pred, mode);
            std::vector<std::int64_t> expected(n * n, 0);
            for (int y = 0; y < gt.rows; ++y)
                for (int x = 0; x < gt.cols; ++x) {
                    int g = gt.at<std::uint8_t>(y, x), p = pred.at<std::uint8_t>(y, x);
                    if (g == 255)
                        continue;
                    if (p == 255) {
                        if (mode == PredVoid::kIgnore)
                            continue;
                        p = 0;
                    }
                    ++expected[g * n + p];
                }
            QCOMPARE(cm.counts(), expected);
        }
    }

    void clearResets() {
        ConfusionMatrix cm(3);
        cm.add(example_gt(), example_pred());
        cm.clear();
        QCOMPARE(cm, ConfusionMatrix(3));
        QVERIFY_THROWS_EXCEPTION(amr::Error, ConfusionMatrix(0));
        QVERIFY_THROWS_EXCEPTION(amr::Error, ConfusionMatrix(256));
    }
};

QTEST_GUILESS_MAIN(TestConfusionMatrix)
#include "test_confusion_matrix.moc"
