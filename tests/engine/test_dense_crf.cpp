// The permutohedral lattice against brute-force Gaussian filtering, and the dense CRF of
// docs/method.md §5.1 / §6.3 on synthetic images.

#include <QtTest>
#include <cmath>
#include <random>
#include <vector>

#include "engine/core/error.h"
#include "engine/refine/dense_crf.h"
#include "engine/refine/permutohedral.h"
#include "support/test_support.h"

using amr::refine::DenseCrfOptions;
using amr::refine::PermutohedralLattice;
using amr::test::error_of;

namespace {

// Relative L2 error of the lattice filter against Σ_j exp(−½‖f_i − f_j‖²) v_j on random points.
double lattice_error(int d, int n, int channels, float extent, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> pos(0, extent), val(0.5f, 1.5f);
    std::vector<float> f(static_cast<std::size_t>(n) * d),
        in(static_cast<std::size_t>(n) * channels);
    for (float& x : f)
        x = pos(rng);
    for (float& x : in)
        x = val(rng);
    std::vector<float> out(in.size());
    PermutohedralLattice lattice(f.data(), n, d);
    lattice.filter(in.data(), out.data(), channels);
    double err = 0, norm = 0;
    for (int i = 0; i < n; ++i) {
        for (int c = 0; c < channels; ++c) {
            double ref = 0;
            for (int j = 0; j < n; ++j) {
                double q = 0;
                for (int k = 0; k < d; ++k) {
                    const double t = f[i * d + k] - f[j * d + k];
                    q += t * t;
                }
                ref += std::exp(-0.5 * q) * in[j * channels + c];
            }
            const double diff = out[i * channels + c] - ref;
            err += diff * diff;
            norm += ref * ref;
        }
    }
    return std::sqrt(err / norm);
}

// Left half dark red, right half bright green; truth = 0 left, 1 right.
cv::Mat two_region_image(int rows, int cols) {
    cv::Mat bgr(rows, cols, CV_8UC3);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x)
            bgr.at<cv::Vec3b>(y, x) =
                x < cols / 2 ? cv::Vec3b(20, 30, 160) : cv::Vec3b(40, 200, 60);
    return bgr;
}

double accuracy(const cv::Mat& labels, const cv::Mat& truth) {
    return 1.0 - static_cast<double>(cv::countNonZero(labels != truth)) / labels.total();
}

double plane_sum_error(const std::vector<cv::Mat>& q) {
    cv::Mat sum = cv::Mat::zeros(q[0].size(), CV_32FC1);
    for (const cv::Mat& p : q)
        sum += p;
    return cv::norm(sum - 1.0, cv::NORM_INF);
}

}  // namespace

