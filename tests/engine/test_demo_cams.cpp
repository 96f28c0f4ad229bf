// The issues' end-to-end checks on the demo dataset: after both training stages ([2/10], the
// `demo` preset: the frozen ImageNet ResNet-50 at crop 128), the weighted CAM's mIoU beats a
// blank (all-background) prediction by a wide margin (issue 5), and seeds + IRN + random walk
// then beat those CAMs (issue 8). A fixed seed makes the run repeatable; a subset
// of the demo keeps it to a few minutes on 2 cores. Skips (like test_imagenet_import) when the
// offline ImageNet weights (packaging/fetch-weights.sh) are not on the machine: a random-init
// net cannot learn the demo's classes in a test's time.
//
// CTest runs this program twice: test_demo_cams (label slow) at the demo scale above, and
// test_demo_cams_tiny (label fast) with AMR_DEMO_SCALE=tiny: 16 images (the presets' epochs, so
// about a quarter of the steps), with weaker margins: the CAMs beat a blank prediction, and the
// later stages (seeds, IRNet, random walk) run end to end and write every label. Their mIoU is
// not asserted there: an IRNet trained on 16 images floods (measured 6.5 % against the CAMs'
// 16.7 %). test_refine (fast) and test_demo_cams (slow) assert that the walk improves the CAMs.

#include "engine/cam/eval_cams.h"
#include "engine/cam/make_cams.h"
#include "engine/core/runtime.h"
#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/eval/confusion_matrix.h"
#include "engine/nn/imagenet.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/refine.h"
#include "engine/refine/train_irn.h"
#include "engine/train/train.h"
#include "engine/train/train_options.h"
#include "support/imagenet_weights.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

#include "support/test_support.h"

namespace fs = std::filesystem;

namespace {

// The run's size: the demo scale, or the fast lane's tiny one (AMR_DEMO_SCALE=tiny).
struct Scale {
    int train_images;    // of the demo's 120, same canvas size (200×200)
    double cam_ratio;    // the weighted CAM's least mIoU, as a multiple of a blank prediction's
    double cam_gain;     // and its least gain over it
    double refine_gain;  // the refined labels' least mIoU gain over the CAMs (may be < 0)
    bool check_refine;   // assert refine_gain (not at the tiny scale: see the top comment)
};

Scale scale() {
    if (qgetenv("AMR_DEMO_SCALE") == "tiny")
        return {16, 1.5, 0.05, 0.0, false};  // measured 16.7 % against blank 7.9 %
    return {60, 2.0, 0.10, 0.02, true};
}

// mIoU of predicting background everywhere on the split.
double blank_miou(const fs::path& root, const std::string& split) {
    auto dataset = amr::data::open_dataset(root);
    amr::eval::ConfusionMatrix cm(dataset.classes().num_labels());
    for (std::size_t i : dataset.split(split)) {
        auto sample = amr::data::load_sample(dataset, i, true);
        cm.add(sample.mask, cv::Mat::zeros(sample.mask.size(), CV_8UC1));
    }
    return amr::eval::compute_metrics(cm).miou;
}

}  // namespace

class TestDemoCams : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    const Scale scale_ = scale();

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    // Set by the first test for the second.
    fs::path root_, weights_, store_;
    double cam_miou_ = 0, cam_threshold_ = 0;

