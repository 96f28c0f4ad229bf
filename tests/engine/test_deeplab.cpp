// DeepLab-v2 parts (docs/method.md §6): the network's shapes and MSC fusion, ASPP init, frozen BN,
// the loss's handling of 255, PIL-style label resizing, the augmentation, options, checkpoints
// round-tripping, and prediction (with and without the dense CRF) keeping odd image sizes.

#include "engine/core/error.h"
#include "engine/data/label_png.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/deeplab/predict.h"
#include "engine/deeplab/seg_data.h"
#include "engine/deeplab/seg_loss.h"
#include "engine/deeplab/train_deeplab.h"
#include "engine/nn/checkpoint.h"
#include "engine/refine/dense_crf.h"

#include <QTemporaryDir>
#include <QTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include "support/test_support.h"

using namespace amr::deeplab;
namespace fs = std::filesystem;

namespace {

DeepLabOptions tiny_net(int64_t classes = 3) {
    DeepLabOptions o;
    o.backbone = DeepLabOptions::backbone_for(50, amr::nn::ResNetLayout::kTorchvision);
    o.backbone.base_width = 8;
    o.backbone.blocks = {1, 1, 1, 1};
    o.num_classes = classes;
    return o;
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

std::string error_text(const std::function<void()>& f) {
    try {
        f();
    } catch (const amr::Error& e) {
        return e.what();
    }
    return {};
}

}  // namespace

class TestDeeplab : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { torch::manual_seed(3); }

    void outputStrideIsEightAndMscFusesByMax() {
        DeepLabV2 net(tiny_net());
        net->eval();
        torch::NoGradGuard ng;
        auto x = torch::randn({2, 3, 37, 53});
        auto outs = net->forward_msc(x);
        QCOMPARE(outs.size(), std::size_t(4));
        // ⌈37/8⌉ = 5, ⌈53/8⌉ = 7, and the same rule for the 0.5 (18×26) and 0.75 (27×39) inputs.
        QCOMPARE(outs[0].sizes().vec(), (std::vector<int64_t>{2, 3, 5, 7}));
        QCOMPARE(outs[1].sizes().vec(), (std::vector<int64_t>{2, 3, 3, 4}));
        QCOMPARE(outs[2].sizes().vec(), (std::vector<int64_t>{2, 3, 4, 5}));
        QCOMPARE(outs[3].sizes().vec(), (std::vector<int64_t>{2, 3, 5, 7}));
        const auto size = logit_size(net->options().backbone, 37, 53);
        QCOMPARE(size[0], int64_t(5));
        QCOMPARE(size[1], int64_t(7));
        auto expect = torch::max(
            outs[0], torch::max(resize_bilinear(outs[1], 5, 7), resize_bilinear(outs[2], 5, 7)));
        QVERIFY(torch::equal(outs[3], expect));
        QVERIFY(torch::equal(net->forward(x), outs[3]));
        // l_max is not just l_1.0: the pyramid wins somewhere.
        QVERIFY(!torch::equal(outs[3], outs[0]));
    }

    void asppHasFourDilatedBranchesWithSpecInit() {
        DeepLabV2 net(tiny_net(21));
        const int rates[] = {6, 12, 18, 24};
        QCOMPARE(net->aspp->convs.size(), std::size_t(4));
        for (int i = 0; i < 4; ++i) {
            auto c = net->aspp->convs[i];
            QCOMPARE(c->options.dilation()->at(0), int64_t(rates[i]));
            // padding = dilation keeps the size (a 9×9 input would be too small otherwise)
            QCOMPARE(c->forward(torch::zeros({1, 256, 9, 9})).sizes().vec(),
                     (std::vector<int64_t>{1, 21, 9, 9}));
            QVERIFY(c->bias.defined());
            QCOMPARE(c->bias.abs().max().item<double>(), 0.0);
            const double sd = c->weight.std().item<double>();
            QVERIFY2(std::abs(sd - 0.01) < 0.0005, std::to_string(sd).c_str());
        }
        // Summed branches: the head output is the sum of the four convolutions.
        torch::NoGradGuard ng;
        auto f = torch::randn({1, 256, 9, 9});
        auto sum = net->aspp->convs[0]->forward(f) + net->aspp->convs[1]->forward(f) +
                   net->aspp->convs[2]->forward(f) + net->aspp->convs[3]->forward(f);
        QVERIFY(torch::allclose(net->aspp->forward(f), sum));
    }

