// eval_classifier (docs/method.md §10.2): each branch's tag-prediction loss on a held-out split
// and the constant predictor's, and the average precision behind its mAP.

#include "engine/cam/eval_classifier.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/demo_data.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>

using namespace amr;
namespace fs = std::filesystem;

namespace {

nn::ResNetOptions tiny_backbone() {
    auto o = nn::ResNetOptions::cam(50, nn::ResNetLayout::kTorchvision);
    o.base_width = 8;
    o.blocks = {1, 1, 1, 1};
    return o;
}

}  // namespace

class TestEvalClassifier : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    // The multi-label soft margin of a constant logit vector over `split`, computed here.
    double constant_loss(const std::vector<float>& logits, const std::string& split) {
        auto ds = data::open_dataset(data_);
        double sum = 0;
        int n = 0;
        for (auto i : ds.split(split)) {
            if (ds[i].tags.empty())
                continue;
            auto y = ds.multi_hot(i);
            double s = 0;
            for (std::size_t k = 0; k < y.size(); ++k)
                s += -(y[k] * std::log(1 / (1 + std::exp(-logits[k]))) +
                       (1 - y[k]) * std::log(1 - 1 / (1 + std::exp(-logits[k]))));
            sum += s / static_cast<double>(y.size());
            ++n;
        }
        return sum / n;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::set_num_threads(2);
        data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 10;
        d.val_images = 4;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = data::make_demo_data(d).root;
    }

    void averagePrecision() {
        // ranks 1 and 3 are positives: AP = 1/2 · 1 + 1/2 · 2/3
        QCOMPARE(cam::average_precision({0.9f, 0.8f, 0.7f, 0.6f}, {true, false, true, false}),
                 0.5 + 0.5 * 2.0 / 3.0);
        QCOMPARE(cam::average_precision({0.1f, 0.8f}, {true, false}), 0.5);
        // tied scores are one threshold, whatever their order
        QCOMPARE(cam::average_precision({0.5f, 0.5f}, {true, false}), 0.5);
        QCOMPARE(cam::average_precision({0.5f, 0.5f}, {false, true}), 0.5);
        QVERIFY(std::isnan(cam::average_precision({0.5f}, {false})));
    }

    // A zero classifier predicts 0.5 for every class: its loss is ln 2 exactly, and the constant
    // predictor's is the soft margin of the train split's tag frequencies on val.
    void zeroClassifierScoresLnTwo() {
        nn::AmrNetOptions o;
        o.backbone = tiny_backbone();
        o.num_classes = 10;
        torch::manual_seed(3);
        nn::AmrNet net(o);
        {
            torch::NoGradGuard g;
            net->compensation->classifier->weight.zero_();
        }
        nn::save_checkpoint(out("amr.pt"), *net, nn::amr_meta(o));
        cam::EvalClassifierOptions e;
        e.dataset = data_;
        e.checkpoint = out("amr.pt");
        e.device = "cpu";
        ProgressEvent last;
        JobContext ctx{[&](const ProgressEvent& e) { last = e; }, nullptr};
        auto r = cam::eval_classifier(e, ctx);
        QCOMPARE(r.split, std::string("val"));
        QCOMPARE(r.prior_split, std::string("train"));
        QCOMPARE(r.images, std::size_t(4));
        QCOMPARE(last.done, std::size_t(4));  // one report per image, the last one 4 of 4
        QCOMPARE(last.total, std::size_t(4));
        QCOMPARE(r.branches.size(), std::size_t(3));
        QCOMPARE(r.branches[0].branch, std::string("spotlight"));
        QCOMPARE(r.branches[1].branch, std::string("compensation"));
        QCOMPARE(r.branches[2].branch, std::string("constant"));
        QVERIFY(std::abs(r.branches[1].loss - std::log(2.0)) < 1e-6);
        QVERIFY(std::abs(r.branches[0].loss - std::log(2.0)) > 1e-4);  // random weights

        auto ds = data::open_dataset(data_);
        std::vector<float> prior(10);
        auto train = ds.split("train");
        for (std::size_t k = 0; k < 10; ++k) {
            double f = 0;
            for (auto i : train)
                f += ds[i].has_tag(static_cast<int>(k)) ? 1 : 0;
            double p = std::clamp(f / static_cast<double>(train.size()), 1e-4, 1 - 1e-4);
            prior[k] = static_cast<float>(std::log(p / (1 - p)));
        }
        QVERIFY(std::abs(r.branches[2].loss - constant_loss(prior, "val")) < 1e-5);
        // constant scores per class tie on every image, as the zero classifier's do
        QCOMPARE(r.branches[2].map, r.branches[1].map);
    }

    void aSpotlightCheckpointHasOneBranch() {
        nn::SpotlightOptions o;
        o.backbone = tiny_backbone();
        o.num_classes = 10;
        nn::SpotlightNet net(o);
        nn::save_checkpoint(out("cam.pt"), *net, nn::spotlight_meta(o));
        cam::EvalClassifierOptions e;
        e.dataset = data_;
        e.checkpoint = out("cam.pt");
        e.split = "train";
        auto r = cam::eval_classifier(e);
        QCOMPARE(r.branches.size(), std::size_t(2));
        QCOMPARE(r.branches[1].branch, std::string("constant"));
        QCOMPARE(r.images, std::size_t(10));

        o.num_classes = 7;
        nn::SpotlightNet other(o);
        nn::save_checkpoint(out("seven.pt"), *other, nn::spotlight_meta(o));
        e.checkpoint = out("seven.pt");
        try {
            cam::eval_classifier(e);
            QFAIL("no error");
        } catch (const Error& err) {
            QVERIFY(std::string(err.what()).find("seven.pt") != std::string::npos);
            QVERIFY(std::string(err.what()).find("7 classes") != std::string::npos);
        }
    }
};

QTEST_GUILESS_MAIN(TestEvalClassifier)
#include "test_eval_classifier.moc"