private Q_SLOTS:
    void weightedCamBeatsBlankPrediction() {
        QVERIFY(dir_.isValid());
        amr::init_runtime();  // all cores, as the CLI does (torch defaults to one thread)
        const fs::path weights = amr::test::imagenet_weights(out(""));
        if (weights.empty())
            QSKIP("no ImageNet weights (run packaging/fetch-weights.sh and amr import-weights)");
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = scale_.train_images;
        d.val_images = 1;
        const fs::path root = root_ = amr::data::make_demo_data(d).root;

        auto cam = amr::train::TrainCamOptions::preset("demo");
        cam.dataset = root;
        cam.output = out("cam.pt");
        cam.device = "cpu";
        cam.init = weights.string();
        amr::train::train_cam(cam, {});
        auto amr_options = amr::train::TrainAmrOptions::preset("demo");
        amr_options.dataset = root;
        amr_options.output = out("amr.pt");
        amr_options.cam = cam.output;
        amr_options.device = "cpu";
        amr_options.init = weights.string();
        amr::train::train_amr(amr_options, {});

        amr::cam::MakeCamsOptions m;
        m.dataset = root;
        m.checkpoint = amr_options.output;
        m.store = out("store");
        m.scales = {1.0, 0.5};
        m.device = "cpu";
        const auto made = amr::cam::make_cams(m);
        QCOMPARE(made.computed, static_cast<std::size_t>(scale_.train_images));

        amr::cam::EvalCamsOptions e;
        e.dataset = root;
        e.store = m.store;
        const auto r = amr::cam::eval_cams(e);
        QCOMPARE(r.images, static_cast<std::size_t>(scale_.train_images));
        const double blank = blank_miou(root, "train");
        const auto& weighted = r.curves.at(2);
        QCOMPARE(weighted.name, std::string("weighted"));
        const double miou = weighted.miou[weighted.best];
        std::printf(
            "blank mIoU %.1f%%, weighted CAM mIoU %.1f%% (spotlight %.1f%%, compensation "
            "%.1f%%)\n",
            100 * blank, 100 * miou, 100 * r.curves[0].miou[r.curves[0].best],
            100 * r.curves[1].miou[r.curves[1].best]);
        QVERIFY(blank > 0.05 && blank < 0.12);  // background IoU ~0.85 over 11 labels
        // The margin: at least twice the blank mIoU and 10 points above it (measured: weighted
        // 25.6 %, spotlight 28.4 %, compensation 18.9 %, blank 7.9 %; docs/training.md).
        QVERIFY2(miou >= scale_.cam_ratio * blank && miou >= blank + scale_.cam_gain,
                 qPrintable(QString("weighted CAM mIoU %1 vs blank %2").arg(miou).arg(blank)));
        weights_ = weights;
        store_ = m.store;
        cam_miou_ = miou;
        cam_threshold_ = weighted.thresholds[weighted.best];
    }

    // Issue 8 end to end on these real CAMs: CRF seeds, the demo IRN (frozen ImageNet backbone)
    // and the random walk give pseudo labels that beat the CAMs they start from. The walk's
    // background threshold is the CAMs' own best one, so both are scored alike (the official 0.25
    // suits VOC's CAMs, not these weaker ones: docs/refinement.md).
    void refinedLabelsBeatTheirCams() {
        if (store_.empty())
            QSKIP("needs the CAMs of weightedCamBeatsBlankPrediction");
        amr::refine::MakeSeedsOptions s;
        s.dataset = root_;
        s.cam_store = store_;
        s.output = out("seeds");
        QCOMPARE(amr::refine::make_seeds(s).written, static_cast<std::size_t>(scale_.train_images));

        auto t = amr::refine::TrainIrnOptions::preset("demo");
        t.dataset = root_;
        t.seeds = s.output;
        t.output = out("irn.pt");
        t.init = weights_.string();
        t.device = "cpu";
        QVERIFY(amr::refine::train_irn(t, {}).finished);

        amr::refine::RefineOptions r;
        r.dataset = root_;
        r.cam_store = store_;
        r.checkpoint = t.output;
        r.output = out("refined");
        r.bg_threshold = static_cast<float>(cam_threshold_);
        r.pad_to = 128;  // the crop the demo IRN trains on (the pipeline's demo preset)
        r.device = "cpu";
        QCOMPARE(amr::refine::refine_labels(r).written,
                 static_cast<std::size_t>(scale_.train_images));

        auto dataset = amr::data::open_dataset(root_);
        amr::eval::ConfusionMatrix cm(dataset.classes().num_labels());
        for (std::size_t i : dataset.split("train"))
            cm.add(amr::data::load_sample(dataset, i, true).mask,
                   amr::data::read_label_png(r.output / (dataset[i].id + ".png")));
        const double refined = amr::eval::compute_metrics(cm).miou;
        std::printf("refined mIoU %.1f%% (bg %.2f) from weighted CAMs at %.1f%%\n", 100 * refined,
                    cam_threshold_, 100 * cam_miou_);
        if (!scale_.check_refine)
            return;
        // Measured 31.0 % against the CAMs' 25.6 %.
        QVERIFY2(refined > cam_miou_ + scale_.refine_gain,
                 qPrintable(QString("refined %1 vs CAMs %2").arg(refined).arg(cam_miou_)));
    }
};

QTEST_GUILESS_MAIN(TestDemoCams)
#include "test_demo_cams.moc"