class TestDenseCrf : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void latticeMatchesBruteForce() {
        // Spatial (d = 2) and bilateral-like (d = 5) kernels, with 3 value channels at once.
        const double e2 = lattice_error(2, 1200, 3, 8.f, 1);
        const double e5 = lattice_error(5, 1200, 3, 4.f, 2);
        qInfo("relative L2 error: d=2 %.4f, d=5 %.4f", e2, e5);
        QVERIFY2(e2 < 0.05, qPrintable(QString::number(e2)));
        QVERIFY2(e5 < 0.15, qPrintable(QString::number(e5)));
    }

    void scaledFilterEqualsFilterThenScale() {
        // filter_scaled folds the normalisation into splat and slice; 3 (unrolled) and 6
        // (generic) channels.
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> u(0.f, 3.f);
        const int n = 500, d = 3;
        std::vector<float> f(n * d), pre(n), post(n);
        for (float& x : f)
            x = u(rng);
        for (int i = 0; i < n; ++i) {
            pre[i] = u(rng);
            post[i] = u(rng);
        }
        PermutohedralLattice lattice(f.data(), n, d);
        for (int v : {3, 6}) {
            std::vector<float> in(n * v), scaled(n * v), plain(n * v), out(n * v, 1.f), scratch;
            for (int i = 0; i < n * v; ++i) {
                in[i] = u(rng);
                scaled[i] = in[i] * pre[i / v];
            }
            lattice.filter(scaled.data(), plain.data(), v, scratch);
            lattice.filter_scaled(in.data(), pre.data(), out.data(), post.data(), 0.5f, v, scratch);
            for (int i = 0; i < n * v; ++i) {
                const float want = 1.f + 0.5f * post[i / v] * plain[i];
                QVERIFY2(std::abs(out[i] - want) <= 1e-4f * std::abs(want),
                         qPrintable(QString("%1 vs %2").arg(out[i]).arg(want)));
            }
        }
    }

    void latticeDistantPointsDoNotInteract() {
        // Far apart in feature space: each point only sees itself (the self-term is positive).
        std::vector<float> f = {0, 0, 100, 0, 0, 100};
        std::vector<float> in = {1, 0, 0}, out(3);
        PermutohedralLattice lattice(f.data(), 3, 2);
        QCOMPARE(lattice.lattice_points(), 9);  // three disjoint simplices
        lattice.filter(in.data(), out.data(), 1);
        QVERIFY(out[0] > 0.5f && out[0] < 1.5f);
        QCOMPARE(out[1], 0.f);
        QCOMPARE(out[2], 0.f);
    }

    void recoversTwoRegionsFromNoisyUnary() {
        const int rows = 60, cols = 80;
        const cv::Mat bgr = two_region_image(rows, cols);
        cv::Mat truth(rows, cols, CV_8UC1);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x)
                truth.at<uchar>(y, x) = x < cols / 2 ? 0 : 1;
        // Noisy unary: the right label has probability 0.6 on average, but with heavy noise.
        std::mt19937 rng(7);
        std::normal_distribution<float> noise(0.f, 0.25f);
        std::vector<cv::Mat> probs(2, cv::Mat(rows, cols, CV_32FC1));
        probs[0] = cv::Mat(rows, cols, CV_32FC1);
        probs[1] = cv::Mat(rows, cols, CV_32FC1);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                const float p_true = std::clamp(0.6f + noise(rng), 0.02f, 0.98f);
                const int t = truth.at<uchar>(y, x);
                probs[t].at<float>(y, x) = p_true;
                probs[1 - t].at<float>(y, x) = 1 - p_true;
            }
        const auto unary = amr::refine::unary_from_probabilities(probs);
        const double noisy = accuracy(amr::refine::argmax_planes(probs), truth);
        const auto q = amr::refine::dense_crf(unary, bgr, DenseCrfOptions{});
        const double refined = accuracy(amr::refine::argmax_planes(q), truth);
        const auto q_deeplab =
            amr::refine::dense_crf(unary, bgr, amr::refine::deeplab_crf_options());
        const double deeplab = accuracy(amr::refine::argmax_planes(q_deeplab), truth);
        qInfo("pixel accuracy: noisy argmax %.4f, CRF %.4f, DeepLab CRF %.4f", noisy, refined,
              deeplab);
        QVERIFY2(noisy < 0.75, qPrintable(QString::number(noisy)));
        QVERIFY2(refined > 0.99, qPrintable(QString::number(refined)));
        QVERIFY2(deeplab > 0.99, qPrintable(QString::number(deeplab)));
        QVERIFY(plane_sum_error(q) < 1e-4);
        QVERIFY(plane_sum_error(q_deeplab) < 1e-4);

        // One DenseCrf serves several inferences with the same result as fresh ones.
        const amr::refine::DenseCrf crf(bgr, DenseCrfOptions{});
        for (int round = 0; round < 2; ++round) {
            const auto again = crf.inference(unary);
            for (std::size_t c = 0; c < q.size(); ++c)
                QCOMPARE(cv::norm(again[c], q[c], cv::NORM_INF), 0.0);
        }
    }

    void labelCrfCleansNoisyLabels() {
        const int rows = 48, cols = 64;
        const cv::Mat bgr = two_region_image(rows, cols);
        cv::Mat truth(rows, cols, CV_8UC1);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x)
                truth.at<uchar>(y, x) = x < cols / 2 ? 0 : 2;
        cv::Mat noisy = truth.clone();
        std::mt19937 rng(3);
        std::uniform_int_distribution<int> label(0, 2);
        std::bernoulli_distribution flip(0.2);
        for (int i = 0; i < rows * cols; ++i)
            if (flip(rng))
                noisy.ptr<uchar>()[i] = static_cast<uchar>(label(rng));
        const double before = accuracy(noisy, truth);
        const cv::Mat out = amr::refine::crf_inference_label(noisy, 3, bgr);
        const double after = accuracy(out, truth);
        qInfo("label CRF accuracy: %.4f -> %.4f", before, after);
        QVERIFY(before < 0.9);
        QVERIFY2(after > 0.99, qPrintable(QString::number(after)));
    }

    void labelCrfSnapsToTheColourEdge() {
        // The labels put the boundary 6 px left of the colour edge: the bilateral term moves it
        // onto the edge; the Gaussian term alone cannot.
        const int rows = 40, cols = 80;
        const cv::Mat bgr = two_region_image(rows, cols);
        cv::Mat truth(rows, cols, CV_8UC1), shifted(rows, cols, CV_8UC1);
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                truth.at<uchar>(y, x) = x < cols / 2 ? 0 : 1;
                shifted.at<uchar>(y, x) = x < cols / 2 - 6 ? 0 : 1;
            }
        const double before = accuracy(shifted, truth);
        const double after = accuracy(amr::refine::crf_inference_label(shifted, 2, bgr), truth);
        DenseCrfOptions gauss_only;
        gauss_only.bilateral_weight = 0;
        const double smoothed =
            accuracy(amr::refine::crf_inference_label(shifted, 2, bgr, gauss_only), truth);
        qInfo("edge: input %.4f, CRF %.4f, Gaussian term only %.4f", before, after, smoothed);
        QCOMPARE(after, 1.0);
        QVERIFY(smoothed <= before + 1e-9);
    }

    void marginalsSumToOneAndThreadingAgrees() {
        const int rows = 40, cols = 50, labels = 5;
        cv::Mat bgr(rows, cols, CV_8UC3);
        cv::randu(bgr, 0, 256);
        std::vector<cv::Mat> unary(labels);
        for (auto& u : unary) {
            u.create(rows, cols, CV_32FC1);
            cv::randu(u, 0.f, 3.f);
        }
        DenseCrfOptions opt;
        const auto q = amr::refine::dense_crf(unary, bgr, opt);
        QCOMPARE(static_cast<int>(q.size()), labels);
        QVERIFY(plane_sum_error(q) < 1e-4);
        for (const auto& p : q) {
            double lo, hi;
            cv::minMaxLoc(p, &lo, &hi);
            QVERIFY(lo >= 0 && hi <= 1);
        }
        opt.threads = 1;
        const auto serial = amr::refine::dense_crf(unary, bgr, opt);
        for (int c = 0; c < labels; ++c)
            QVERIFY(cv::norm(q[c], serial[c], cv::NORM_INF) < 1e-5);
    }

    void cleanLabelMapIsKept() {
        // Three labels in blocks that follow the colours: the CRF must not move anything.
        const int rows = 30, cols = 45;
        cv::Mat bgr(rows, cols, CV_8UC3), labels(rows, cols, CV_8UC1);
        const cv::Vec3b colours[3] = {{10, 10, 10}, {250, 30, 30}, {30, 250, 30}};
        for (int y = 0; y < rows; ++y)
            for (int x = 0; x < cols; ++x) {
                const int l = x / 15;
                labels.at<uchar>(y, x) = static_cast<uchar>(l);
                bgr.at<cv::Vec3b>(y, x) = colours[l];
            }
        const cv::Mat out = amr::refine::crf_inference_label(labels, 3, bgr);
        QCOMPARE(cv::countNonZero(out != labels), 0);
    }

    void zeroWeightsReturnTheUnaryArgmax() {
        const int rows = 20, cols = 20;
        cv::Mat bgr(rows, cols, CV_8UC3), labels(rows, cols, CV_8UC1);
        cv::randu(bgr, 0, 256);
        cv::randu(labels, 0, 4);
        DenseCrfOptions opt;
        opt.gauss_weight = 0;
        opt.bilateral_weight = 0;
        const cv::Mat out = amr::refine::crf_inference_label(labels, 4, bgr, opt);
        QCOMPARE(cv::countNonZero(out != labels), 0);
    }

    void argmaxTiesGoToTheEarlierPlane() {
        std::vector<cv::Mat> planes = {cv::Mat(1, 3, CV_32FC1, cv::Scalar(0.5)),
                                       cv::Mat(1, 3, CV_32FC1, cv::Scalar(0.5))};
        planes[1].at<float>(0, 2) = 0.7f;
        const cv::Mat out = amr::refine::argmax_planes(planes);
        QCOMPARE(static_cast<int>(out.at<uchar>(0, 0)), 0);
        QCOMPARE(static_cast<int>(out.at<uchar>(0, 2)), 1);
    }

    void badInputIsRefused() {
        DenseCrfOptions opt;
        opt.bilateral_srgb = 0;
        QVERIFY(error_of([&] { opt.check(); }).contains("bilateral_srgb"));
        opt = {};
        opt.iterations = -1;
        QVERIFY(error_of([&] { opt.check(); }).contains("iterations"));
        const cv::Mat bgr(4, 4, CV_8UC3, cv::Scalar::all(0));
        const cv::Mat labels(4, 4, CV_8UC1, cv::Scalar(3));
        QVERIFY(error_of([&] {
                    amr::refine::crf_inference_label(labels, 3, bgr);
                }).contains("label 3"));
        const cv::Mat small(2, 2, CV_8UC1, cv::Scalar(0));
        QVERIFY(
            error_of([&] { amr::refine::crf_inference_label(small, 3, bgr); }).contains("size"));
        std::vector<cv::Mat> unary = {cv::Mat(4, 5, CV_32FC1, cv::Scalar(0))};
        QVERIFY(!error_of([&] { amr::refine::dense_crf(unary, bgr, {}); }).isEmpty());
    }
};

QTEST_APPLESS_MAIN(TestDenseCrf)
#include "test_dense_crf.moc"
