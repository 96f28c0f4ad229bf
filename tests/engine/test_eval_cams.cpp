// eval_cams (docs/method.md §4.5) on a hand-made CAM store built from the ground truth, so the best
// threshold of each CAM is known: class pixels sit just above it, all others just below.

#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>

#include "engine/cam/cam_store.h"
#include "engine/cam/eval_cams.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/data/sample.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr::cam;

namespace {

// K planes: `on` where the ground truth is that class, `off` elsewhere.
CamPlanes planes_from_gt(const cv::Mat& gt, const std::vector<int>& keys, float on, float off) {
    CamPlanes planes;
    for (int k : keys) {
        cv::Mat p(gt.size(), CV_32FC1, cv::Scalar(off));
        p.setTo(on, gt == k + 1);
        planes.push_back(p);
    }
    return planes;
}

CamPlanes zeros(cv::Size size, std::size_t k) {
    CamPlanes planes;
    for (std::size_t i = 0; i < k; ++i)
        planes.push_back(cv::Mat::zeros(size, CV_32FC1));
    return planes;
}

}  // namespace

class TestEvalCams : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, store_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    EvalCamsOptions options() {
        EvalCamsOptions o;
        o.dataset = data_;
        o.store = store_;
        return o;
    }

    void setup_() {
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 4;
        d.val_images = 1;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
        store_ = out("store");
        auto ds = amr::data::open_dataset(data_);
        CamStore store(store_, "hand-made");
        for (auto i : ds.split("train")) {
            auto s = amr::data::load_sample(ds, i);
            CamEntry e;
            e.height = s.mask.rows;
            e.width = s.mask.cols;
            e.keys.assign(ds[i].tags.begin(), ds[i].tags.end());
            cv::Size strided((e.width + 3) / 4, (e.height + 3) / 4);
            e.spotlight.strided = zeros(strided, e.keys.size());
            e.compensation.strided = zeros(strided, e.keys.size());
            // Best thresholds: spotlight 0.25, compensation 0.45, α = 0.5 → 0.35.
            e.spotlight.high_res = planes_from_gt(s.mask, e.keys, 0.28f, 0.22f);
            e.compensation.high_res = planes_from_gt(s.mask, e.keys, 0.48f, 0.42f);
            store.put(ds[i].id, e);
        }
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QString err = amr::test::error_of([&] { setup_(); });
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void optionsAreChecked() {
        auto o = options();
        o.check();
        QCOMPARE(o.thresholds().size(), std::size_t(12));
        QCOMPARE(o.thresholds().front(), 0.05);
        QCOMPARE(o.thresholds().back(), 0.60);
        o.alpha = 1.5;
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("alpha"));
        o = options();
        o.threshold = -0.1;
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("threshold"));
        o = options();
        o.threshold = 0.3;
        QCOMPARE(o.thresholds(), std::vector<double>{0.3});
        // A sweep that misses the official 0.20 gets it added, in order.
        o = options();
        o.sweep_from = 0.25;
        o.sweep_to = 0.35;
        QCOMPARE(o.thresholds(), (std::vector<double>{0.2, 0.25, 0.3, 0.35}));
    }

    void sweepFindsTheBestThresholds() {
        auto o = options();
        o.alpha_sweep = true;
        std::size_t reports = 0;
        auto r = eval_cams(o, {[&](const amr::ProgressEvent&) { ++reports; }});
        QCOMPARE(r.images, std::size_t(4));
        QCOMPARE(reports, std::size_t(4));
        QCOMPARE(r.curves.size(), std::size_t(3 + 11));
        QCOMPARE(r.curves[0].name, std::string("spotlight"));
        QCOMPARE(r.curves[0].thresholds[r.curves[0].best], 0.25);
        QCOMPARE(r.curves[1].thresholds[r.curves[1].best], 0.45);
        QCOMPARE(r.curves[2].thresholds[r.curves[2].best], 0.35);
        // The headline: the official threshold 0.20, below every best threshold here.
        for (const auto& c : r.curves) {
            QVERIFY(c.has_official());
            QCOMPARE(c.thresholds[c.official], amr::cam::kOfficialCamThreshold);
        }
        QVERIFY(r.curves[0].miou[r.curves[0].official] < 1.0);
        for (int c = 0; c < 3; ++c) {
            QCOMPARE(r.curves[c].miou[r.curves[c].best], 1.0);
            QVERIFY(r.curves[c].best_metrics.miou == 1.0);
        }
        QVERIFY(r.curves[0].miou[0] < 0.9);  // 0.05: everything is foreground
        QVERIFY(std::isfinite(r.curves[0].miou.back()));
        // α = 1 is exactly the spotlight CAM, α = 0 the compensation CAM.
        QCOMPARE(r.curves.back().name, std::string("alpha=1.0"));
        QCOMPARE(r.curves.back().miou, r.curves[0].miou);
        QCOMPARE(r.curves[3].miou, r.curves[1].miou);
    }

    void fixedThreshold() {
        auto o = options();
        o.threshold = 0.2;
        auto r = eval_cams(o);
        QCOMPARE(r.curves.size(), std::size_t(3));
        QCOMPARE(r.curves[0].miou.size(), std::size_t(1));
        QVERIFY(r.curves[0].miou[0] < 1.0);
        QVERIFY(r.curves[0].has_official());
        o.threshold = 0.3;
        QVERIFY(!eval_cams(o).curves[0].has_official());
    }

    void missingAndStaleEntriesAreErrors() {
        auto o = options();
        o.split = "nosuch";
        QVERIFY(amr::test::error_of([&] { eval_cams(o); }).contains("nosuch"));
        o = options();
        o.split = "val";  // no entries
        QVERIFY(amr::test::error_of([&] { eval_cams(o); }).contains("missing"));
        // One entry made by another model.
        fs::copy(store_, out("mixed"), fs::copy_options::recursive);
        auto ds = amr::data::open_dataset(data_);
        auto id = ds[ds.split("train").back()].id;
        CamStore hand(store_, "hand-made"), other(out("mixed"), "other");
        other.put(id, hand.get(id));
        o = options();
        o.store = out("mixed");
        QVERIFY(amr::test::error_of([&] { eval_cams(o); }).contains("stale"));
    }

    void cliWritesTableJsonAndCsv() {
        auto q = [](const fs::path& p) { return QString::fromStdString(p.string()); };
        auto r = amr::test::run_cli({"eval-cam", q(data_), "--store", q(store_), "--json",
                                     q(out("cam.json")), "--csv", q(out("cam.csv"))});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("spotlight"), qPrintable(r.out));
        QVERIFY2(r.out.contains("100.00%"), qPrintable(r.out));
        auto j = nlohmann::json::parse(amr::read_file(out("cam.json")));
        QCOMPARE(j["images"].get<int>(), 4);
        QCOMPARE(j["curves"].size(), std::size_t(3));
        QCOMPARE(j["curves"][1]["best_threshold"].get<double>(), 0.45);
        QCOMPARE(j["curves"][2]["best_miou"].get<double>(), 1.0);
        QCOMPARE(j["curves"][0]["official_threshold"].get<double>(), 0.2);
        const double official = j["curves"][0]["official_miou"].get<double>();
        QVERIFY(official > 0 && official < 1.0);
        QVERIFY2(r.out.contains("mIoU@0.20") && r.out.contains("best mIoU"), qPrintable(r.out));
        QVERIFY2(r.out.contains(QString::asprintf("%.2f%%", 100.0 * official)), qPrintable(r.out));
        QCOMPARE(j["curves"][0]["sweep"].size(), std::size_t(12));
        std::istringstream csv(amr::read_file(out("cam.csv")));
        std::string line;
        std::getline(csv, line);
        QCOMPARE(line, std::string("name,alpha,threshold,miou,best"));
        int rows = 0, best = 0;
        while (std::getline(csv, line)) {
            ++rows;
            if (line.back() == '1') {
                ++best;
                if (line.rfind("weighted", 0) == 0)
                    QCOMPARE(line, std::string("weighted,0.50,0.3500,1.000000,1"));
            }
        }
        QCOMPARE(rows, 36);
        QCOMPARE(best, 3);
    }
};

QTEST_GUILESS_MAIN(TestEvalCams)
#include "test_eval_cams.moc"
