// make_cams (docs/method.md §4.1, §4.4 without climbing): store contents, normalisation, flip
// symmetry, resume, stale entries and cancel, on a tiny AMR network and a tiny demo dataset.

#include "engine/cam/cam_inference.h"
#include "engine/cam/cam_store.h"
#include "engine/cam/make_cams.h"
#include "engine/core/error.h"
#include "engine/core/rounding.h"
#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"

#include <QTemporaryDir>
#include <QTest>
#include <map>
#include <random>

#include <opencv2/core.hpp>

#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr::cam;

namespace {

fs::path tiny_checkpoint(const fs::path& file, int seed) {
    amr::nn::AmrNetOptions ao;
    ao.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    ao.backbone.base_width = 8;
    ao.backbone.blocks = {1, 1, 1, 1};
    ao.num_classes = 10;
    torch::manual_seed(seed);
    amr::nn::AmrNet net(ao);
    {
        // Large raw CAMs, so that max / (max + 1e-5) is 1 to float16 precision.
        torch::NoGradGuard no_grad;
        net->spotlight->classifier->weight.mul_(1e4);
        net->compensation->classifier->weight.mul_(1e4);
    }
    amr::nn::save_checkpoint(file, *net, amr::nn::amr_meta(ao));
    return file;
}

double max_of(const cv::Mat& m) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(m, &lo, &hi);
    return hi;
}

double min_of(const cv::Mat& m) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(m, &lo, &hi);
    return lo;
}

}  // namespace