    void batchNormIsFrozenAndEveryConvTrains() {
        DeepLabV2 net(tiny_net());
        int convs = 0;
        for (const auto& p : net->named_parameters()) {
            const std::string& name = p.key();
            const bool bn = contains(name, "bn") || contains(name, "downsample.1");
            QVERIFY2(p.value().requires_grad() != bn, name.c_str());
            convs += !bn;
        }
        // stem + 4 blocks × (3 convs + downsample) + 4 ASPP weights + 4 biases
        QCOMPARE(convs, 1 + 4 * 4 + 8);
    }

    void labelsResizeLikePilNearest() {
        auto labels = torch::arange(10, torch::kLong).view({1, 2, 5});
        auto r = resize_labels_nearest(labels, 1, 2);
        // PIL: source column ⌊(i + ½)·5/2⌋ = 1, 3; row ⌊½·2⌋ = 1.
        QCOMPARE(r.sizes().vec(), (std::vector<int64_t>{1, 1, 2}));
        QCOMPARE(r[0][0][0].item<int64_t>(), int64_t(6));
        QCOMPARE(r[0][0][1].item<int64_t>(), int64_t(8));
    }

    void lossIgnores255() {
        // Labels all 255 but one pixel: the loss is that pixel's cross entropy, and only its
        // logits get a gradient.
        auto logits = torch::randn({1, 3, 6, 8}).requires_grad_(true);
        auto labels = torch::full({1, 6, 8}, 255, torch::kLong);
        labels[0][2][5] = 1;
        auto loss = seg_cross_entropy(logits, labels);
        const double expect =
            -torch::log_softmax(logits.detach()[0].select(1, 2).select(1, 5), 0)[1].item<double>();
        QVERIFY(std::abs(loss.item<double>() - expect) < 1e-5);
        loss.backward();
        auto g = logits.grad().abs().sum(1)[0];
        QVERIFY(g[2][5].item<double>() > 0);
        g[2][5] = 0;
        QCOMPARE(g.sum().item<double>(), 0.0);

        // Nothing labelled: 0, not NaN.
        auto none = seg_cross_entropy(logits, torch::full({1, 6, 8}, 255, torch::kLong));
        QCOMPARE(none.item<double>(), 0.0);

        // msc_loss sums its outputs, each against labels resized to its size.
        std::vector<torch::Tensor> terms;
        auto small = torch::randn({1, 3, 3, 4});
        auto total = msc_loss({logits.detach(), small}, labels, &terms);
        QCOMPARE(terms.size(), std::size_t(2));
        QVERIFY(std::abs(total.item<double>() -
                         (terms[0].item<double>() + terms[1].item<double>())) < 1e-6);
        // The 3×4 output samples rows ⌊(i+½)·2⌋ = 1, 3, 5: row 2, the labelled one, is not among
        // them, so that output has nothing labelled.
        QCOMPARE(terms[1].item<double>(), 0.0);
    }

