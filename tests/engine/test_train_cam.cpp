// train_cam and what both training stages share: options, losses, poly lr, SGD, the data
// pipeline's determinism, learning on a tiny demo, exact resume, cancellation and metrics.

#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/data/sample.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/batch_loader.h"
#include "engine/train/losses.h"
#include "engine/train/sgd.h"
#include "engine/train/train.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include "support/test_support.h"

using namespace amr::train;
namespace fs = std::filesystem;

namespace {

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const amr::Error& e) {
        return e.what();
    }
    return {};
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

TrainCamOptions tiny_options(const fs::path& dataset, const fs::path& out) {
    TrainCamOptions o = TrainCamOptions::preset("paper");
    o.dataset = dataset;
    o.output = out;
    o.init = "none";
    o.layout = "torchvision";
    o.base_width = 8;
    o.blocks = {1, 1, 1, 1};
    o.crop = 64;
    o.batch = 4;
    o.epochs = 2;
    o.device = "cpu";
    o.lr_backbone = 0.1;
    o.lr_classifier = 1.0;
    return o;
}

// Average precision of one class (scores with ties broken by order), as in VOC's classification.
double average_precision(const std::vector<double>& scores, const std::vector<bool>& positive) {
    std::vector<std::size_t> order(scores.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return scores[a] > scores[b]; });
    double hits = 0, sum = 0;
    for (std::size_t r = 0; r < order.size(); ++r)
        if (positive[order[r]])
            sum += ++hits / static_cast<double>(r + 1);
    return hits > 0 ? sum / hits : -1;
}

// Train-set mAP of a spotlight net on the un-augmented images (resized to crop², normalised).
double train_map(const fs::path& checkpoint, const amr::data::Dataset& ds, int crop) {
    auto ck = amr::nn::read_checkpoint(checkpoint);
    auto so =
        amr::nn::spotlight_options(amr::nn::parse_model_meta(ck.metadata, checkpoint), checkpoint);
    amr::nn::SpotlightNet net(so);
    amr::nn::load_state(*net, ck.tensors, checkpoint);
    torch::NoGradGuard ng;
    auto idx = ds.split("train");
    const int k = ds.classes().size();
    std::vector<std::vector<double>> scores(k);
    std::vector<std::vector<bool>> pos(k);
    for (auto i : idx) {
        cv::Mat rgb, small;
        cv::cvtColor(amr::data::load_sample(ds, i, false).image, rgb, cv::COLOR_BGR2RGB);
        cv::resize(rgb, small, cv::Size(crop, crop), 0, 0, cv::INTER_AREA);
        small.convertTo(small, CV_32FC3);
        auto t = torch::from_blob(small.data, {1, crop, crop, 3}).permute({0, 3, 1, 2}).clone();
        auto logits = net->forward(amr::nn::normalize_input(t, so.backbone.layout))[0];
        auto hot = ds.multi_hot(i);
        for (int c = 0; c < k; ++c) {
            scores[c].push_back(logits[c].item<double>());
            pos[c].push_back(hot[c] > 0.5f);
        }
    }
    double sum = 0;
    int n = 0;
    for (int c = 0; c < k; ++c) {
        double ap = average_precision(scores[c], pos[c]);
        if (ap >= 0)
            sum += ap, ++n;
    }
    return sum / n;
}

std::vector<nlohmann::json> read_jsonl(const fs::path& file) {
    std::ifstream in(file);
    std::vector<nlohmann::json> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line));
    return lines;
}

}  // namespace

