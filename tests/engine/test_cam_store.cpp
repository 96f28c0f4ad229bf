// CAM store: float16 round trip, atomic writes, refusals of damaged files, stale fingerprints.

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <filesystem>
#include <limits>
#include <random>
#include <string>

#include "engine/cam/cam_store.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::cam::CamEntry;
using amr::cam::CamPlanes;
using amr::cam::CamStore;
using amr::test::error_of;

namespace {

CamPlanes random_planes(int rows, int cols, int k, std::mt19937& rng) {
    CamPlanes planes;
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    for (int c = 0; c < k; ++c) {
        cv::Mat p(rows, cols, CV_32FC1);
        for (int i = 0; i < rows * cols; ++i)
            p.ptr<float>()[i] = u(rng);
        planes.push_back(p);
    }
    return planes;
}

CamEntry make_entry(int h, int w, std::vector<int> keys, bool high_res, unsigned seed = 1) {
    std::mt19937 rng(seed);
    CamEntry e;
    e.height = h;
    e.width = w;
    const int k = static_cast<int>(keys.size());
    e.keys = std::move(keys);
    e.spotlight.strided = random_planes((h + 3) / 4, (w + 3) / 4, k, rng);
    e.compensation.strided = random_planes((h + 3) / 4, (w + 3) / 4, k, rng);
    if (high_res) {
        e.spotlight.high_res = random_planes(h, w, k, rng);
        e.compensation.high_res = random_planes(h, w, k, rng);
    }
    return e;
}

// Largest |a-b| relative to float16's spacing: values in [0,1] round with error <= 2^-12.
void expect_close(const CamPlanes& a, const CamPlanes& b) {
    QCOMPARE(a.size(), b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
        QCOMPARE(b[k].type(), CV_32FC1);
        QCOMPARE(b[k].size(), a[k].size());
        double worst = 0;
        for (int i = 0; i < a[k].rows * a[k].cols; ++i)
            worst = std::max(
                worst, std::abs(static_cast<double>(a[k].ptr<float>()[i]) - b[k].ptr<float>()[i]));
        QVERIFY2(worst <= std::ldexp(1.0, -12), qPrintable(QString::number(worst)));
    }
}

}  // namespace

class TestCamStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void halfConversions() {
        QCOMPARE(amr::cam::float_to_half(0.0f), std::uint16_t{0});
        QCOMPARE(amr::cam::float_to_half(1.0f), std::uint16_t{0x3c00});
        QCOMPARE(amr::cam::float_to_half(-2.0f), std::uint16_t{0xc000});
        QCOMPARE(amr::cam::float_to_half(65504.0f), std::uint16_t{0x7bff});
        QCOMPARE(amr::cam::float_to_half(1e6f), std::uint16_t{0x7c00});
        QCOMPARE(amr::cam::float_to_half(std::ldexp(1.0f, -24)), std::uint16_t{1});  // subnormal
        // 1 + 2^-11 is half-way between 1 and 1 + 2^-10: ties go to the even mantissa (1.0).
        QCOMPARE(amr::cam::float_to_half(1.0f + std::ldexp(1.0f, -11)), std::uint16_t{0x3c00});
        QCOMPARE(amr::cam::float_to_half(1.0f + 3 * std::ldexp(1.0f, -11)), std::uint16_t{0x3c02});
        QVERIFY(std::isnan(amr::cam::half_to_float(
            amr::cam::float_to_half(std::numeric_limits<float>::quiet_NaN()))));
        for (std::uint32_t h = 0; h < 0x7c00; ++h)  // every finite positive half round-trips
            QCOMPARE(amr::cam::float_to_half(amr::cam::half_to_float(h)), std::uint16_t(h));
        QCOMPARE(amr::cam::half_to_float(0x3555), 0.333251953125f);
    }

    void roundTrip() {
        QTemporaryDir tmp;
        const CamStore store(amr::test::to_path(tmp.path()) / "cams", "ckpt-abc");
        const CamEntry e = make_entry(13, 18, {14, 0, 6}, true);
        QVERIFY(!store.has_fresh("img1"));
        store.put("img1", e);
        QVERIFY(fs::exists(store.path_of("img1")));
        QCOMPARE(store.path_of("img1").filename().string(), std::string("img1.cam"));
        QVERIFY(store.has_fresh("img1"));
        const CamEntry got = store.get("img1");
        QCOMPARE(got.height, 13);
        QCOMPARE(got.width, 18);
        QCOMPARE(got.keys, (std::vector<int>{14, 0, 6}));
        QCOMPARE(got.spotlight.strided[0].size(), cv::Size(5, 4));
        expect_close(e.spotlight.strided, got.spotlight.strided);
        expect_close(e.compensation.strided, got.compensation.strided);
        expect_close(e.spotlight.high_res, got.spotlight.high_res);
        expect_close(e.compensation.high_res, got.compensation.high_res);
    }

    void roundTripWithoutHighRes() {
        QTemporaryDir tmp;
        const CamStore store(amr::test::to_path(tmp.path()), "fp");
        const CamEntry e = make_entry(8, 9, {3}, false);
        store.put("a", e);
        const CamEntry got = store.get("a");
        QVERIFY(!got.has_high_res());
        QVERIFY(got.compensation.high_res.empty());
        expect_close(e.compensation.strided, got.compensation.strided);
    }

    void atomicWriteLeavesNoTempFile() {
        QTemporaryDir tmp;
        const fs::path dir = amr::test::to_path(tmp.path());
        const CamStore store(dir, "fp");
        store.put("x", make_entry(6, 7, {1, 2}, true));
        store.put("x", make_entry(6, 7, {1, 2}, true, 9));  // overwrite
        int files = 0;
        for (const auto& f : fs::directory_iterator(dir)) {
            ++files;
            QCOMPARE(f.path().filename().string(), std::string("x.cam"));
        }
        QCOMPARE(files, 1);
    }

    void truncatedFileNamesIt() {
        QTemporaryDir tmp;
        const CamStore store(amr::test::to_path(tmp.path()), "fp");
        store.put("t", make_entry(10, 10, {4, 5}, true));
        const fs::path file = store.path_of("t");
        const std::string bytes = amr::read_file(file);
        for (std::size_t keep : {std::size_t{5}, std::size_t{30}, bytes.size() - 1}) {
            amr::write_file_atomically(file, bytes.substr(0, keep));
            const QString err = error_of([&] { store.get("t"); });
            QVERIFY2(err.contains(QString::fromStdString(file.string())), qPrintable(err));
            QVERIFY2(err.contains("truncated"), qPrintable(err));
        }
        QVERIFY(!store.has_fresh("t"));
        QCOMPARE(store.stale_ids({"t", "missing"}), (std::vector<std::string>{"t", "missing"}));
    }

    void corruptFileNamesIt() {
        QTemporaryDir tmp;
        const CamStore store(amr::test::to_path(tmp.path()), "fp");
        store.put("c", make_entry(10, 10, {4, 5}, true));
        const fs::path file = store.path_of("c");
        const std::string good = amr::read_file(file);
        std::string bad = good;
        bad[bad.size() - 7] ^= 0x10;  // a payload bit
        amr::write_file_atomically(file, bad);
        QString err = error_of([&] { store.get("c"); });
        QVERIFY2(err.contains(QString::fromStdString(file.string())), qPrintable(err));
        QVERIFY2(err.contains("checksum"), qPrintable(err));

        bad = good;
        bad[0] = 'X';  // magic
        amr::write_file_atomically(file, bad);
        err = error_of([&] { store.get("c"); });
        QVERIFY2(err.contains("not an AMR CAM file"), qPrintable(err));

        bad = good;
        bad[8] = 7;  // version
        amr::write_file_atomically(file, bad);
        err = error_of([&] { store.get("c"); });
        QVERIFY2(err.contains(QString::fromStdString(file.string())), qPrintable(err));
        QVERIFY2(err.contains("version 7"), qPrintable(err));
        QVERIFY(!store.has_fresh("c"));

        amr::write_file_atomically(file, good + "z");
        err = error_of([&] { store.get("c"); });
        QVERIFY2(err.contains("trailing"), qPrintable(err));

        err = error_of([&] { store.get("nothere"); });
        QVERIFY2(err.contains("nothere.cam"), qPrintable(err));
    }

    void fingerprintMismatchIsStale() {
        QTemporaryDir tmp;
        const fs::path dir = amr::test::to_path(tmp.path());
        CamStore(dir, "model-A").put("s", make_entry(5, 5, {0}, false));
        const CamStore b(dir, "model-B");
        QVERIFY(CamStore(dir, "model-A").has_fresh("s"));
        QVERIFY(!b.has_fresh("s"));
        QCOMPARE(b.stale_ids({"s"}), std::vector<std::string>{"s"});
        QCOMPARE(CamStore(dir, "model-A").stale_ids({"s"}), std::vector<std::string>{});
        const QString err = error_of([&] { b.get("s"); });
        QVERIFY2(err.contains("stale") && err.contains("model-A"), qPrintable(err));
    }

    void refusesBadEntriesAndIds() {
        QTemporaryDir tmp;
        const CamStore store(amr::test::to_path(tmp.path()), "fp");
        CamEntry e = make_entry(8, 8, {1, 2}, true);
        e.compensation.high_res.pop_back();
        QVERIFY(error_of([&] { store.put("e", e); }).contains("compensation full CAM"));
        e = make_entry(8, 8, {1, 1}, false);
        QVERIFY(error_of([&] { store.put("e", e); }).contains("repeated class key"));
        QVERIFY(!error_of([&] { store.put("../e", make_entry(8, 8, {1}, false)); }).isEmpty());
        QVERIFY(!fs::exists(store.path_of("e")));
    }
};

QTEST_GUILESS_MAIN(TestCamStore)
#include "test_cam_store.moc"
