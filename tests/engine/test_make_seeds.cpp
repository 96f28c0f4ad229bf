// make_seeds (docs/method.md §5.1) on a tiny plain-folder dataset with a hand-made CAM store. Each
// image has an object, a "shadow" of its own colour where the CAM is unsure (between the two
// thresholds) and plain background, so the expected seeds are known exactly: class id on the
// object, 255 on the shadow, 0 elsewhere, with and without the CRF. Isolated confident pixels
// ("salt") in the background must be removed by the CRF and kept without it.

#include <QTemporaryDir>
#include <QTest>
#include <filesystem>
#include <map>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/refine/make_seeds.h"
#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::cam::CamEntry;
using amr::cam::CamPlanes;
using amr::refine::MakeSeedsOptions;
using amr::test::error_of;

namespace {

constexpr int kW = 64, kH = 48;
const cv::Point kSalt[] = {{56, 40}, {60, 6}, {50, 44}};

struct Object {
    int key;            // 0-based class
    cv::Rect body;      // confident: CAM 0.9
    cv::Rect shadow;    // unsure: CAM 0.45
    cv::Scalar colour;  // BGR of the body
    cv::Scalar shade;   // BGR of the shadow
};

CamPlanes constant(cv::Size size, std::size_t k, float v) {
    CamPlanes p;
    for (std::size_t i = 0; i < k; ++i)
        p.push_back(cv::Mat(size, CV_32FC1, cv::Scalar(v)));
    return p;
}

}  // namespace

