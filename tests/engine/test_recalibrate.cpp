// Recalibration (Eq. 2) and the thresholded CAM pseudo label of docs/method.md §4.5.

#include <QtTest>
#include <random>
#include <vector>

#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "support/test_support.h"

using amr::cam::CamEntry;
using amr::cam::CamPlanes;
using amr::test::error_of;

namespace {

cv::Mat plane(int rows, int cols, std::initializer_list<float> values) {
    cv::Mat p(rows, cols, CV_32FC1);
    int i = 0;
    for (float v : values)
        p.ptr<float>()[i++] = v;
    return p;
}

CamPlanes random_planes(int rows, int cols, int k, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    CamPlanes planes;
    for (int c = 0; c < k; ++c) {
        cv::Mat p(rows, cols, CV_32FC1);
        for (int i = 0; i < rows * cols; ++i)
            p.ptr<float>()[i] = u(rng);
        planes.push_back(p);
    }
    return planes;
}

bool identical(const cv::Mat& a, const cv::Mat& b) {
    return a.size() == b.size() && a.type() == b.type() && cv::norm(a, b, cv::NORM_INF) == 0;
}

}  // namespace

class TestRecalibrate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void maxNormalisation() {
        CamPlanes planes = {plane(1, 3, {2.0f, 1.0f, 0.0f}), plane(1, 2, {0.0f, 0.0f})};
        amr::cam::max_normalise(planes);
        QCOMPARE(planes[0].at<float>(0, 0), 2.0f / (2.0f + 1e-5f));
        QCOMPARE(planes[0].at<float>(0, 1), 1.0f / (2.0f + 1e-5f));
        QCOMPARE(planes[0].at<float>(0, 2), 0.0f);
        QVERIFY(planes[0].at<float>(0, 0) < 1.0f);
        QCOMPARE(cv::countNonZero(planes[1]), 0);
    }

    void endpointsAreTheBranchesExactly() {
        const CamPlanes s = random_planes(7, 9, 3, 1), c = random_planes(7, 9, 3, 2);
        const CamPlanes w1 = amr::cam::weighted_cam(s, c, 1.0f);
        const CamPlanes w0 = amr::cam::weighted_cam(s, c, 0.0f);
        QCOMPARE(w1.size(), std::size_t{3});
        for (int k = 0; k < 3; ++k) {
            QVERIFY(identical(w1[k], s[k]));
            QVERIFY(identical(w0[k], c[k]));
        }
    }

    void halfWayIsTheMeanWithoutRenormalisation() {
        const CamPlanes s = {plane(1, 2, {1.0f, 0.0f})}, c = {plane(1, 2, {0.0f, 1.0f})};
        const CamPlanes w = amr::cam::weighted_cam(s, c, 0.5f);
        QCOMPARE(w[0].at<float>(0, 0), 0.5f);
        QCOMPARE(w[0].at<float>(0, 1),
                 0.5f);  // max 0.5 stays 0.5 (docs/method.md §4.4: no re-norm)
        const CamPlanes w3 = amr::cam::weighted_cam(s, c, 0.25f);
        QCOMPARE(w3[0].at<float>(0, 0), 0.25f);
        QCOMPARE(w3[0].at<float>(0, 1), 0.75f);
    }

    void labelWithThresholdTiesAndKeys() {
        // Two classes, keys 4 (-> label 5) and 11 (-> label 12), threshold 0.3.
        const CamPlanes cams = {plane(2, 3, {0.9f, 0.3f, 0.1f, 0.5f, 0.6f, 0.2f}),
                                plane(2, 3, {0.2f, 0.2f, 0.8f, 0.5f, 0.7f, 0.3f})};
        const cv::Mat label = amr::cam::pseudo_label(cams, {4, 11}, 0.3f);
        QCOMPARE(label.type(), CV_8UC1);
        // pixel 1: 0.3 ties the background -> 0; pixel 3: class tie -> first class (5);
        // pixel 5: 0.3 ties background again -> 0.
        const std::vector<int> expected = {5, 0, 12, 5, 12, 0};
        for (int i = 0; i < 6; ++i)
            QCOMPARE(int(label.ptr<uchar>()[i]), expected[i]);
        // A higher threshold sends everything below it to background.
        const cv::Mat high = amr::cam::pseudo_label(cams, {4, 11}, 0.75f);
        const std::vector<int> expected_high = {5, 0, 12, 0, 0, 0};
        for (int i = 0; i < 6; ++i)
            QCOMPARE(int(high.ptr<uchar>()[i]), expected_high[i]);
    }

    void noClassesIsAllBackground() {
        const cv::Mat label = amr::cam::pseudo_label({}, {}, 0.2f, cv::Size(4, 3));
        QCOMPARE(label.size(), cv::Size(4, 3));
        QCOMPARE(cv::countNonZero(label), 0);
    }

    void fusedPathMatchesUnfused() {
        CamEntry e;
        e.height = 11;
        e.width = 13;
        e.keys = {0, 7, 19};
        e.spotlight.high_res = random_planes(11, 13, 3, 3);
        e.compensation.high_res = random_planes(11, 13, 3, 4);
        for (float alpha : {0.0f, 0.3f, 0.5f, 1.0f}) {
            for (float thr : {0.1f, 0.2f, 0.6f}) {
                const cv::Mat fused = amr::cam::recalibrated_label(e, alpha, thr);
                const cv::Mat ref = amr::cam::pseudo_label(
                    amr::cam::weighted_cam(e.spotlight.high_res, e.compensation.high_res, alpha),
                    e.keys, thr);
                QVERIFY(identical(fused, ref));
            }
        }
        // α = 1 is the spotlight label, α = 0 the compensation label.
        QVERIFY(identical(amr::cam::recalibrated_label(e, 1.0f, 0.2f),
                          amr::cam::pseudo_label(e.spotlight.high_res, e.keys, 0.2f)));
        QVERIFY(identical(amr::cam::recalibrated_label(e, 0.0f, 0.2f),
                          amr::cam::pseudo_label(e.compensation.high_res, e.keys, 0.2f)));
        // Labels take only the values background and keys + 1.
        const cv::Mat l = amr::cam::recalibrated_label(e, 0.5f, 0.2f);
        for (int i = 0; i < l.rows * l.cols; ++i) {
            const int v = l.ptr<uchar>()[i];
            QVERIFY(v == 0 || v == 1 || v == 8 || v == 20);
        }
    }

    void refusals() {
        CamEntry e;
        e.height = 4;
        e.width = 4;
        e.keys = {1};
        e.spotlight.strided = random_planes(1, 1, 1, 5);
        e.compensation.strided = random_planes(1, 1, 1, 6);
        QVERIFY(error_of([&] {
                    amr::cam::recalibrated_label(e, 0.5f, 0.2f);
                }).contains("no full-resolution"));
        QVERIFY(!error_of([&] {
                     amr::cam::weighted_cam(random_planes(2, 2, 1, 1), random_planes(2, 3, 1, 1),
                                            0.5f);
                 }).isEmpty());
        QVERIFY(!error_of([&] {
                     amr::cam::pseudo_label(random_planes(2, 2, 1, 1), {1, 2}, 0.2f);
                 }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRecalibrate)
#include "test_recalibrate.moc"
