// AMM (docs/method.md §2.3): the Gaussian modulation against values computed by hand, its σ guard,
// the gates' shapes, names and batch coupling, the spatial BatchNorm modes; the spotlight and AMR
// networks: CAM shapes and which parameters receive gradients in the train-amr loss (§2.5, §3.4).

#include "engine/core/error.h"
#include "engine/core/runtime.h"
#include "engine/nn/amm.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"

#include <QTest>
#include <cmath>
#include <numbers>

using namespace amr::nn;

namespace {

const double kInvSqrt2Pi = 1.0 / std::sqrt(2.0 * std::numbers::pi);

ResNetOptions tiny_backbone() {
    ResNetOptions o = ResNetOptions::cam(50, ResNetLayout::kTorchvision);
    o.blocks = {1, 1, 1, 1};
    o.base_width = 8;
    return o;
}

// Multilabel soft-margin loss, spelled out.
torch::Tensor mlsm(const torch::Tensor& logits, const torch::Tensor& y) {
    return -(y * torch::log_sigmoid(logits) + (1 - y) * torch::log_sigmoid(-logits)).mean();
}

bool has_grad(const torch::Tensor& p) {
    return p.grad().defined() && p.grad().abs().sum().item<double>() > 0;
}

// An AMM flag survives the checkpoint's metadata, and a checkpoint written before the flag
// existed reads as false (the official AMM).
bool flag_round_trips(bool AmmOptions::*flag) {
    amr::nn::ModelMeta meta;
    meta.architecture = "amr";
    meta.backbone.amm.*flag = true;
    const auto kept = amr::nn::parse_model_meta(amr::nn::to_json(meta), "m.pt").backbone.amm;
    const auto old =
        amr::nn::parse_model_meta(R"({"architecture":"amr","backbone":{"amm":{}}})", "o.pt")
            .backbone.amm;
    return kept.*flag && !(old.*flag);
}

}  // namespace