class TestTrainCam : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 12;
        d.val_images = 2;
        d.canvas_size = 80;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
        torch::set_num_threads(2);
    }

    void optionChecks() {
        auto ok = tiny_options(data_, out("x.pt"));
        ok.check();
        auto bad = [&](auto change) {
            auto o = ok;
            change(o);
            return error_of([&] { o.check(); });
        };
        QVERIFY(contains(bad([](auto& o) { o.dataset.clear(); }), "dataset"));
        QVERIFY(contains(bad([](auto& o) { o.output.clear(); }), "output"));
        QVERIFY(contains(bad([](auto& o) { o.depth = 34; }), "depth must be 50 or 101"));
        QVERIFY(contains(bad([](auto& o) { o.batch = 0; }), "batch"));
        QVERIFY(contains(bad([](auto& o) { o.crop = 8; }), "crop"));
        QVERIFY(contains(bad([](auto& o) { o.momentum = 1.5; }), "momentum"));
        QVERIFY(contains(bad([](auto& o) { o.device = "tpu"; }), "device"));
        QVERIFY(contains(bad([](auto& o) { o.blocks = {1, 0, 1, 1}; }), "blocks"));
        QVERIFY(contains(bad([](auto& o) { o.scale_reference = "voc"; }), "scale_reference"));
        QVERIFY(contains(bad([](auto& o) { o.lr_classifier = -1; }), "learning rates"));
        QVERIFY(
            contains(error_of([] { TrainCamOptions::preset("fast"); }), "unknown training preset"));
        TrainAmrOptions a = TrainAmrOptions::preset("official");
        a.dataset = data_;
        a.output = out("a.pt");
        QVERIFY(contains(error_of([&] { a.check(); }), "cam"));
        a.cam = out("c.pt");
        a.batch = 1;
        QVERIFY(contains(error_of([&] { a.check(); }), "flip-merge"));
    }

    void presetsAndJson() {
        auto paper = TrainCamOptions::preset("paper");
        QCOMPARE(paper.momentum, 0.9);
        QCOMPARE(paper.cutout, false);
        QCOMPARE(paper.lr_backbone, 0.01);
        QCOMPARE(paper.lr_classifier, 0.1);
        QCOMPARE(paper.batch, 16);
        QCOMPARE(paper.crop, 512);
        QCOMPARE(paper.epochs, 8);
        auto official = TrainCamOptions::preset("official");
        QCOMPARE(official.momentum, 1e-4);
        QCOMPARE(official.cutout, true);
        auto amr = TrainAmrOptions::preset("official");
        QCOMPARE(amr.weight_cls_s, 0.5);
        QCOMPARE(amr.weight_cls_c, 0.5);
        QCOMPARE(amr.weight_cps, 0.05);
        QCOMPARE(amr.cps_mode, std::string("flip-merge"));
        QCOMPARE(amr.lr_compensation, 0.1);
        QCOMPARE(amr.lr_classifier, 0.01);
        QCOMPARE(amr.cutout, false);
        QCOMPARE(TrainAmrOptions::preset("paper").cps_mode, std::string("own"));
        // paper: lr 0.01 for the compensation backbone (the paper's; the code's 0.1 belongs to
        // its momentum 1e-4), W_c at 10×, W_s frozen (docs/method.md §10.2)
        auto amr_paper = TrainAmrOptions::preset("paper");
        QCOMPARE(amr_paper.momentum, 0.9);
        QCOMPARE(amr_paper.lr_compensation, 0.01);
        QCOMPARE(amr_paper.lr_classifier, 0.1);
        QCOMPARE(amr_paper.lr_classifier_s, 0.0);
        // paper's train-amr draws the scale as a share of the image (docs/method.md §10.7)
        QCOMPARE(amr_paper.scale_reference, std::string("image"));
        QCOMPARE(paper.scale_reference, std::string("crop"));
        QCOMPARE(TrainAmrOptions::preset("official").scale_reference, std::string("crop"));
        QCOMPARE(TrainAmrOptions::preset("demo").scale_reference, std::string("crop"));

        auto o = paper;
        apply_json(o, R"({"epochs": 3, "crop": 96, "blocks": [1,1,1,1], "dataset": "d"})",
                   "c.json");
        QCOMPARE(o.epochs, 3);
        QCOMPARE(o.crop, 96);
        QCOMPARE(o.blocks[3], 1);
        QCOMPARE(o.dataset, fs::path("d"));
        QVERIFY(contains(error_of([&] { apply_json(o, R"({"epoch": 3})", "c.json"); }),
                         "c.json: unknown training option 'epoch'"));
        QVERIFY(contains(error_of([&] { apply_json(o, R"({"epochs": "x"})", "c.json"); }),
                         "'epochs' has the wrong type"));
        QVERIFY(contains(error_of([&] { apply_json(o, "{", "c.json"); }), "not valid JSON"));
        // Round trip through to_json.
        auto back = TrainCamOptions::preset("quick");
        apply_json(back, to_json(o), "x");
        QCOMPARE(to_json(back), to_json(o));
    }

    void softMarginByHand() {
        auto l = torch::tensor({{2.0f, -1.0f, 0.0f}, {0.5f, 3.0f, -2.0f}});
        auto y = torch::tensor({{1.0f, 0.0f, 1.0f}, {0.0f, 1.0f, 0.0f}});
        auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
        double lv[2][3] = {{2, -1, 0}, {0.5, 3, -2}}, yv[2][3] = {{1, 0, 1}, {0, 1, 0}};
        double want = 0;
        for (int b = 0; b < 2; ++b) {
            double s = 0;
            for (int k = 0; k < 3; ++k)
                s -= yv[b][k] * std::log(sig(lv[b][k])) + (1 - yv[b][k]) * std::log(sig(-lv[b][k]));
            want += s / 3 / 2;
        }
        QVERIFY(std::abs(multilabel_soft_margin(l, y).item<double>() - want) < 1e-6);
        // Same as LibTorch's own.
        auto ref = torch::nn::functional::multilabel_soft_margin_loss(l, y);
        QVERIFY(std::abs(ref.item<double>() - want) < 1e-6);
    }

    void cpsByHand() {
        // 2 images, 1 class, 1×2 maps.
        auto s = torch::tensor({1.0f, -2.0f, 3.0f, 0.5f}).reshape({2, 1, 1, 2});
        auto c = torch::tensor({0.0f, 1.0f, -1.0f, 2.0f}).reshape({2, 1, 1, 2});
        // own: relu s = [1,0,3,.5], relu c = [0,1,0,2] -> |.| = 1,1,3,1.5 -> mean 1.625
        QVERIFY(std::abs(cps_loss_own(s, c).item<double>() - 1.625) < 1e-6);
        // flip-merge: M_s = [1,0] + flip([3,.5]) = [1.5, 3]; M_c = [0,1] + flip([0,2]) = [2, 1]
        // -> |.| = .5, 2 -> mean 1.25
        QVERIFY(std::abs(cps_loss_flip_merge(s, c).item<double>() - 1.25) < 1e-6);
    }

    void spotlightKeepMaskByHand() {
        // 1 image, 2 classes, 1×4 maps; tagged with class 0 only.
        auto cam =
            torch::tensor({2.0f, 1.5f, 0.5f, -1.0f, 9.0f, 9.0f, 9.0f, 9.0f}).reshape({1, 2, 1, 4});
        auto tags = torch::tensor({1.0f, 0.0f}).reshape({1, 2});
        // class 0 peaks at 2: ≥ 0.7·2 = 1.4 at positions 0 and 1; untagged class 1 hides nothing
        auto keep = spotlight_keep_mask(cam, tags, 0.7);
        QCOMPARE(keep.sizes().vec(), (std::vector<int64_t>{1, 1, 1, 4}));
        QVERIFY(torch::equal(keep.flatten(), torch::tensor({0.0f, 0.0f, 1.0f, 1.0f})));
        // top 1: only the peak; both tags: the union (class 1 is flat, so all of it)
        QVERIFY(torch::equal(spotlight_keep_mask(cam, tags, 1.0).flatten(),
                             torch::tensor({0.0f, 1.0f, 1.0f, 1.0f})));
        auto both = torch::tensor({1.0f, 1.0f}).reshape({1, 2});
        QVERIFY(torch::equal(spotlight_keep_mask(cam, both, 0.7).flatten(), torch::zeros({4})));
        // a tagged class whose CAM is ≤ 0 everywhere hides nothing
        auto dead = -torch::ones({1, 2, 1, 4});
        QVERIFY(torch::equal(spotlight_keep_mask(dead, both, 0.5).flatten(), torch::ones({4})));
    }

    void polyLr() {
        QCOMPARE(poly_lr(0.01, 0, 100, 0.9), 0.01);
        QVERIFY(std::abs(poly_lr(0.01, 50, 100, 0.9) - 0.01 * std::pow(0.5, 0.9)) < 1e-15);
        QVERIFY(std::abs(poly_lr(0.1, 99, 100, 0.9) - 0.1 * std::pow(0.01, 0.9)) < 1e-15);
        QCOMPARE(poly_lr(0.1, 100, 100, 0.9), 0.0);
    }

    void sgdMatchesTheRule() {
        // d = g + wd·p; buf = m·buf + d (= d first); p -= lr·buf.
        auto m = torch::nn::Linear(torch::nn::LinearOptions(2, 1).bias(false));
        {
            torch::NoGradGuard ng;
            m->weight.copy_(torch::tensor({{1.0f, 2.0f}}));
        }
        Sgd sgd(0.5, 0.1);
        sgd.add_group("all", 0.1, *m, {""});
        QCOMPARE(sgd.groups()[0].params.size(), std::size_t(1));
        auto x = torch::tensor({{1.0f, 1.0f}});
        for (int i = 0; i < 2; ++i) {
            sgd.zero_grad();
            m->forward(x).sum().backward();  // gradient = x = (1, 1)
            sgd.step();
        }
        // step 1: d = (1.1, 1.2), buf = d, p = (0.89, 1.88)
        // step 2: d = (1.089, 1.188), buf = 0.5·(1.1,1.2) + d = (1.639, 1.788), p -= 0.1·buf
        auto w = m->weight.detach();
        QVERIFY(std::abs(w[0][0].item<double>() - (0.89 - 0.1639)) < 1e-6);
        QVERIFY(std::abs(w[0][1].item<double>() - (1.88 - 0.1788)) < 1e-6);
        // Saved buffers come back.
        auto st = sgd.state();
        QCOMPARE(st.size(), std::size_t(1));
        QCOMPARE(st[0].first, std::string("optim.all.weight"));
        Sgd other(0.5, 0.1);
        other.add_group("all", 0.1, *m, {""});
        other.load_state(st, torch::kCPU);
        QVERIFY(torch::equal(other.groups()[0].buffers[0], sgd.groups()[0].buffers[0]));
    }

    void camGroupsSkipTheFrozenStem() {
        auto ds = amr::data::open_dataset(data_);
        amr::nn::SpotlightOptions so;
        so.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
        so.backbone.base_width = 8;
        so.backbone.blocks = {1, 1, 1, 1};
        so.num_classes = 10;
        amr::nn::SpotlightNet net(so);
        Sgd sgd(0.9, 1e-4);
        sgd.add_group("backbone", 0.01, *net, {"backbone."});
        sgd.add_group("classifier", 0.1, *net, {"classifier."});
        auto& names = sgd.groups()[0].names;
        QVERIFY(std::find(names.begin(), names.end(), "backbone.conv1.weight") == names.end());
        QVERIFY(std::find(names.begin(), names.end(), "backbone.layer1.0.conv1.weight") !=
                names.end());
        QCOMPARE(sgd.groups()[1].names, std::vector<std::string>{"classifier.weight"});
    }

    // CutMix: image 0 (all 0) gets a box of image 1 (all 1) and the other way round, from the
    // originals; each image's targets are mixed by the share of its own pixels left.
    void cutmixPastesABoxAndMixesTheTargets() {
        const int s = 16;
        auto images = torch::cat({torch::zeros({1, 3, s, s}), torch::ones({1, 3, s, s})});
        auto labels = torch::tensor({1.0f, 0.0f, 0.0f, 1.0f}).reshape({2, 2});
        auto before = images.clone();
        cutmix_batch(images, labels, 0.0, 5);
        QVERIFY(torch::equal(images, before));
        int mixed = 0;
        for (std::uint64_t seed = 1; seed <= 20; ++seed) {
            auto im = before.clone();
            auto lab = labels.clone();
            cutmix_batch(im, lab, 1.0, seed);
            for (int i = 0; i < 2; ++i) {
                // pixels not its own: 1s in image 0, 0s in image 1; a box, the same in each channel
                auto foreign = i == 0 ? im[0] : 1 - im[1];
                QVERIFY(torch::equal(foreign[0], foreign[1]) &&
                        torch::equal(foreign[0], foreign[2]));
                auto rows = foreign[0].sum(1), cols = foreign[0].sum(0);
                double n = foreign[0].sum().item<double>();
                double w = cols.max().item<double>(), h = rows.max().item<double>();
                QCOMPARE(n, w * h);  // a rectangle
                double own = 1 - n / (s * s);
                auto want =
                    torch::tensor({float(i == 0 ? own : 1 - own), float(i == 0 ? 1 - own : own)});
                QVERIFY2(torch::allclose(lab[i], want, 0, 1e-6), std::to_string(seed).c_str());
                mixed += n > 0 ? 1 : 0;
            }
            // the same seed, the same batch
            auto again = before.clone();
            auto lab2 = labels.clone();
            cutmix_batch(again, lab2, 1.0, seed);
            QVERIFY(torch::equal(again, im) && torch::equal(lab2, lab));
        }
        QVERIFY(mixed > 30);  // boxes of zero area happen only for λ near 1
        // In the loader: deterministic whatever the thread count, and it changes the batch.
        auto ds = amr::data::open_dataset(data_);
        auto order = epoch_order(ds.split("train"), 7, 0);
        AugmentOptions aug;
        aug.crop = 64;
        aug.layout = amr::nn::ResNetLayout::kTorchvision;
        BatchLoader plain(ds, order, 4, 0, 1, aug, 7, 0, 1, 1);
        aug.cutmix = 1.0;
        BatchLoader one(ds, order, 4, 0, 1, aug, 7, 0, 1, 1);
        BatchLoader two(ds, order, 4, 0, 1, aug, 7, 0, 2, 2);
        auto p = plain.next(), a = one.next(), b = two.next();
        QVERIFY(torch::equal(a.images, b.images) && torch::equal(a.labels, b.labels));
        QVERIFY(!torch::equal(a.images, p.images));
    }

    void scaleFollowsTheCropOrTheImage() {
        // The demo's 80×80 images, a 64 crop: the rescaled long side L is drawn from
        // [320, 640]·64/512 = [40, 80] ("crop") or [320, 640]·80/500 = [51, 102] ("image"); the
        // image fills an L×L square of the crop (the padding is exactly 0) while L < 64.
        auto ds = amr::data::open_dataset(data_);
        const auto idx = ds.split("train");
        int not_square = 0;
        auto sides = [&](bool of_image) {
            AugmentOptions aug;
            aug.crop = 64;
            aug.scale_of_image = of_image;
            aug.layout = amr::nn::ResNetLayout::kTorchvision;
            std::vector<int> out;
            for (int epoch = 0; epoch < 40; ++epoch) {
                const auto x = augment_sample(ds, idx[epoch % idx.size()], aug, 3, epoch);
                const auto filled = x.abs().sum(0) > 0;
                const int rows = filled.any(1).sum().item<int>();
                not_square += filled.any(0).sum().item<int>() != rows;
                out.push_back(rows);
            }
            return out;
        };
        const auto crop = sides(false), image = sides(true);
        QCOMPARE(not_square, 0);
        QVERIFY(*std::min_element(crop.begin(), crop.end()) >= 40);
        QVERIFY(std::count_if(crop.begin(), crop.end(), [](int s) { return s < 51; }) > 0);
        QVERIFY(*std::min_element(image.begin(), image.end()) >= 51);
        QVERIFY(std::count_if(image.begin(), image.end(), [](int s) { return s < 64; }) > 0);
    }

    void loaderIsDeterministic() {
        auto ds = amr::data::open_dataset(data_);
        auto idx = ds.split("train");
        QCOMPARE(idx.size(), std::size_t(12));
        auto order = epoch_order(idx, 7, 0);
        QVERIFY(order != idx || epoch_order(idx, 7, 1) != idx);
        QCOMPARE(epoch_order(idx, 7, 0), order);
        AugmentOptions aug;
        aug.crop = 64;
        aug.cutout = true;
        aug.layout = amr::nn::ResNetLayout::kTorchvision;
        BatchLoader one(ds, order, 4, 0, 3, aug, 7, 0, 1, 1);
        BatchLoader three(ds, order, 4, 0, 3, aug, 7, 0, 3, 2);
        BatchLoader from1(ds, order, 4, 1, 3, aug, 7, 0, 2, 2);
        for (int b = 0; b < 3; ++b) {
            auto x = one.next(), y = three.next();
            QCOMPARE(x.images.sizes().vec(), (std::vector<int64_t>{4, 3, 64, 64}));
            QCOMPARE(x.labels.sizes().vec(), (std::vector<int64_t>{4, 10}));
            QVERIFY(torch::equal(x.images, y.images));
            QVERIFY(torch::equal(x.labels, y.labels));
            if (b > 0)
                QVERIFY(torch::equal(x.images, from1.next().images));
        }
        // Another epoch, other crops.
        auto e0 = augment_sample(ds, idx[0], aug, 7, 0), e1 = augment_sample(ds, idx[0], aug, 7, 1);
        QVERIFY(!torch::equal(e0, e1));
    }

    void learnsTheTinyDemo() {
        auto o = tiny_options(data_, out("learn.pt"));
        o.epochs = 20;
        // Whole images at the crop size (no rescale, only flips): memorising the 12 images is
        // then quick for the tiny net, so a short run shows that it learns.
        o.scale_min = o.scale_max = 512;
        std::vector<double> losses;
        auto r = train_cam(o, {}, [&](const TrainProgress& p) { losses.push_back(p.loss); });
        QVERIFY(r.finished);
        QCOMPARE(r.steps, 60L);
        QCOMPARE(losses.size(), std::size_t(60));
        double first = (losses[0] + losses[1] + losses[2]) / 3;
        double last = (losses[57] + losses[58] + losses[59]) / 3;
        qInfo("loss %.4f -> %.4f", first, last);
        QVERIFY(last < 0.75 * first);
        auto ds = amr::data::open_dataset(data_);
        double map = train_map(r.output, ds, 64);
        double chance = 0;  // mean positive rate ≈ the mAP of random scores
        for (auto i : ds.split("train"))
            for (float v : ds.multi_hot(i))
                chance += v;
        chance /= 12.0 * 10;
        qInfo("train mAP %.3f (chance about %.3f)", map, chance);
        // A random-init tiny net with frozen BatchNorms learns slowly: about 0.43 after 60 steps.
        QVERIFY(map > 0.3);
        QVERIFY(map > 2 * chance);
        QVERIFY(!fs::exists(o.resume_path()));
        auto meta =
            amr::nn::parse_model_meta(amr::nn::read_checkpoint(r.output).metadata, r.output);
        QCOMPARE(meta.architecture, std::string("spotlight"));
        QCOMPARE(meta.labels.size(), std::size_t(10));
    }

    void resumeReproducesTheStraightRun() {
        auto a = tiny_options(data_, out("straight.pt"));
        a.epochs = 3;
        a.loader_threads = 3;
        QVERIFY(train_cam(a, {}).finished);

        auto b = tiny_options(data_, out("resumed.pt"));
        b.epochs = 3;
        b.loader_threads = 1;
        b.max_steps = 3;  // stop after the first epoch
        auto part = train_cam(b, {});
        QVERIFY(!part.finished);
        QVERIFY(fs::exists(b.resume_path()));
        b.max_steps = 0;
        b.resume = true;
        auto rest = train_cam(b, {});
        QCOMPARE(rest.resumed_from, 3L);
        QVERIFY(rest.finished);

        auto ta = amr::nn::read_checkpoint(a.output).tensors;
        auto tb = amr::nn::read_checkpoint(b.output).tensors;
        QCOMPARE(ta.size(), tb.size());
        for (std::size_t i = 0; i < ta.size(); ++i) {
            QCOMPARE(ta[i].first, tb[i].first);
            QVERIFY2(torch::equal(ta[i].second, tb[i].second), ta[i].first.c_str());
        }
        // The metrics file holds every step once, across the resume.
        auto lines = read_jsonl(b.metrics_path());
        QCOMPARE(lines.size(), std::size_t(9));
        QCOMPARE(lines[8]["step"].get<long>(), 9L);
    }

    void cancelLeavesAResumableState() {
        auto o = tiny_options(data_, out("cancel.pt"));
        o.epochs = 2;
        amr::CancelToken cancel;
        amr::JobContext ctx{{}, &cancel};
        long seen = 0;
        bool cancelled = false;
        try {
            train_cam(o, ctx, [&](const TrainProgress& p) {
                seen = p.step;
                if (p.step == 2)
                    cancel.cancel();
            });
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(seen, 2L);  // stopped within one iteration
        QVERIFY(!fs::exists(o.output));
        auto state = amr::nn::read_checkpoint(o.resume_path());
        auto meta = nlohmann::json::parse(state.metadata);
        QCOMPARE(meta["step"].get<long>(), 2L);
        QCOMPARE(meta["stage"].get<std::string>(), std::string("cam"));
        o.resume = true;
        auto r = train_cam(o, {});
        QCOMPARE(r.resumed_from, 2L);
        QVERIFY(r.finished);
        QVERIFY(fs::exists(o.output));
    }

    void metricsLines() {
        auto o = tiny_options(data_, out("m.pt"));
        o.epochs = 1;
        o.metrics = out("sub/metrics.jsonl");
        train_cam(o, {});
        auto lines = read_jsonl(o.metrics);
        QCOMPARE(lines.size(), std::size_t(3));
        for (int i = 0; i < 3; ++i) {
            const auto& l = lines[i];
            QCOMPARE(l["step"].get<int>(), i + 1);
            QCOMPARE(l["total_steps"].get<int>(), 3);
            QCOMPARE(l["epoch"].get<int>(), 1);
            QCOMPARE(l["stage"].get<std::string>(), std::string("cam"));
            for (const char* key :
                 {"loss", "cls", "lr_backbone", "lr_classifier", "images_per_s", "eta_s"})
                QVERIFY2(l.contains(key), key);
            QCOMPARE(l["loss"].get<double>(), l["cls"].get<double>());
        }
        QCOMPARE(lines[0]["lr_backbone"].get<double>(), 0.1);
        QVERIFY(std::abs(lines[1]["lr_classifier"].get<double>() - poly_lr(1.0, 1, 3, 0.9)) <
                1e-12);
    }

    void badInputNamesTheFile() {
        auto o = tiny_options(out("nowhere"), out("n.pt"));
        QVERIFY(contains(error_of([&] { train_cam(o, {}); }), "nowhere"));
        o = tiny_options(data_, out("n.pt"));
        o.init = out("missing.pt").string();
        QVERIFY(contains(error_of([&] { train_cam(o, {}); }), "missing.pt"));
        o = tiny_options(data_, out("n.pt"));
        o.split = "nosuch";
        QVERIFY(contains(error_of([&] { train_cam(o, {}); }), "no images in split 'nosuch'"));
        o = tiny_options(data_, out("n.pt"));
        o.batch = 13;
        QVERIFY(contains(error_of([&] { train_cam(o, {}); }), "fewer than one batch"));
    }

    // A learning rate far too high makes the loss infinite or NaN: the run stops at that step
    // with an error naming the checkpoint, and writes no checkpoint of the spoilt weights.
    void divergenceStopsTheRun() {
        auto o = tiny_options(data_, out("diverged.pt"));
        o.lr_backbone = 1e12;
        o.lr_classifier = 1e14;
        o.epochs = 4;
        int steps = 0;
        auto e = error_of([&] { train_cam(o, {}, [&](const TrainProgress&) { ++steps; }); });
        QVERIFY2(contains(e, "diverged at step"), e.c_str());
        QVERIFY(contains(e, "diverged.pt"));
        QVERIFY(steps < 8);  // stopped early, the bad step not reported as progress
        QVERIFY(!fs::exists(out("diverged.pt")));
    }
};

QTEST_GUILESS_MAIN(TestTrainCam)
#include "test_train_cam.moc"
