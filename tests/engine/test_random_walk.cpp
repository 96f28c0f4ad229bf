// The sparse random walk of docs/method.md §5.5: equal to the official dense T^(2^8) construction
// (with its padding), and it spreads seeds inside regions bounded by edges, never across them.

#include "engine/refine/path_indices.h"
#include "engine/refine/random_walk.h"

#include <QtTest>
#include <random>

#include "support/test_support.h"

using namespace amr::refine;

namespace {

cv::Mat random_map(int h, int w, unsigned seed, float scale) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, scale);
    cv::Mat m(h, w, CV_32FC1);
    for (int i = 0; i < h * w; ++i)
        m.ptr<float>()[i] = u(rng);
    return m;
}

// The official make_sem_seg_labels walk, dense: pad B by r columns left/right and r rows at
// the bottom with 1, build the padded graph's affinities, crop to the image, A = a^β,
// T = A / column sums, T^(2^exp) by squaring, rw = X·T (all in double).
std::vector<cv::Mat> dense_walk(const cv::Mat& b, const std::vector<cv::Mat>& x, int radius,
                                double beta, int exp_times) {
    const PathIndices p = make_path_indices(radius);
    const int h = b.rows, w = b.cols, hp = h + radius, wp = w + 2 * radius;
    cv::Mat bp(hp, wp, CV_32FC1, cv::Scalar(1.0f));
    b.copyTo(bp(cv::Rect(radius, 0, w, h)));
    const int np = hp * wp;
    auto A = torch::zeros({np, np}, torch::kFloat64);
    auto acc = A.accessor<double, 2>();
    for (int i = 0; i < np; ++i)
        acc[i][i] = 1;
    for (int y = 0; y < p.source_rows(hp); ++y)
        for (int x = p.radius_floor; x < wp - p.radius_floor; ++x)
            for (std::size_t k = 0; k < p.directions.size(); ++k) {
                float m = 0;
                for (const Offset& q : p.paths[k])
                    m = std::max(m, bp.at<float>(y + q.dy, x + q.dx));
                const int s = y * wp + x;
                const int t = (y + p.directions[k].dy) * wp + x + p.directions[k].dx;
                acc[s][t] = acc[t][s] = 1 - m;
            }
    // Crop [:-r, r:-r] in both node dimensions.
    std::vector<int64_t> keep;
    for (int y = 0; y < h; ++y)
        for (int xx = radius; xx < radius + w; ++xx)
            keep.push_back(y * wp + xx);
    auto idx = torch::tensor(keep);
    auto a = A.index_select(0, idx).index_select(1, idx).pow(beta);
    auto T = a / a.sum(0, true);
    for (int i = 0; i < exp_times; ++i)
        T = T.matmul(T);
    auto X = torch::empty({int64_t(x.size()), h * w}, torch::kFloat64);
    for (std::size_t k = 0; k < x.size(); ++k)
        for (int i = 0; i < h * w; ++i)
            X[k][i] = x[k].ptr<float>()[i];
    auto rw = X.matmul(T);
    std::vector<cv::Mat> out;
    for (std::size_t k = 0; k < x.size(); ++k) {
        cv::Mat m(h, w, CV_32FC1);
        for (int i = 0; i < h * w; ++i)
            m.ptr<float>()[i] = float(rw[k][i].item<double>());
        out.push_back(m);
    }
    return out;
}

}  // namespace