class TestMakeCams : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, ck1_, ck2_;
    std::vector<std::string> tagged_;  // ids of tagged train images

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    MakeCamsOptions options(const fs::path& store, const fs::path& ck) {
        MakeCamsOptions o;
        o.dataset = data_;
        o.checkpoint = ck;
        o.store = store;
        o.scales = {1.0, 0.5};
        o.device = "cpu";
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::set_num_threads(2);
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 5;
        d.val_images = 1;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
        ck1_ = tiny_checkpoint(out("amr1.pt"), 1);
        ck2_ = tiny_checkpoint(out("amr2.pt"), 2);
        auto ds = amr::data::open_dataset(data_);
        for (auto i : ds.split("train"))
            if (!ds[i].tags.empty())
                tagged_.push_back(ds[i].id);
        QCOMPARE(tagged_.size(), std::size_t(5));
    }

    void optionsAreChecked() {
        auto o = options(out("s0"), ck1_);
        o.check();
        o.scales = {};
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("scales"));
        o = options(out("s0"), ck1_);
        o.scales = {1.0, -0.5};
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("scale"));
        o = options(out("s0"), ck1_);
        o.device = "tpu";
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("tpu"));
        o = options(out("s0"), ck1_);
        o.split = "nosuch";
        QVERIFY(amr::test::error_of([&] { make_cams(o, {}); }).contains("nosuch"));
        QVERIFY(MakeCamsOptions{}.scales ==
                (std::vector<double>{1.0, 0.5, 0.75, 1.25, 1.5, 1.75, 2.0}));
    }

    // Scaled sizes as the official np.round (half to even) and the official iteration count
    // at scale 0.5; tests/python/test_cam_scales.py checks whole CAMs against the formula.
    void scaledSizesAndHalfScaleIterations() {
        QCOMPARE(amr::round_half_even(80.5), 80);
        QCOMPARE(amr::round_half_even(81.5), 82);
        QCOMPARE(amr::round_half_even(80.49), 80);
        QCOMPARE(amr::round_half_even(80.51), 81);
        QCOMPARE(amr::round_half_even(0.5), 0);
        QCOMPARE(amr::scaled_side(161, 0.5), 80);   // std::lround: 81
        QCOMPARE(amr::scaled_side(375, 1.5), 562);  // 562.5
        QCOMPARE(amr::scaled_side(118, 0.75), 88);  // 88.5
        QCOMPARE(amr::scaled_side(1, 0.25), 1);
        QCOMPARE(half_scale_iterations(27), 13);
        QCOMPARE(half_scale_iterations(11), 5);
        QCOMPARE(half_scale_iterations(8), 5);
        QCOMPARE(half_scale_iterations(3), 3);
        QCOMPARE(half_scale_iterations(1), 1);
    }

    void fingerprintFollowsTheContent() {
        auto a = checkpoint_fingerprint(ck1_);
        QCOMPARE(a, checkpoint_fingerprint(ck1_));
        QVERIFY(a != checkpoint_fingerprint(ck2_));
        QVERIFY(a.rfind("fnv1a64:", 0) == 0);
        QVERIFY(!amr::test::error_of([&] { checkpoint_fingerprint(out("missing.pt")); }).isEmpty());
    }

    void storeHoldsNormalisedEntries() {
        auto o = options(out("store"), ck1_);
        std::vector<std::string> messages;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { messages.push_back(e.message); }};
        auto r = make_cams(o, ctx);
        QCOMPARE(r.computed, std::size_t(5));
        QCOMPARE(r.split, std::string("train"));  // "auto" without train_aug
        QCOMPARE(r.skipped, std::size_t(0));
        QCOMPARE(messages.size(), std::size_t(5));
        QCOMPARE(r.fingerprint, checkpoint_fingerprint(ck1_));

        auto ds = amr::data::open_dataset(data_);
        CamStore store(o.store, r.fingerprint);
        int nonzero = 0;
        for (auto& id : tagged_) {
            QVERIFY(store.has_fresh(id));
            auto e = store.get(id);
            const auto& rec = ds[static_cast<std::size_t>(ds.find(id))];
            QCOMPARE(e.keys, std::vector<int>(rec.tags.begin(), rec.tags.end()));
            QCOMPARE(e.height, 64);
            QCOMPARE(e.width, 64);
            QVERIFY(e.has_high_res());
            for (const CamBranch* b : {&e.spotlight, &e.compensation}) {
                QCOMPARE(b->strided.size(), e.keys.size());
                for (const auto* planes : {&b->strided, &b->high_res})
                    for (auto& p : *planes) {
                        QVERIFY(p.size() ==
                                (planes == &b->strided ? cv::Size(16, 16) : cv::Size(64, 64)));
                        QVERIFY(min_of(p) >= 0.0);
                        double hi = max_of(p);
                        QVERIFY2(hi == 0.0 || (hi > 0.999 && hi <= 1.0),
                                 std::to_string(hi).c_str());
                        nonzero += hi > 0;
                    }
            }
        }
        QVERIFY(nonzero > 0);
        // Only the train split's images.
        QCOMPARE(std::distance(fs::directory_iterator(o.store), fs::directory_iterator{}), 5L);
    }

    void rerunSkipsFreshEntries() {
        auto o = options(out("store"), ck1_);
        std::map<std::string, fs::file_time_type> before;
        for (auto& id : tagged_)
            before[id] = fs::last_write_time(CamStore(o.store, "").path_of(id));
        std::vector<std::string> messages;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) { messages.push_back(e.message); }};
        auto r = make_cams(o, ctx);
        QCOMPARE(r.computed, std::size_t(0));
        QCOMPARE(r.skipped, std::size_t(5));
        for (auto& m : messages)
            QVERIFY2(m.find("(skipped)") != std::string::npos, m.c_str());
        for (auto& id : tagged_)
            QVERIFY(fs::last_write_time(CamStore(o.store, "").path_of(id)) == before[id]);
    }

    void anotherCheckpointRecomputes() {
        auto o = options(out("store"), ck2_);
        CamStore old_store(o.store, checkpoint_fingerprint(ck1_));
        auto old_entry = old_store.get(tagged_[0]);
        auto r = make_cams(o, {});
        QCOMPARE(r.computed, std::size_t(5));
        QCOMPARE(r.skipped, std::size_t(0));
        for (auto& id : tagged_)
            QVERIFY(!old_store.has_fresh(id));
        CamStore store(o.store, r.fingerprint);
        auto e = store.get(tagged_[0]);
        QVERIFY(cv::norm(e.spotlight.strided[0], old_entry.spotlight.strided[0]) > 1e-3);
    }

    void flipMakesSymmetricInputsSymmetric() {
        auto net = load_cam_net(ck1_, torch::kCPU);
        QVERIFY(net.amr);
        cv::Mat img(48, 64, CV_8UC3);
        cv::randu(img, 0, 255);
        cv::Mat left = img(cv::Rect(0, 0, 32, 48)).clone(), mirrored;
        cv::flip(left, mirrored, 1);
        mirrored.copyTo(img(cv::Rect(32, 0, 32, 48)));
        CamInferenceOptions io;
        io.scales = {1.0, 0.75};
        auto e = infer_cams(net, img, {0, 3, 7}, io);
        QCOMPARE(e.spotlight.strided.size(), std::size_t(3));
        QVERIFY(e.spotlight.strided[0].size() == cv::Size(16, 12));
        int nonzero = 0;
        for (const CamBranch* b : {&e.spotlight, &e.compensation})
            for (const auto* planes : {&b->strided, &b->high_res})
                for (auto& p : *planes) {
                    cv::Mat f;
                    cv::flip(p, f, 1);
                    QVERIFY2(cv::norm(p, f, cv::NORM_INF) < 1e-4,
                             std::to_string(cv::norm(p, f, cv::NORM_INF)).c_str());
                    nonzero += max_of(p) > 0;
                }
        QVERIFY(nonzero > 0);
        // Without the flip the random net is not mirror-symmetric: the test can fail.
        io.flip = false;
        auto u = infer_cams(net, img, {0, 3, 7}, io);
        double worst = 0;
        for (auto& p : u.spotlight.strided) {
            cv::Mat f;
            cv::flip(p, f, 1);
            worst = std::max(worst, cv::norm(p, f, cv::NORM_INF));
        }
        QVERIFY(worst > 1e-3);
    }

    void cancelStopsBetweenImages() {
        auto o = options(out("store-cancel"), ck1_);
        amr::CancelToken cancel;
        int reports = 0;
        amr::JobContext ctx{[&](const amr::ProgressEvent&) {
                                ++reports;
                                cancel.cancel();
                            },
                            &cancel};
        bool cancelled = false;
        try {
            make_cams(o, ctx);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(reports, 1);
        QCOMPARE(std::distance(fs::directory_iterator(o.store), fs::directory_iterator{}), 1L);
    }

    void spotlightCheckpointFillsBothBranches() {
        amr::nn::SpotlightOptions so;
        so.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
        so.backbone.base_width = 8;
        so.backbone.blocks = {1, 1, 1, 1};
        so.num_classes = 10;
        torch::manual_seed(3);
        amr::nn::SpotlightNet net(so);
        amr::nn::save_checkpoint(out("spot.pt"), *net, amr::nn::spotlight_meta(so));
        auto o = options(out("store-spot"), out("spot.pt"));
        auto r = make_cams(o, {});
        QCOMPARE(r.computed, std::size_t(5));
        auto e = CamStore(o.store, r.fingerprint).get(tagged_[0]);
        for (std::size_t k = 0; k < e.keys.size(); ++k)
            QCOMPARE(cv::norm(e.spotlight.high_res[k], e.compensation.high_res[k], cv::NORM_INF),
                     0.0);
        // Ten classes expected: a checkpoint for another class count is refused.
        so.num_classes = 4;
        amr::nn::SpotlightNet four(so);
        amr::nn::save_checkpoint(out("spot4.pt"), *four, amr::nn::spotlight_meta(so));
        o = options(out("store-spot4"), out("spot4.pt"));
        QVERIFY(amr::test::error_of([&] { make_cams(o, {}); }).contains("4 classes"));
    }

    void cliMakesAndResumes() {
        auto q = [](const fs::path& p) { return QString::fromStdString(p.string()); };
        QStringList args{"make-cam",          q(data_),   "--checkpoint", q(ck1_),    "--out",
                         q(out("cli-store")), "--scales", "1,0.5",        "--device", "cpu"};
        auto r = amr::test::run_cli(args);
        QVERIFY2(r.exit_code == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("5 computed, 0 already fresh"), qPrintable(r.out));
        r = amr::test::run_cli(args);
        QVERIFY2(r.out.contains("0 computed, 5 already fresh"), qPrintable(r.out));
        args << "--split"
             << "nosuch";
        r = amr::test::run_cli(args);
        QVERIFY(r.exit_code != 0);
        QVERIFY2(r.err.contains("nosuch"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestMakeCams)
#include "test_make_cams.moc"
