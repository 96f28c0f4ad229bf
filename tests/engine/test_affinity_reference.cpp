// IRN affinity labels from a seed PNG equal a reference that
// tests/python/make_affinity_reference.py computes with NumPy and Pillow from the official
// train_irn formulas (docs/method.md §5.3, §5.4): the ×0.25 Pillow-nearest reduction of a 512 crop,
// the radius-10 directions, the source window and the bg_pos / fg_pos / neg rules. Directions are
// matched by their offset, so only their order may differ. Skipped when /usr/bin/python3 lacks
// NumPy or Pillow.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/data/label_png.h"
#include "engine/refine/affinity.h"
#include "engine/refine/irn_data.h"
#include "engine/refine/path_indices.h"

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <map>
#include <utility>

#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr::refine;

class TestAffinityReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void labelsEqualTheOfficialFormulas() {
        QTemporaryDir dir;
        const QString python = QStringLiteral("/usr/bin/python3");
        if (!QFileInfo::exists(python))
            QSKIP("/usr/bin/python3 not found");
        QProcess py;
        py.start(python, {QStringLiteral(AMR_SOURCE_DIR "/tests/python/make_affinity_reference.py"),
                          dir.path()});
        QVERIFY(py.waitForFinished(120000));
        const QString err = QString::fromUtf8(py.readAllStandardError());
        if (py.exitCode() == 77)
            QSKIP(qPrintable("no NumPy/Pillow: " + err.trimmed()));
        QVERIFY2(py.exitCode() == 0, qPrintable(err));

        const fs::path root = amr::test::to_path(dir.path());
        std::ifstream in(root / "affinity.bin", std::ios::binary);
        std::int32_t head[4];
        QVERIFY(in.read(reinterpret_cast<char*>(head), sizeof head));
        const int D = head[0], S = head[1], h = head[2], w = head[3];
        std::map<std::pair<int, int>, std::vector<std::uint8_t>> want;  // offset → bg|fg|neg
        for (int d = 0; d < D; ++d) {
            std::int32_t off[2];
            QVERIFY(in.read(reinterpret_cast<char*>(off), sizeof off));
            std::vector<std::uint8_t> v(3 * static_cast<std::size_t>(S));
            QVERIFY(
                in.read(reinterpret_cast<char*>(v.data()), static_cast<std::streamsize>(v.size())));
            want[{off[0], off[1]}] = std::move(v);
        }

        // Our side: the seed PNG, train_irn's reduction and affinity_labels().
        const cv::Mat seeds = amr::data::read_label_png(root / "seeds.png");
        QCOMPARE(seeds.rows, 512);
        const cv::Mat small = pil_nearest(seeds, {seeds.cols / 4, seeds.rows / 4});
        QCOMPARE(small.rows, h);
        QCOMPARE(small.cols, w);
        const PathIndices paths = make_path_indices(10);
        QCOMPARE(static_cast<int>(paths.directions.size()), D);
        QCOMPARE(paths.source_rows(h) * paths.source_cols(w), S);
        auto labels = torch::from_blob(const_cast<std::uint8_t*>(small.ptr<std::uint8_t>()),
                                       {1, h, w}, torch::kUInt8)
                          .clone();
        const AffinityLabels got = affinity_labels(labels, paths);
        QCOMPARE(got.bg_pos.sizes(), (std::vector<int64_t>{1, D, S}));

        std::int64_t counts[3] = {0, 0, 0};
        for (int d = 0; d < D; ++d) {
            const Offset o = paths.directions[static_cast<std::size_t>(d)];
            const auto it = want.find({o.dy, o.dx});
            QVERIFY2(it != want.end(), qPrintable(QString("direction (%1, %2) is not in the "
                                                          "reference")
                                                      .arg(o.dy)
                                                      .arg(o.dx)));
            const torch::Tensor ours[3] = {got.bg_pos[0][d], got.fg_pos[0][d], got.neg[0][d]};
            for (int k = 0; k < 3; ++k) {
                auto ref = torch::from_blob(it->second.data() + static_cast<std::size_t>(k) * S,
                                            {S}, torch::kUInt8)
                               .to(torch::kFloat32);
                const auto differ = ours[k].ne(ref).sum().item<std::int64_t>();
                QVERIFY2(differ == 0, qPrintable(QString("direction (%1, %2), label %3: %4 of %5 "
                                                         "sources differ")
                                                     .arg(o.dy)
                                                     .arg(o.dx)
                                                     .arg(k)
                                                     .arg(differ)
                                                     .arg(S)));
                counts[k] += ref.sum().item<std::int64_t>();
            }
        }
        // The fixture exercises every kind of pair.
        qInfo("pairs: %lld bg_pos, %lld fg_pos, %lld neg", static_cast<long long>(counts[0]),
              static_cast<long long>(counts[1]), static_cast<long long>(counts[2]));
        QVERIFY(counts[0] > 1000 && counts[1] > 1000 && counts[2] > 1000);
    }
};

QTEST_GUILESS_MAIN(TestAffinityReference)
#include "test_affinity_reference.moc"