    void augmentationPadsCropsAndFlipsConsistently() {
        // A 20×30 image whose blue channel equals its label, cropped to 40: the crop covers the
        // whole image, padding is label 255 with the mean colour (0 after normalisation).
        cv::Mat bgr(20, 30, CV_8UC3), labels(20, 30, CV_8UC1);
        for (int y = 0; y < 20; ++y)
            for (int x = 0; x < 30; ++x) {
                labels.at<uint8_t>(y, x) = static_cast<uint8_t>((x + y) % 3);
                bgr.at<cv::Vec3b>(y, x) = {static_cast<uint8_t>(100 + (x + y) % 3), 50, 60};
            }
        SegAugmentOptions o;
        o.crop = 40;
        o.scales = {1.0};
        o.layout = amr::nn::ResNetLayout::kCaffe;
        bool saw_flip = false, saw_plain = false;
        for (std::uint64_t seed = 0; seed < 16; ++seed) {
            std::vector<float> img(3 * 40 * 40);
            std::vector<uint8_t> lab(40 * 40);
            augment_seg(bgr, labels, o, seed, img.data(), lab.data());
            int labelled = 0;
            for (int i = 0; i < 40 * 40; ++i) {
                if (lab[i] == 255) {
                    QCOMPARE(img[i], 0.0f);  // blue channel of the mean colour
                    continue;
                }
                ++labelled;
                QVERIFY(std::abs(img[i] - (100 + lab[i] - 103.939f)) < 1e-3f);
            }
            QCOMPARE(labelled, 20 * 30);
            // The image sits at the top left (padding is bottom/right), mirrored or not.
            if (lab[0] == 255)
                saw_flip = true;
            else
                saw_plain = true;
            // Same seed, same sample.
            std::vector<float> img2(img.size());
            std::vector<uint8_t> lab2(lab.size());
            augment_seg(bgr, labels, o, seed, img2.data(), lab2.data());
            QVERIFY(img == img2 && lab == lab2);
        }
        QVERIFY(saw_flip && saw_plain);
    }

    void optionsCheckAndJson() {
        auto paper = TrainDeeplabOptions::preset("paper");
        QCOMPARE(paper.depth, 101);
        QCOMPARE(paper.batch, 5);
        QCOMPARE(paper.crop, 321);
        QCOMPARE(paper.iter_size, 2);
        QCOMPARE(paper.iterations, 20000L);
        QCOMPARE(paper.lr, 2.5e-4);
        QCOMPARE(paper.weight_decay, 5e-4);
        QCOMPARE(paper.momentum, 0.9);
        QCOMPARE(paper.scales, (std::vector<double>{0.5, 0.75, 1.0, 1.25, 1.5}));
        QVERIFY(contains(error_text([&] { TrainDeeplabOptions::preset("fast"); }), "fast"));

        auto q = TrainDeeplabOptions::preset("quick");
        q.dataset = "d";
        q.output = "o.pt";
        q.labels = "l";
        q.check();
        TrainDeeplabOptions back;
        apply_json(back, to_json(q), "q.json");
        QCOMPARE(to_json(back), to_json(q));
        QCOMPARE(back.base_width, 16);

        QVERIFY(contains(error_text([&] { apply_json(back, R"({"lr": "x"})", "c.json"); }),
                         "c.json: option 'lr' has the wrong type"));
        QVERIFY(contains(error_text([&] { apply_json(back, R"({"nope": 1})", "c.json"); }),
                         "unknown DeepLab training option 'nope'"));
        auto bad = q;
        bad.labels.clear();
        QVERIFY(contains(error_text([&] { bad.check(); }), "labels"));
        bad = q;
        bad.iter_size = 0;
        QVERIFY(contains(error_text([&] { bad.check(); }), "iter_size"));
        bad = q;
        bad.scales = {};
        QVERIFY(contains(error_text([&] { bad.check(); }), "scales"));

        // Updates from epochs when iterations is 0: ⌊images / (batch·iter_size)⌋ per epoch.
        q.iterations = 0;
        q.epochs = 3;
        q.batch = 2;
        q.iter_size = 2;
        QCOMPARE(total_updates(q, 10), 6L);
        QCOMPARE(total_updates(q, 3), 3L);

        PredictOptions p;
        QCOMPARE(p.crf_options.gauss_sxy, 1.0f);
        QCOMPARE(p.crf_options.bilateral_sxy, 67.0f);
        QCOMPARE(p.crf_options.bilateral_srgb, 3.0f);
        QCOMPARE(p.crf_options.bilateral_weight, 4.0f);
        QCOMPARE(p.crf_options.iterations, 10);
        p.dataset = "d";
        p.checkpoint = "c.pt";
        p.output = "o";
        p.check();
        p.scales = {0};
        QVERIFY(contains(error_text([&] { p.check(); }), "scales"));
    }