class TestMakeSeeds : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, store_;
    std::map<std::string, cv::Mat> expected_;  // id -> seeds

    fs::path path(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    MakeSeedsOptions options(const std::string& out) {
        MakeSeedsOptions o;
        o.dataset = data_;
        o.cam_store = store_;
        o.output = path(out);
        return o;
    }

    // Writes the image, its CAM entry and the seeds it must give.
    void add_image(const std::string& id, const std::vector<Object>& objects, bool high_res,
                   const std::string& fingerprint = "hand-made") {
        cv::Mat img(kH, kW, CV_8UC3, cv::Scalar(128, 128, 128));
        cv::Mat expected = cv::Mat::zeros(kH, kW, CV_8UC1);
        CamEntry e;
        e.height = kH;
        e.width = kW;
        const cv::Size strided((kW + 3) / 4, (kH + 3) / 4);
        for (const Object& o : objects) {
            cv::rectangle(img, o.shadow, o.shade, cv::FILLED);
            cv::rectangle(img, o.body, o.colour, cv::FILLED);
            expected(o.shadow).setTo(255);
            expected(o.body).setTo(o.key + 1);
            e.keys.push_back(o.key);
        }
        e.spotlight.strided = constant(strided, objects.size(), 0.f);
        e.compensation.strided = constant(strided, objects.size(), 0.f);
        if (high_res) {
            // Spotlight and compensation differ; at α = 0.5 the weighted CAM is 0.9 / 0.45 / 0.1.
            e.spotlight.high_res = constant({kW, kH}, objects.size(), 0.05f);
            e.compensation.high_res = constant({kW, kH}, objects.size(), 0.15f);
            for (std::size_t i = 0; i < objects.size(); ++i) {
                e.spotlight.high_res[i](objects[i].shadow).setTo(0.40f);
                e.compensation.high_res[i](objects[i].shadow).setTo(0.50f);
                e.spotlight.high_res[i](objects[i].body).setTo(1.0f);
                e.compensation.high_res[i](objects[i].body).setTo(0.8f);
                for (cv::Point p : kSalt) {
                    e.spotlight.high_res[i].at<float>(p) = 1.0f;
                    e.compensation.high_res[i].at<float>(p) = 0.8f;
                }
            }
        }
        cv::imwrite((data_ / "images" / (id + ".png")).string(), img);
        amr::cam::CamStore(store_, fingerprint).put(id, e);
        expected_[id] = expected;
    }

    void setup() {
        data_ = path("data");
        store_ = path("cams");
        fs::create_directories(data_ / "images");
        amr::test::write_text(data_ / "classes.txt", "cat\ndog\n");
        amr::test::write_text(data_ / "tags.csv",
                              "image,tags,split\n"
                              "a.png,cat,train\n"
                              "b.png,cat;dog,train\n"
                              "d.png,dog,train\n"
                              "s.png,dog,train\n"
                              "c.png,dog,bad\n");
        const Object cat{0, {8, 8, 16, 24}, {24, 8, 10, 24}, {30, 30, 200}, {60, 160, 60}};
        const Object dog{1, {36, 20, 14, 16}, {36, 36, 14, 8}, {200, 40, 40}, {20, 200, 220}};
        add_image("a", {cat}, true);
        add_image("b", {cat, dog}, true);
        add_image("c", {dog}, false);                  // no full-resolution maps
        add_image("s", {dog}, true, "another model");  // stale: counted, not fatal
        amr::test::write_test_image(data_ / "images" / "d.png", kW, kH);  // no CAM entry
    }

    cv::Mat seeds(const std::string& out, const std::string& id) {
        return amr::data::read_label_png(path(out) / (id + ".png"));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString err = error_of([&] { setup(); });
        QVERIFY2(err.isEmpty(), qPrintable(err));
    }

    void combinesForegroundAndBackgroundSeeds() {
        // Direct call, no CRF: 0.60 / 0.33 thresholds and the §5.1 step-3 rule, ties to background.
        CamPlanes cams = {cv::Mat(1, 5, CV_32FC1), cv::Mat(1, 5, CV_32FC1)};
        const float c0[] = {0.9f, 0.5f, 0.2f, 0.60f, 0.33f}, c1[] = {0.7f, 0.1f, 0.1f, 0.1f, 0.1f};
        for (int x = 0; x < 5; ++x) {
            cams[0].at<float>(0, x) = c0[x];
            cams[1].at<float>(0, x) = c1[x];
        }
        MakeSeedsOptions o;
        o.crf = false;
        const cv::Mat s =
            amr::refine::seed_labels(cams, {4, 11}, cv::Mat(1, 5, CV_8UC3, cv::Scalar(0)), o);
        const int want[] = {5, 255, 0, 255, 0};
        for (int x = 0; x < 5; ++x)
            QCOMPARE(static_cast<int>(s.at<uchar>(0, x)), want[x]);
    }

    void crfSeedsMatchTheExpectedRegions() {
        std::size_t reports = 0;
        const auto r = amr::refine::make_seeds(options("crf"),
                                               {[&](const amr::ProgressEvent&) { ++reports; }});
        QCOMPARE(r.written, std::size_t(2));
        QCOMPARE(r.skipped, std::size_t(0));
        QCOMPARE(r.without_cams, std::size_t(2));
        QCOMPARE(r.missing_ids, (std::vector<std::string>{"d", "s"}));
        QCOMPARE(r.fingerprint, std::string("hand-made"));
        QCOMPARE(reports, std::size_t(4));
        std::size_t voids = 0;
        for (const std::string id : {"a", "b"}) {
            const cv::Mat got = seeds("crf", id);
            QCOMPARE(cv::countNonZero(got != expected_[id]), 0);  // salt removed by the CRF
            voids += cv::countNonZero(got == 255);
        }
        QVERIFY(voids > 0);
        QCOMPARE(r.void_fraction, static_cast<double>(voids) / (2.0 * kW * kH));
        QVERIFY(!fs::exists(path("crf") / "d.png"));
        QCOMPARE(amr::data::read_png_info(path("crf") / "a.png").is_palette(), true);
    }

    void withoutCrfTheSaltStays() {
        auto o = options("plain");
        o.crf = false;
        const auto r = amr::refine::make_seeds(o);
        QCOMPARE(r.written, std::size_t(2));
        const cv::Mat got = seeds("plain", "a");
        QCOMPARE(cv::countNonZero(got != expected_["a"]), 3);
        for (cv::Point p : kSalt)
            QCOMPARE(static_cast<int>(got.at<uchar>(p)), 1);
        // b: two classes at the salt pixels tie at 0.9, so the first class (cat = 1) wins.
        QCOMPARE(static_cast<int>(seeds("plain", "b").at<uchar>(kSalt[0])), 1);
    }

    void resumeSkipsAndOverwriteRecomputes() {
        auto o = options("resume");
        o.crf = false;
        QCOMPARE(amr::refine::make_seeds(o).written, std::size_t(2));
        const cv::Mat zeros = cv::Mat::zeros(kH, kW, CV_8UC1);
        amr::data::write_label_png(path("resume") / "a.png", zeros);
        auto r = amr::refine::make_seeds(o);
        QCOMPARE(r.written, std::size_t(0));
        QCOMPARE(r.skipped, std::size_t(2));
        QCOMPARE(cv::countNonZero(seeds("resume", "a")), 0);  // untouched
        o.overwrite = true;
        r = amr::refine::make_seeds(o);
        QCOMPARE(r.written, std::size_t(2));
        QVERIFY(cv::countNonZero(seeds("resume", "a")) > 0);
    }

    void cancelStopsBetweenImages() {
        auto o = options("cancel");
        o.threads = 1;
        amr::CancelToken cancel;
        amr::JobContext ctx{[&](const amr::ProgressEvent&) { cancel.cancel(); }, &cancel};
        bool cancelled = false;
        try {
            amr::refine::make_seeds(o, ctx);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QVERIFY(fs::exists(path("cancel") / "a.png"));
        QVERIFY(!fs::exists(path("cancel") / "b.png"));
        const auto r = amr::refine::make_seeds(o);
        QCOMPARE(r.skipped, std::size_t(1));
        QCOMPARE(r.written, std::size_t(1));
    }

    void badInputNamesTheFile() {
        auto o = options("bad");
        o.split = "bad";
        QString err = error_of([&] { amr::refine::make_seeds(o); });
        QVERIFY2(err.contains("c.cam") && err.contains("full-resolution"), qPrintable(err));

        o = options("bad");
        o.cam_store = path("no-such-store");
        err = error_of([&] { amr::refine::make_seeds(o); });
        QVERIFY2(err.contains("no-such-store") && err.contains("make-cam"), qPrintable(err));

        o = options("bad");
        o.split = "nope";
        QVERIFY(error_of([&] { amr::refine::make_seeds(o); }).contains("nope"));

        o = options("bad");
        o.bg_threshold = 0.7f;
        QVERIFY(error_of([&] { o.check(); }).contains("bg_threshold"));
        o = options("bad");
        o.crf_options.gauss_sxy = -1;
        QVERIFY(error_of([&] { o.check(); }).contains("gauss_sxy"));

        // A damaged payload (valid header) is fatal and named; a garbage file is just not fresh.
        fs::create_directories(path("corrupt"));
        fs::copy_file(store_ / "a.cam", path("corrupt") / "a.cam");
        std::string bytes = amr::read_file(store_ / "b.cam");
        bytes.back() = static_cast<char>(bytes.back() ^ 0x55);
        amr::test::write_text(path("corrupt") / "b.cam", bytes);
        amr::test::write_text(path("corrupt") / "s.cam", "AMRCAM but not really");
        o = options("corrupt-out");
        o.cam_store = path("corrupt");
        o.threads = 1;
        err = error_of([&] { amr::refine::make_seeds(o); });
        QVERIFY2(err.contains("b.cam"), qPrintable(err));
        fs::remove(path("corrupt") / "b.cam");
        const auto r = amr::refine::make_seeds(o);
        QCOMPARE(r.written, std::size_t(0));
        QCOMPARE(r.skipped, std::size_t(1));  // a, written before b failed
        QCOMPARE(r.missing_ids, (std::vector<std::string>{"b", "d", "s"}));
    }

    void optionsRoundTripThroughJson() {
        auto o = options("json");
        o.alpha = 0.3f;
        o.crf = false;
        o.crf_options.bilateral_weight = 7;
        MakeSeedsOptions back;
        amr::refine::apply_json(back, amr::refine::to_json(o), "opts.json");
        QCOMPARE(amr::refine::to_json(back), amr::refine::to_json(o));
        QCOMPARE(back.crf_options.bilateral_weight, 7.f);
        QCOMPARE(back.output, o.output);
        QVERIFY(error_of([&] {
                    amr::refine::apply_json(back, R"({"fg": 0.5})", "opts.json");
                }).contains("fg"));
        QVERIFY(error_of([&] {
                    amr::refine::apply_json(back, R"({"alpha": "high"})", "opts.json");
                }).contains("opts.json"));
    }

    void cliPrintsTheCounts() {
        const auto r =
            amr::test::run_cli({"make-seeds", QString::fromStdString(data_.string()), "--cams",
                                QString::fromStdString(store_.string()), "--out",
                                QString::fromStdString(path("cli").string()), "--no-crf"});
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("written 2, skipped 0"), qPrintable(r.out));
        QVERIFY2(r.out.contains("void"), qPrintable(r.out));
        QVERIFY2(r.err.contains("d s"), qPrintable(r.err));
        QVERIFY(fs::exists(path("cli") / "b.png"));
    }
};

QTEST_GUILESS_MAIN(TestMakeSeeds)
#include "test_make_seeds.moc"