class TestAmm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        amr::init_runtime();
        torch::manual_seed(3);
    }

    void gaussianKnownValues() {
        // μ = 2, unbiased σ = 1: G(2) = 1/√(2π), G(1) = G(3) = e^(−1/2)/√(2π).
        auto g = gaussian_modulation(torch::tensor({1.0f, 2.0f, 3.0f}));
        QVERIFY(std::abs(g[1].item<float>() - 0.39894228f) < 1e-6f);
        QVERIFY(std::abs(g[0].item<float>() - 0.24197072f) < 1e-6f);
        QVERIFY(std::abs(g[2].item<float>() - 0.24197072f) < 1e-6f);
    }

    void unitPeakGate() {
        // The same bell without 1/(√(2π)σ): 1 at the mean, e^(−1/2) one σ away, never above 1.
        auto g = gaussian_modulation(torch::tensor({1.0f, 2.0f, 3.0f}), 1e-5, true);
        QVERIFY(std::abs(g[1].item<float>() - 1.0f) < 1e-6f);
        QVERIFY(std::abs(g[0].item<float>() - std::exp(-0.5f)) < 1e-6f);
        auto x = torch::randn({4, 8, 5, 5}) * 0.01;  // small σ: the pdf's peak is about 40
        QVERIFY(gaussian_modulation(x).max().item<float>() > 20.0f);
        QVERIFY(gaussian_modulation(x, 1e-5, true).max().item<float>() <= 1.0f);
        // the unit gate of a whole AMM is what its checkpoint says
        AmmOptions o;
        o.channels = 8;
        o.unit_peak = true;
        ChannelAmm ch(o);
        QVERIFY(ch->gate(x).max().item<float>() <= 1.0f);
        QVERIFY(flag_round_trips(&AmmOptions::unit_peak));
    }

    void identityStartBlendsTheGatesIn() {
        torch::manual_seed(3);
        AmmOptions o;
        o.channels = 8;
        o.identity_start = true;
        Amm amm(o);
        auto x = torch::randn({2, 8, 5, 5});
        // m = 0: the block's output is its input, bit for bit
        QVERIFY(torch::equal(amm->forward(x), x));
        // the gates' gradient reaches m, so an SGD step moves it off 0 ...
        auto target = torch::randn({2, 8, 5, 5});
        auto loss = (amm->forward(x) - target).pow(2).mean();
        loss.backward();
        QVERIFY(amm->mix.grad().abs().item<float>() > 0);
        {
            torch::NoGradGuard no_grad;
            amm->mix.fill_(0.25);
        }
        // ... and then the output is the blend F + m·(AMM(F) − F)
        AmmOptions plain = o;
        plain.identity_start = false;
        Amm gated(plain);
        const auto ours = amm->named_parameters();
        for (auto& p : gated->named_parameters()) {
            torch::NoGradGuard no_grad;
            p.value().copy_(ours[p.key()]);
        }
        auto y = gated->forward(x);
        QVERIFY(torch::allclose(amm->forward(x), x + 0.25 * (y - x), 1e-5, 1e-6));
        // the official AMM has no such parameter, so official checkpoints load unchanged
        QCOMPARE(gated->named_parameters().contains("mix"), false);
        QCOMPARE(amm->named_parameters().contains("mix"), true);
        // the checkpoint says how its AMMs start; older ones start as the paper's
        QVERIFY(flag_round_trips(&AmmOptions::identity_start));
    }

    void perSampleStatsIgnoreTheBatch() {
        // Rows 1, 2, 3 (μ 2, σ 1) and 10, 20, 30 (μ 20, σ 10): each row's own bell.
        auto x = torch::tensor({1.0f, 2.0f, 3.0f, 10.0f, 20.0f, 30.0f}).view({2, 3});
        auto g = gaussian_modulation(x, 1e-5, false, true);
        QVERIFY(std::abs(g[0][1].item<float>() - kInvSqrt2Pi) < 1e-6);
        QVERIFY(std::abs(g[0][0].item<float>() - kInvSqrt2Pi * std::exp(-0.5)) < 1e-6);
        QVERIFY(std::abs(g[1][1].item<float>() - kInvSqrt2Pi / 10) < 1e-6);
        QVERIFY(std::abs(g[1][2].item<float>() - kInvSqrt2Pi / 10 * std::exp(-0.5)) < 1e-6);
        // a single value per sample: σ falls to the floor, finite
        QVERIFY(torch::isfinite(gaussian_modulation(torch::ones({2, 1}), 1e-5, false, true))
                    .all()
                    .item<bool>());

        // A whole AMM in train(): with per-sample statistics image 0's output is the same in any
        // batch; with the official batch statistics it changes with its batch-mates.
        torch::manual_seed(5);
        AmmOptions o;
        o.channels = 16;
        o.reduction = 4;
        AmmOptions official = o;
        o.per_sample_stats = true;
        Amm ours(o), theirs(official);
        const auto src = ours->named_parameters();
        for (auto& p : theirs->named_parameters()) {
            torch::NoGradGuard no_grad;
            p.value().copy_(src[p.key()]);
        }
        ours->train();
        theirs->train();
        auto a = torch::randn({1, 16, 6, 6});
        auto mates = torch::randn({3, 16, 6, 6}) * 3 + 1;
        auto both = torch::cat({a, mates});
        QVERIFY(torch::allclose(ours->forward(both)[0], ours->forward(a)[0], 1e-5, 1e-6));
        QVERIFY(!torch::allclose(theirs->forward(both)[0], theirs->forward(a)[0], 1e-3, 1e-3));
        // ... and the same in eval(), so training and make-cam see the same gates
        ours->eval();
        QVERIFY(torch::allclose(ours->forward(both)[0], ours->forward(a)[0], 1e-5, 1e-6));
        // the checkpoint says which statistics its AMMs use; older ones use the batch
        QVERIFY(flag_round_trips(&AmmOptions::per_sample_stats));
    }

    void gaussianAgainstLoops() {
        const std::vector<double> v = {0.5, -1.0, 2.0, 3.5, 0.25, -0.75, 1.5, 0.0};
        const int n = static_cast<int>(v.size());
        double mu = 0;
        for (double x : v)
            mu += x;
        mu /= n;
        double ss = 0;
        for (double x : v)
            ss += (x - mu) * (x - mu);
        const double sigma = std::sqrt(ss / (n - 1));  // unbiased, over ALL B·C entries
        std::vector<float> vf(v.begin(), v.end());
        auto x = torch::tensor(vf).view({2, 4}).requires_grad_(true);
        auto g = gaussian_modulation(x);
        QCOMPARE(g.sizes().vec(), (std::vector<int64_t>{2, 4}));
        for (int i = 0; i < n; ++i) {
            const double d = v[i] - mu;
            const double expect = std::exp(-d * d / (2 * sigma * sigma)) * kInvSqrt2Pi / sigma;
            QVERIFY2(std::abs(g.view(-1)[i].item<double>() - expect) < 1e-6,
                     std::to_string(i).c_str());
        }
        // μ and σ are constants for autograd: dG/dx = −G·(x−μ)/σ², nothing through μ, σ.
        g.sum().backward();
        for (int i = 0; i < n; ++i) {
            const double d = v[i] - mu;
            const double gi = std::exp(-d * d / (2 * sigma * sigma)) * kInvSqrt2Pi / sigma;
            const double expect = -gi * d / (sigma * sigma);
            QVERIFY(std::abs(x.grad().view(-1)[i].item<double>() - expect) < 1e-5);
        }
    }

    void sigmaGuard() {
        // Constant tensor (σ = 0) and a single entry (N − 1 = 0): finite 1/(√(2π)·floor).
        for (auto x : {torch::full({2, 3}, 0.7f), torch::tensor({4.0f})}) {
            auto g = gaussian_modulation(x, 1e-2);
            QVERIFY(torch::isfinite(g).all().item<bool>());
            QVERIFY(torch::allclose(g, torch::full_like(g, kInvSqrt2Pi / 1e-2)));
        }
        // A σ above the floor is not touched.
        auto g = gaussian_modulation(torch::tensor({1.0f, 3.0f}), 1e-2);  // σ = √2
        QVERIFY(std::abs(g[0].item<double>() - std::exp(-0.25) * kInvSqrt2Pi / std::sqrt(2.0)) <
                1e-6);
        // In a module: B = 1 and a 1×1 map make the spatial gate see one value.
        AmmOptions o;
        o.channels = 32;
        Amm amm(o);
        amm->train();
        auto y = amm->forward(torch::randn({1, 32, 1, 1}));
        QVERIFY(torch::isfinite(y).all().item<bool>());
        auto& bn = amm->spatial->spatial->bn;
        QVERIFY(torch::isfinite(bn->running_var).all().item<bool>());  // not updated from 1 value
    }

    void ammShapesAndNames() {
        AmmOptions o;
        o.channels = 64;
        Amm amm(o);
        auto x = torch::randn({3, 64, 5, 7});
        QCOMPARE(amm->forward(x).sizes(), x.sizes());
        QCOMPARE(amm->channel->gate(x).sizes().vec(), (std::vector<int64_t>{3, 64}));
        QCOMPARE(amm->spatial->gate(x).sizes().vec(), (std::vector<int64_t>{3, 1, 5, 7}));
        // The official checkpoint's names and shapes (docs/method.md §2.6), 10 tensors per AMM.
        std::map<std::string, std::vector<int64_t>> shapes;
        for (auto& [n, t] : named_state(*amm))
            shapes[n] = t.sizes().vec();
        QCOMPARE(shapes.size(), std::size_t{10});
        QCOMPARE(shapes["ChannelAMM.mlp.1.weight"], (std::vector<int64_t>{4, 64}));
        QCOMPARE(shapes["ChannelAMM.mlp.1.bias"], (std::vector<int64_t>{4}));
        QCOMPARE(shapes["ChannelAMM.mlp.3.weight"], (std::vector<int64_t>{64, 4}));
        QCOMPARE(shapes["ChannelAMM.mlp.3.bias"], (std::vector<int64_t>{64}));
        QCOMPARE(shapes["SpatialAMM.spatial.conv.weight"], (std::vector<int64_t>{1, 2, 7, 7}));
        QVERIFY(shapes.count("SpatialAMM.spatial.bn.num_batches_tracked"));
        QVERIFY(!amm->spatial->spatial->conv->options.bias());
    }

    void channelGateByHand() {
        // Channel gate on a 1×2×1×2 input with hand-set MLP weights.
        AmmOptions o;
        o.channels = 2;
        o.reduction = 2;  // hidden 1
        ChannelAmm ch(o);
        {
            torch::NoGradGuard g;
            auto l1 = ch->mlp[1]->as<torch::nn::LinearImpl>();
            auto l3 = ch->mlp[3]->as<torch::nn::LinearImpl>();
            l1->weight.copy_(torch::tensor({{1.0f, 1.0f}}));
            l1->bias.fill_(0);
            l3->weight.copy_(torch::tensor({{1.0f}, {-1.0f}}));
            l3->bias.copy_(torch::tensor({0.5f, 0.0f}));
        }
        auto x = torch::tensor({1.0f, 3.0f, 2.0f, 2.0f}).view({1, 2, 1, 2});
        // z = (2, 2); h = relu(4) = 4; a = (4.5, −4); μ = 0.25, σ = |4.5 − (−4)|/√2.
        const double mu = 0.25, sigma = 8.5 / std::sqrt(2.0);
        auto ga = [&](double a) {
            return std::exp(-(a - mu) * (a - mu) / (2 * sigma * sigma)) * kInvSqrt2Pi / sigma;
        };
        auto y = ch->forward(x);
        QVERIFY(std::abs(y[0][0][0][1].item<double>() - 3.0 * ga(4.5)) < 1e-6);
        QVERIFY(std::abs(y[0][1][0][0].item<double>() - 2.0 * ga(-4.0)) < 1e-6);
    }

    void batchCoupling() {
        // Faithful AMM: statistics over the whole batch, so one sample changes the others.
        AmmOptions o;
        o.channels = 32;
        Amm amm(o);
        amm->eval();
        torch::NoGradGuard g;
        auto x = torch::randn({2, 32, 4, 4});
        auto y1 = amm->forward(x);
        auto x2 = x.clone();
        x2[1] = x2[1] * 5 + 1;
        auto y2 = amm->forward(x2);
        QVERIFY(!torch::allclose(y1[0], y2[0]));
    }

    void spatialBatchNormModes() {
        AmmOptions o;
        o.channels = 16;
        auto x = torch::randn({2, 16, 6, 6}) * 2 + 1;
        {
            Amm amm(o);  // official: batch statistics always
            auto& bn = amm->spatial->spatial->bn;
            amm->train();
            auto yt = amm->forward(x);
            QVERIFY(!torch::allclose(bn->running_mean, torch::zeros({1})));  // moved in train()
            QCOMPARE(bn->num_batches_tracked.item<int64_t>(), int64_t{1});
            auto rm = bn->running_mean.clone();
            amm->eval();
            torch::NoGradGuard g;
            auto ye = amm->forward(x);
            QVERIFY(torch::allclose(ye, yt, 1e-5, 1e-6));  // same (batch) statistics
            QVERIFY(torch::equal(bn->running_mean, rm));   // not moved in eval()
        }
        {
            o.spatial_bn_batch_stats = false;  // a standard BatchNorm
            Amm amm(o);
            amm->train();
            auto yt = amm->forward(x);
            amm->eval();
            torch::NoGradGuard g;
            QVERIFY(!torch::allclose(amm->forward(x), yt, 1e-4, 1e-5));  // running statistics
        }
    }

    void optionChecks() {
        AmmOptions o;
        QVERIFY_THROWS_EXCEPTION(amr::Error, o.check());  // channels 0
        o.channels = 16;
        o.check();
        o.sigma_floor = 0;
        QVERIFY_THROWS_EXCEPTION(amr::Error, o.check());
    }

    void spotlightCams() {
        SpotlightOptions o;
        o.backbone = tiny_backbone();
        o.num_classes = 4;
        SpotlightNet net(o);
        QVERIFY(!net->classifier->options.bias());
        QCOMPARE(net->classifier->weight.sizes().vec(), (std::vector<int64_t>{4, 256, 1, 1}));
        torch::NoGradGuard g;
        auto x = torch::randn({2, 3, 100, 75});
        auto cam = net->cam(x);
        QCOMPARE(cam.sizes().vec(), (std::vector<int64_t>{2, 4, 7, 5}));
        QVERIFY((cam < 0).any().item<bool>());  // raw maps, no ReLU
        // logits = W·GAP(f) = GAP(W·f).
        QVERIFY(torch::allclose(net->forward(x), cam.mean({2, 3}), 1e-4, 1e-5));
    }

    void amrNetStructure() {
        // Full-size ResNet-50 AMR net: 16 AMMs, 692 tensors (docs/method.md §2.6's 798 canonical
        // keys minus the 106 num_batches_tracked of the FixedBNs).
        AmrNet net{AmrNetOptions{}};
        auto state = named_state(*net);
        QCOMPARE(state.size(), std::size_t{692});
        std::size_t amm_tensors = 0;
        for (auto& [n, t] : state)
            if (n.find(".amm.") != std::string::npos)
                ++amm_tensors;
        QCOMPARE(amm_tensors, std::size_t{160});
    }

    void amrGradientFlow() {
        AmrNetOptions o;
        o.backbone = tiny_backbone();
        o.num_classes = 3;
        AmrNet net(o);
        net->train();
        auto x = torch::randn({2, 3, 64, 64});
        auto y = torch::tensor({{1.0f, 0.0f, 1.0f}, {0.0f, 1.0f, 0.0f}});
        auto out = net->forward(x);
        QCOMPARE(out.cam_s.sizes().vec(), (std::vector<int64_t>{2, 3, 4, 4}));
        QCOMPARE(out.cam_c.sizes(), out.cam_s.sizes());
        QCOMPARE(out.logits_c.sizes().vec(), (std::vector<int64_t>{2, 3}));
        QVERIFY(!out.logits_s.requires_grad());
        QVERIFY(out.cam_s.requires_grad());
        // Spec §3.4 with per-image CPS: L1 between each image's own ReLU'd CAMs.
        auto cps = (torch::relu(out.cam_s) - torch::relu(out.cam_c)).abs().mean();
        auto loss = 0.5 * mlsm(out.logits_s, y) + 0.5 * mlsm(out.logits_c, y) + 0.05 * cps;
        loss.backward();

        for (auto& p : net->spotlight->backbone->named_parameters())
            QVERIFY2(!p.value().grad().defined(), p.key().c_str());
        QVERIFY(has_grad(net->spotlight->classifier->weight));  // only through the CPS term
        auto& comp = net->compensation->backbone;
        for (auto& p : comp->named_parameters()) {
            const std::string& n = p.key();
            const bool frozen =
                n.rfind("conv1.", 0) == 0 || n.rfind("bn1.", 0) == 0 || n.rfind("layer1.", 0) == 0;
            if (frozen)
                QVERIFY2(!p.value().grad().defined(), n.c_str());
            else
                QVERIFY2(has_grad(p.value()), n.c_str());
        }
        QVERIFY(has_grad(net->compensation->classifier->weight));

        // Without the CPS term W_s gets nothing.
        net->zero_grad();
        auto out2 = net->forward(x);
        (0.5 * mlsm(out2.logits_s, y) + 0.5 * mlsm(out2.logits_c, y)).backward();
        auto gs = net->spotlight->classifier->weight.grad();
        QVERIFY(!gs.defined() || gs.abs().sum().item<double>() == 0);
    }

    void inferenceCamsReachTheInput() {
        AmrNetOptions o;
        o.backbone = tiny_backbone();
        o.num_classes = 3;
        AmrNet net(o);
        net->eval();
        for (auto branch : {AmrBranch::kSpotlight, AmrBranch::kCompensation}) {
            auto x = torch::randn({2, 3, 48, 48}).requires_grad_(true);
            auto cam = net->cam(x, branch);
            QCOMPARE(cam.sizes().vec(), (std::vector<int64_t>{2, 3, 3, 3}));
            // (not relu(cam): a random net may give an all-negative CAM, with no gradient)
            cam.pow(2).sum().backward();
            QVERIFY(has_grad(x));
        }
    }
};

QTEST_GUILESS_MAIN(TestAmm)
#include "test_amm.moc"