    void checkpointRoundTrips() {
        QTemporaryDir dir;
        const fs::path file = amr::test::to_path(dir.path()) / "net.pt";
        DeepLabV2 net(tiny_net(4));
        net->eval();
        amr::nn::save_checkpoint(file, *net, deeplab_meta(net->options()));
        auto loaded = load_deeplab(file, torch::kCPU);
        QCOMPARE(loaded.meta.architecture, std::string("deeplab"));
        QCOMPARE(loaded.meta.num_classes, int64_t(4));
        QCOMPARE(loaded.net->options().backbone.dilations, (std::array<int, 4>{1, 1, 2, 4}));
        auto x = torch::randn({1, 3, 41, 29});
        auto a = predict_probabilities(net, x, {0.5, 0.75, 1.0}, true);
        auto b = predict_probabilities(loaded.net, x, {0.5, 0.75, 1.0}, true);
        QCOMPARE(a.sizes().vec(), (std::vector<int64_t>{1, 4, 41, 29}));
        QVERIFY(torch::equal(a, b));
        QVERIFY(torch::allclose(a.sum(1), torch::ones({1, 41, 29}), 1e-5, 1e-5));

        // Not a DeepLab checkpoint: named refusal.
        const fs::path other = amr::test::to_path(dir.path()) / "resnet.pt";
        amr::nn::ResNet r(amr::nn::ResNetOptions::imagenet(50, amr::nn::ResNetLayout::kCaffe));
        amr::nn::ModelMeta m;
        m.backbone = r->options();
        m.num_classes = 1000;
        amr::nn::save_checkpoint(other, *r, m);
        QVERIFY(
            contains(error_text([&] { load_deeplab(other, torch::kCPU); }), "not a DeepLab one"));
    }

