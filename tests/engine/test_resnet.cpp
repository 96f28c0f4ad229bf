// ResNet backbones (both layouts), FixedBatchNorm and input normalisation: output sizes for the
// strides/dilations AMR and DeepLab use, stride placement, frozen stem, frozen statistics.
// Tiny nets (base width 8, one block per stage) keep it fast.

#include "engine/core/error.h"
#include "engine/core/runtime.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/resnet.h"

#include <QTest>
#include <cmath>

using namespace amr::nn;

namespace {

ResNetOptions tiny(ResNetLayout layout, std::array<int, 4> strides = {1, 2, 2, 1},
                   std::array<int, 4> dilations = {1, 1, 1, 1}) {
    ResNetOptions o;
    o.layout = layout;
    o.blocks = {1, 1, 1, 1};
    o.base_width = 8;
    o.strides = strides;
    o.dilations = dilations;
    return o;
}

int64_t count_params(torch::nn::Module& m) {
    int64_t n = 0;
    for (const auto& p : m.parameters())
        n += p.numel();
    return n;
}

}  // namespace

class TestResNet : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        amr::init_runtime();
        torch::manual_seed(0);
    }

    void outputSizes_data() {
        QTest::addColumn<int>("layout");
        QTest::addColumn<int>("h");
        QTest::addColumn<int>("w");
        QTest::addColumn<int>("os");
        QTest::addColumn<int>("oh");
        QTest::addColumn<int>("ow");
        for (int l = 0; l < 2; ++l) {
            const char* name = l ? "caffe" : "torchvision";
            // Spec §2.1: stage-4 size = ⌈h/16⌉ at output stride 16.
            QTest::addRow("%s 512x512 os16", name) << l << 512 << 512 << 16 << 32 << 32;
            QTest::addRow("%s 375x500 os16", name) << l << 375 << 500 << 16 << 24 << 32;
            QTest::addRow("%s 188x250 os16", name) << l << 188 << 250 << 16 << 12 << 16;
            QTest::addRow("%s 333x500 os16", name) << l << 333 << 500 << 16 << 21 << 32;
            QTest::addRow("%s 224x224 os32", name) << l << 224 << 224 << 32 << 7 << 7;
            QTest::addRow("%s 321x321 os8", name) << l << 321 << 321 << 8 << 41 << 41;
        }
    }

    void outputSizes() {
        QFETCH(int, layout);
        QFETCH(int, h);
        QFETCH(int, w);
        QFETCH(int, os);
        QFETCH(int, oh);
        QFETCH(int, ow);
        std::array<int, 4> strides{1, 2, 2, 1}, dilations{1, 1, 1, 1};
        if (os == 32)
            strides = {1, 2, 2, 2};
        if (os == 8)
            strides = {1, 2, 1, 1}, dilations = {1, 1, 2, 4};  // DeepLab
        auto opts = tiny(static_cast<ResNetLayout>(layout), strides, dilations);
        QCOMPARE(opts.output_stride(), os);
        ResNet net(opts);
        torch::NoGradGuard no_grad;
        auto f = net->features(torch::randn({1, 3, h, w}));
        QCOMPARE(f.sizes().vec(), (std::vector<int64_t>{1, 8 * 8 * 4, oh, ow}));
    }

    void stridePlacementAndEps() {
        ResNet tv(tiny(ResNetLayout::kTorchvision, {1, 2, 2, 2}));
        ResNet caffe(tiny(ResNetLayout::kCaffe, {1, 2, 2, 2}));
        for (int i = 2; i <= 4; ++i) {
            auto tb = tv->layer(i)[0]->as<BottleneckImpl>();
            auto cb = caffe->layer(i)[0]->as<BottleneckImpl>();
            QVERIFY(tb && cb);
            QCOMPARE(tb->conv1->options.stride()->at(0), 1);
            QCOMPARE(tb->conv2->options.stride()->at(0), 2);
            QCOMPARE(cb->conv1->options.stride()->at(0), 2);
            QCOMPARE(cb->conv2->options.stride()->at(0), 1);
            QCOMPARE(tb->downsample[0]->as<torch::nn::Conv2dImpl>()->options.stride()->at(0), 2);
            QCOMPARE(cb->downsample[0]->as<torch::nn::Conv2dImpl>()->options.stride()->at(0), 2);
            QCOMPARE(tb->bn2->eps(), 1e-5);
            QCOMPARE(cb->bn2->eps(), 1e-3);
        }
        // Dilation sits on the 3×3 conv (its padding keeps the size: see outputSizes os8).
        ResNet dl(tiny(ResNetLayout::kTorchvision, {1, 2, 1, 1}, {1, 1, 2, 4}));
        auto b4 = dl->layer(4)[0]->as<BottleneckImpl>();
        QCOMPARE(b4->conv2->options.dilation()->at(0), 4);
    }

    void standardDepths() {
        // Parameter counts of torchvision's ResNet-50/101 without the fc layer.
        ResNet r50(ResNetOptions::cam(50, ResNetLayout::kTorchvision));
        QCOMPARE(count_params(*r50), int64_t{23508032});
        QCOMPARE(r50->layer3->size(), size_t{6});
        ResNet r101(ResNetOptions::cam(101, ResNetLayout::kCaffe));
        QCOMPARE(count_params(*r101), int64_t{42500160});
        QCOMPARE(r101->layer3->size(), size_t{23});
        // torchvision key names (docs/method.md §2.6): 53 convs + 53 BNs × 4 tensors.
        auto state = named_state(*r50);
        QCOMPARE(state.size(), size_t{53 + 53 * 4});
        std::set<std::string> names;
        for (auto& [n, t] : state)
            names.insert(n);
        for (const char* n :
             {"conv1.weight", "bn1.running_var", "layer1.0.downsample.0.weight",
              "layer1.0.downsample.1.bias", "layer4.2.conv3.weight", "layer4.2.bn3.running_mean"})
            QVERIFY2(names.count(n), n);
        ResNet imagenet(ResNetOptions::imagenet(50, ResNetLayout::kCaffe));
        QCOMPARE(imagenet->fc->weight.sizes().vec(), (std::vector<int64_t>{1000, 2048}));
        QCOMPARE(imagenet->forward(torch::zeros({1, 3, 64, 64})).sizes().vec(),
                 (std::vector<int64_t>{1, 1000}));
    }

    void frozenStem() {
        ResNet net(tiny(ResNetLayout::kTorchvision));
        QVERIFY(!net->conv1->weight.requires_grad());
        QVERIFY(!net->bn1->weight.requires_grad());
        QVERIFY(!net->bn1->bias.requires_grad());
        net->train();
        net->features(torch::randn({2, 3, 64, 64})).pow(2).mean().backward();
        QVERIFY(!net->conv1->weight.grad().defined());
        QVERIFY(!net->bn1->weight.grad().defined());
        auto b = net->layer(1)[0]->as<BottleneckImpl>();
        QVERIFY(b->conv1->weight.grad().defined());
        QVERIFY(b->bn1->weight.grad().defined());  // γ/β stay trainable
        QVERIFY(b->bn1->weight.grad().abs().sum().item<double>() > 0);

        auto opts = tiny(ResNetLayout::kTorchvision);
        opts.freeze_stem = false;
        ResNet free(opts);
        QVERIFY(free->conv1->weight.requires_grad());
    }

    void fixedBatchNormUsesRunningStats() {
        FixedBatchNorm bn(3, 1e-3);
        {
            torch::NoGradGuard g;
            bn->running_mean.copy_(torch::tensor({1.0f, -2.0f, 0.5f}));
            bn->running_var.copy_(torch::tensor({4.0f, 0.25f, 1.0f}));
            bn->weight.copy_(torch::tensor({2.0f, 1.0f, -1.0f}));
            bn->bias.copy_(torch::tensor({0.0f, 3.0f, 1.0f}));
        }
        auto mean_before = bn->running_mean.clone();
        auto var_before = bn->running_var.clone();
        bn->train();
        auto x = torch::randn({4, 3, 5, 5}) * 3 + 7;  // far from the running stats
        for (int step = 0; step < 3; ++step)
            bn->forward(x).sum().backward();
        QVERIFY(torch::equal(bn->running_mean, mean_before));
        QVERIFY(torch::equal(bn->running_var, var_before));
        QVERIFY(bn->weight.grad().defined());
        // y = γ (x − m) / sqrt(v + eps) + β, by hand for one entry per channel.
        auto y = bn->forward(x);
        const float m[3] = {1, -2, 0.5f}, v[3] = {4, 0.25f, 1}, g[3] = {2, 1, -1}, b[3] = {0, 3, 1};
        for (int c = 0; c < 3; ++c) {
            float xv = x[1][c][2][3].item<float>();
            float expect = g[c] * (xv - m[c]) / std::sqrt(v[c] + 1e-3f) + b[c];
            QVERIFY(std::abs(y[1][c][2][3].item<float>() - expect) < 1e-4f);
        }
        bn->eval();
        QVERIFY(torch::allclose(bn->forward(x), y));
    }

    void normalizeInput() {
        auto rgb = torch::tensor({10.0f, 20.0f, 30.0f}).view({1, 3, 1, 1});
        auto c = normalize_input(rgb, ResNetLayout::kCaffe);  // BGR minus the mean pixel
        QVERIFY(std::abs(c[0][0][0][0].item<float>() - (30 - 103.939f)) < 1e-4f);
        QVERIFY(std::abs(c[0][1][0][0].item<float>() - (20 - 116.779f)) < 1e-4f);
        QVERIFY(std::abs(c[0][2][0][0].item<float>() - (10 - 123.68f)) < 1e-4f);
        auto t = normalize_input(rgb, ResNetLayout::kTorchvision);
        QVERIFY(std::abs(t[0][0][0][0].item<float>() - (10 / 255.f - 0.485f) / 0.229f) < 1e-5f);
        QVERIFY(std::abs(t[0][2][0][0].item<float>() - (30 / 255.f - 0.406f) / 0.225f) < 1e-5f);
    }

    void optionChecks() {
        auto bad = [](auto edit) {
            ResNetOptions o;
            edit(o);
            try {
                o.check();
            } catch (const amr::Error&) {
                return true;
            }
            return false;
        };
        QVERIFY(bad([](ResNetOptions& o) { o.depth = 34; }));
        QVERIFY(bad([](ResNetOptions& o) { o.strides = {1, 3, 2, 1}; }));
        QVERIFY(bad([](ResNetOptions& o) { o.blocks = {1, 0, 1, 1}; }));
        QVERIFY(bad([](ResNetOptions& o) { o.base_width = 0; }));
        QVERIFY(bad([](ResNetOptions& o) { o.dilations = {1, 1, 0, 1}; }));
        QVERIFY(!bad([](ResNetOptions& o) { o.depth = 101; }));
        QCOMPARE(to_string(parse_resnet_layout("caffe")), std::string("caffe"));
        QVERIFY_THROWS_EXCEPTION(amr::Error, parse_resnet_layout("keras"));
    }
};

QTEST_GUILESS_MAIN(TestResNet)
#include "test_resnet.moc"
