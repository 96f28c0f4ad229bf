// IRNet's neighbourhood geometry (docs/method.md §5.3) and the affinities built on it (§5.4).

#include "engine/refine/affinity.h"
#include "engine/refine/path_indices.h"

#include <QtTest>
#include <algorithm>
#include <random>
#include <set>

#include "support/test_support.h"

using amr::refine::make_path_indices;
using amr::refine::Offset;
using amr::refine::PathIndices;

class TestPathIndices : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void counts_match_the_official_geometry() {
        PathIndices r10 = make_path_indices(10);
        QCOMPARE(int(r10.directions.size()), 152);
        QCOMPARE(int(r10.group_lengths.size()), 20);
        QCOMPARE(r10.group_lengths.front(), 2);
        QCOMPARE(r10.group_lengths.back(), 22);
        QCOMPARE(r10.radius_floor, 9);
        PathIndices r5 = make_path_indices(5);
        QCOMPARE(int(r5.directions.size()), 34);
        QCOMPARE(int(r5.group_lengths.size()), 9);
        QCOMPARE(r5.group_lengths.front(), 2);
        QCOMPARE(r5.group_lengths.back(), 11);
        int total = 0;
        for (int s : r5.group_sizes)
            total += s;
        QCOMPARE(total, 34);
        // 128×128 labels, r = 10: 119 × 110 sources.
        QCOMPARE(r10.source_rows(128) * r10.source_cols(128), 13090);
    }

    void paths_join_source_and_destination() {
        PathIndices p = make_path_indices(5);
        std::set<std::pair<int, int>> seen;
        for (std::size_t k = 0; k < p.directions.size(); ++k) {
            Offset d = p.directions[k];
            QVERIFY(d.dy > 0 || (d.dy == 0 && d.dx > 0));  // a half plane
            QVERIFY(d.dy * d.dy + d.dx * d.dx < 25);
            QVERIFY(seen.insert({d.dy, d.dx}).second);
            const auto& path = p.paths[k];
            auto has = [&](int y, int x) {
                return std::any_of(path.begin(), path.end(),
                                   [&](const Offset& q) { return q.dy == y && q.dx == x; });
            };
            QVERIFY(has(0, 0));
            QVERIFY(has(d.dy, d.dx));
            QCOMPARE(std::find(p.group_lengths.begin(), p.group_lengths.end(), int(path.size())) !=
                         p.group_lengths.end(),
                     true);
        }
        // A straight horizontal step of 3 passes through every pixel in between.
        auto it = std::find_if(p.directions.begin(), p.directions.end(),
                               [](const Offset& d) { return d.dy == 0 && d.dx == 3; });
        QVERIFY(it != p.directions.end());
        QCOMPARE(int(p.paths[it - p.directions.begin()].size()), 4);
    }

    void labels_and_affinities_match_a_brute_force() {
        PathIndices p = make_path_indices(4);
        const int h = 9, w = 11;
        std::mt19937 rng(3);
        auto labels = torch::empty({2, h, w}, torch::kUInt8);
        auto boundary = torch::rand({2, 1, h, w});
        const uint8_t values[] = {0, 0, 1, 2, 255};
        for (int i = 0; i < 2 * h * w; ++i)
            labels.data_ptr<uint8_t>()[i] = values[rng() % 5];
        auto lab = amr::refine::affinity_labels(labels, p);
        auto aff = amr::refine::affinity_from_boundary(boundary, p);
        const int rows = p.source_rows(h), cols = p.source_cols(w);
        QCOMPARE(aff.size(1), int64_t(p.directions.size()));
        QCOMPARE(aff.size(2), int64_t(rows * cols));
        auto L = labels.accessor<uint8_t, 3>();
        auto B = boundary.accessor<float, 4>();
        double bg = 0, fg = 0, neg = 0;
        for (int n = 0; n < 2; ++n)
            for (std::size_t k = 0; k < p.directions.size(); ++k)
                for (int y = 0; y < rows; ++y)
                    for (int x = 0; x < cols; ++x) {
                        const int sy = y, sx = x + p.radius_floor;
                        const Offset d = p.directions[k];
                        const int a = L[n][sy][sx], b = L[n][sy + d.dy][sx + d.dx];
                        const bool valid = a != 255 && b != 255;
                        const int s = y * cols + x;
                        QCOMPARE(lab.bg_pos[n][k][s].item<float>(),
                                 float(valid && a == b && a == 0));
                        QCOMPARE(lab.fg_pos[n][k][s].item<float>(),
                                 float(valid && a == b && a > 0));
                        QCOMPARE(lab.neg[n][k][s].item<float>(), float(valid && a != b));
                        bg += valid && a == b && a == 0;
                        fg += valid && a == b && a > 0;
                        neg += valid && a != b;
                        float m = 0;
                        for (const Offset& q : p.paths[k])
                            m = std::max(m, B[n][0][sy + q.dy][sx + q.dx]);
                        QCOMPARE(aff[n][k][s].item<float>(), 1 - m);
                    }
        QVERIFY(bg > 0 && fg > 0 && neg > 0);  // every kind occurs
    }

    void loss_prefers_edges_between_labels() {
        // Two label regions split at column 8: an edge map at the split must score better than
        // a flat one.
        PathIndices p = make_path_indices(4);
        auto labels = torch::zeros({1, 12, 16}, torch::kUInt8);
        labels.index_put_({0, torch::indexing::Slice(), torch::indexing::Slice(8, 16)}, 1);
        auto flat = torch::zeros({1, 1, 12, 16});
        auto edge = flat.clone();
        edge.index_put_({0, 0, torch::indexing::Slice(), torch::indexing::Slice(7, 9)}, 8.0);
        flat -= 8;
        edge.index_put_({0, 0, torch::indexing::Slice(), torch::indexing::Slice(0, 7)}, -8.0);
        edge.index_put_({0, 0, torch::indexing::Slice(), torch::indexing::Slice(9, 16)}, -8.0);
        auto l_flat = amr::refine::irn_edge_loss(flat, labels, p);
        auto l_edge = amr::refine::irn_edge_loss(edge, labels, p);
        QVERIFY(l_edge.neg.item<float>() < 0.01f);
        QVERIFY(l_flat.neg.item<float>() > 5.0f);
        QVERIFY(l_edge.total.item<float>() < l_flat.total.item<float>());
    }
};

QTEST_GUILESS_MAIN(TestPathIndices)
#include "test_path_indices.moc"