    void predictionKeepsOddSizesAndResumes() {
        QTemporaryDir dir;
        const fs::path root = amr::test::to_path(dir.path()) / "data";
        // A folder dataset: two odd-sized images, one with ground truth.
        amr::test::write_test_image(root / "images" / "a.png", 53, 37, {10, 200, 30});
        amr::test::write_test_image(root / "images" / "b.png", 19, 61, {200, 20, 90});
        amr::test::write_text(root / "tags.csv", "a.png,cat,val\nb.png,dog,val\n");
        cv::Mat gt(37, 53, CV_8UC1, cv::Scalar(1));
        gt.rowRange(0, 5).setTo(255);
        fs::create_directories(root / "masks");
        amr::data::write_label_png(root / "masks" / "a.png", gt);

        const fs::path ck = amr::test::to_path(dir.path()) / "net.pt";
        DeepLabV2 net(tiny_net(3));
        amr::nn::save_checkpoint(ck, *net, deeplab_meta(net->options()));

        PredictOptions o;
        o.dataset = root;
        o.checkpoint = ck;
        o.output = amr::test::to_path(dir.path()) / "deeplab";
        o.confidence = amr::test::to_path(dir.path()) / "confidence";
        o.device = "cpu";
        auto r = predict(o);
        QCOMPARE(r.written, std::size_t(2));
        QCOMPARE(r.skipped, std::size_t(0));
        QCOMPARE(r.evaluated, std::size_t(1));
        auto a = amr::data::read_label_png(o.output / "a.png");
        auto b = amr::data::read_label_png(o.output / "b.png");
        QCOMPARE(a.cols, 53);
        QCOMPARE(a.rows, 37);
        QCOMPARE(b.cols, 19);
        QCOMPARE(b.rows, 61);
        QVERIFY(amr::data::read_png_info(o.output / "a.png").is_palette());
        double max_label = 0;
        cv::minMaxLoc(a, nullptr, &max_label);
        QVERIFY(max_label <= 2);
        // Confidence: gray, same size, at least 1/3 (the argmax of 3 classes), and matching the
        // model's own probabilities.
        auto conf = cv::imread((o.confidence / "a.png").string(), cv::IMREAD_UNCHANGED);
        QCOMPARE(conf.type(), CV_8UC1);
        QCOMPARE(conf.size(), a.size());
        double min_conf = 0;
        cv::minMaxLoc(conf, &min_conf);
        QVERIFY(min_conf >= std::floor(255.0 / 3));
        net->eval();
        auto probs =
            predict_probabilities(net,
                                  image_input(cv::imread((root / "images" / "a.png").string()),
                                              amr::nn::ResNetLayout::kTorchvision, torch::kCPU),
                                  o.scales, false);
        cv::Mat labels, confidence;
        labels_and_confidence(probs, labels, confidence);
        QCOMPARE(cv::countNonZero(labels != a), 0);
        QCOMPARE(cv::countNonZero(confidence != conf), 0);
        // Evaluation: the 32 labelled rows of class 1 against the prediction.
        const double acc = cv::countNonZero(a.rowRange(5, 37) == 1) / double(32 * 53);
        QVERIFY(std::abs(r.metrics.pixel_accuracy - acc) < 1e-9);

        // With the CRF: the argmax and the maximum of the marginals of the docs/method.md §6.3 CRF
        // on the softmax, still at the input's size.
        PredictOptions c = o;
        c.crf = true;
        c.output = amr::test::to_path(dir.path()) / "deeplab_crf";
        c.confidence = amr::test::to_path(dir.path()) / "confidence_crf";
        QCOMPARE(predict(c).written, std::size_t(2));
        {
            const cv::Mat bgr = cv::imread((root / "images" / "a.png").string());
            auto p = probs[0].contiguous();
            std::vector<cv::Mat> planes;
            for (int k = 0; k < 3; ++k)
                planes.push_back(cv::Mat(37, 53, CV_32FC1, p[k].data_ptr<float>()).clone());
            auto q = amr::refine::dense_crf(amr::refine::unary_from_probabilities(planes), bgr,
                                            amr::refine::deeplab_crf_options());
            auto crf_labels = amr::data::read_label_png(c.output / "a.png");
            QCOMPARE(crf_labels.size(), a.size());
            QCOMPARE(cv::countNonZero(crf_labels != amr::refine::argmax_planes(q)), 0);
            cv::Mat best = cv::max(cv::max(q[0], q[1]), q[2]), expect;
            best.convertTo(expect, CV_8UC1, 255.0);
            auto crf_conf = cv::imread((c.confidence / "a.png").string(), cv::IMREAD_UNCHANGED);
            QCOMPARE(cv::countNonZero(crf_conf != expect), 0);
            QCOMPARE(amr::data::read_label_png(c.output / "b.png").size(), cv::Size(19, 61));
        }

        // A rerun skips both; overwrite predicts them again.
        auto again = predict(o);
        QCOMPARE(again.written, std::size_t(0));
        QCOMPARE(again.skipped, std::size_t(2));
        QCOMPARE(again.evaluated, std::size_t(1));
        QCOMPARE(again.metrics.miou, r.metrics.miou);
        o.overwrite = true;
        QCOMPARE(predict(o).written, std::size_t(2));

        // The split: "auto" is val where the dataset has one, else every image; a named split
        // the dataset lacks is refused by name.
        amr::test::write_test_image(root / "images" / "c.png", 21, 17, {90, 90, 200});
        amr::test::write_text(root / "tags.csv",
                              "a.png,cat,train\nb.png,dog,train\nc.png,cat,test\n");
        PredictOptions all = o;
        all.output = amr::test::to_path(dir.path()) / "deeplab_all";
        all.confidence.clear();
        QCOMPARE(all.split, std::string("auto"));
        QCOMPARE(predict(all).written, std::size_t(3));
        all.split = "val";
        QVERIFY(contains(error_text([&] { predict(all); }), "has no split 'val'"));
        amr::test::write_text(root / "tags.csv",
                              "a.png,cat,train\nb.png,dog,val\nc.png,cat,test\n");
        all.split = "auto";
        all.overwrite = true;
        const auto val_only = predict(all);
        QCOMPARE(val_only.written, std::size_t(1));  // b
        QCOMPARE(val_only.evaluated, std::size_t(0));

        // A checkpoint for another number of classes is refused by name.
        DeepLabV2 wide(tiny_net(5));
        amr::nn::save_checkpoint(ck, *wide, deeplab_meta(wide->options()));
        QVERIFY(contains(error_text([&] { predict(o); }), "predicts 5 labels"));
        o.crf = true;
        o.crf_options.bilateral_srgb = 0;
        QVERIFY(contains(error_text([&] { o.check(); }), "bilateral_srgb"));
    }
};

QTEST_GUILESS_MAIN(TestDeeplab)
#include "test_deeplab.moc"