class TestRandomWalk : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void sparse_equals_dense_reference() {
        const int h = 12, w = 10;
        // Mostly low boundary values with a few strong edges, like a real map.
        cv::Mat b = random_map(h, w, 1, 0.3f);
        for (int y = 0; y < h; ++y)
            b.at<float>(y, 6) = 0.9f;
        std::vector<cv::Mat> x = {random_map(h, w, 2, 1.0f), random_map(h, w, 3, 1.0f)};
        auto ref = dense_walk(b, x, 5, 10, 8);
        WalkGraph g = make_walk_graph(b, 5, 10);
        QCOMPARE(int(g.offsets.size()), 69);
        std::vector<cv::Mat> sparse = {x[0].clone(), x[1].clone()};
        random_walk(sparse, g, 256);
        for (int k = 0; k < 2; ++k) {
            const double err = cv::norm(sparse[k], ref[k], cv::NORM_INF);
            qInfo("class %d: max |sparse - dense| = %.3g", k, err);
            QVERIFY(err < 1e-5);
            QVERIFY(cv::norm(ref[k], x[k], cv::NORM_INF) > 1e-2);  // the walk did something
        }
        // Fewer steps: still the matching power of T (2^3 = 8).
        auto ref8 = dense_walk(b, x, 5, 10, 3);
        std::vector<cv::Mat> s8 = {x[0].clone(), x[1].clone()};
        random_walk(s8, g, 8);
        QVERIFY(cv::norm(s8[0], ref8[0], cv::NORM_INF) < 1e-5);
    }

    void torch_walk_equals_loop_walk() {
        cv::Mat b = random_map(15, 13, 4, 0.5f);
        std::vector<cv::Mat> x = {random_map(15, 13, 5, 1.0f)};
        WalkGraph g = make_walk_graph(b, 5, 10);
        auto t = torch::from_blob(x[0].data, {1, 15, 13}, torch::kFloat32).clone();
        auto out = random_walk_torch(t, g, 64, torch::kCPU);
        random_walk(x, g, 64);
        cv::Mat o(15, 13, CV_32FC1, out.data_ptr<float>());
        QVERIFY(cv::norm(o, x[0], cv::NORM_INF) < 1e-5);
    }

    void spreads_inside_regions_not_across_edges() {
        // A closed edge (B = 1) splits a 24×30 map into a left and a right part; one seed each.
        const int h = 24, w = 30;
        cv::Mat b(h, w, CV_32FC1, cv::Scalar(0.02f));
        for (int y = 0; y < h; ++y)
            b.at<float>(y, 14) = 1.0f;
        cv::Mat left(h, w, CV_32FC1, cv::Scalar(0.0f)), right = left.clone();
        left.at<float>(12, 3) = 1.0f;
        right.at<float>(5, 25) = 1.0f;
        std::vector<cv::Mat> x = {left, right};
        random_walk(x, make_walk_graph(b, 5, 10), 256);
        double min_left_own = 1e9, max_left_other = 0, min_right_own = 1e9, max_right_other = 0;
        for (int y = 0; y < h; ++y)
            for (int c = 0; c < w; ++c) {
                if (c < 14) {
                    min_left_own = std::min<double>(min_left_own, x[0].at<float>(y, c));
                    max_left_other = std::max<double>(max_left_other, x[1].at<float>(y, c));
                } else if (c > 14) {
                    min_right_own = std::min<double>(min_right_own, x[1].at<float>(y, c));
                    max_right_other = std::max<double>(max_right_other, x[0].at<float>(y, c));
                }
            }
        qInfo("own region min %.3g / %.3g, across the edge max %.3g / %.3g", min_left_own,
              min_right_own, max_left_other, max_right_other);
        // Every pixel of its own region got a share of the seed (corners included) ...
        QVERIFY(min_left_own > 1e-3);
        QVERIFY(min_right_own > 1e-3);
        // ... and nothing leaked through the edge.
        QCOMPARE(max_left_other, 0.0);
        QCOMPARE(max_right_other, 0.0);
        // Without the edge the left seed reaches the right part.
        cv::Mat open(h, w, CV_32FC1, cv::Scalar(0.02f));
        std::vector<cv::Mat> y = {left.clone()};
        y[0] = cv::Mat(h, w, CV_32FC1, cv::Scalar(0.0f));
        y[0].at<float>(12, 3) = 1.0f;
        random_walk(y, make_walk_graph(open, 5, 10), 256);
        QVERIFY(y[0].at<float>(12, 20) > 1e-3);
    }

    void rejects_bad_input() {
        QVERIFY(!amr::test::error_of([] { make_walk_graph(cv::Mat(), 5, 10); }).isEmpty());
        cv::Mat b(4, 4, CV_32FC1, cv::Scalar(0.0f));
        std::vector<cv::Mat> x = {cv::Mat(3, 4, CV_32FC1, cv::Scalar(0.0f))};
        QVERIFY(
            !amr::test::error_of([&] { random_walk(x, make_walk_graph(b, 5, 10), 1); }).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestRandomWalk)
#include "test_random_walk.moc"
