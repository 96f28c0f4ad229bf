// AdvCAM anti-adversarial climbing (docs/method.md §4.3) and the §4.2 Grad-CAM factor, on a tiny
// AMR net: the climbed input stays within the original range, the target class's score rises, one
// iteration equals the plain variant, and the factor is a per-class constant on one scale without
// flip.

#include "engine/cam/cam_inference.h"
#include "engine/core/error.h"

#include <QTest>

#include <opencv2/core.hpp>

#include "support/test_support.h"

using namespace amr::cam;

namespace {

CamNet tiny_net(int seed) {
    amr::nn::AmrNetOptions ao;
    ao.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    ao.backbone.base_width = 8;
    ao.backbone.blocks = {1, 1, 1, 1};
    ao.num_classes = 4;
    torch::manual_seed(seed);
    CamNet net;
    net.amr = amr::nn::AmrNet(ao);
    net.amr->eval();
    for (auto& p : net.amr->parameters())
        p.set_requires_grad(false);
    net.layout = ao.backbone.layout;
    net.num_classes = ao.num_classes;
    return net;
}

cv::Mat random_image(int rows, int cols, int seed) {
    cv::Mat img(rows, cols, CV_8UC3);
    cv::RNG rng(seed);
    rng.fill(img, cv::RNG::UNIFORM, 0, 256);
    return img;
}

// Mean ReLU score of class c over the batch and the map (ℓ of §4.3, summed over the pair).
double class_score(const CamNet& net, const torch::Tensor& x, bool second, int64_t c) {
    torch::NoGradGuard no_grad;
    auto z = net.amr.ptr()->cam(
        x, second ? amr::nn::AmrBranch::kCompensation : amr::nn::AmrBranch::kSpotlight);
    return torch::relu(z.select(1, c)).mean().item<double>();
}

// The class whose map has the largest positive mass (so it has a gradient to climb).
int64_t active_class(const CamNet& net, const torch::Tensor& x, bool second) {
    int64_t best = 0;
    double top = -1;
    for (int64_t c = 0; c < net.num_classes; ++c)
        if (double s = class_score(net, x, second, c); s > top)
            top = s, best = c;
    return best;
}

double max_abs_diff(const CamPlanes& a, const CamPlanes& b) {
    double worst = 0;
    for (std::size_t k = 0; k < a.size(); ++k)
        worst = std::max(worst, cv::norm(a[k], b[k], cv::NORM_INF));
    return worst;
}

}  // namespace

class TestAdversarialCams : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void climbingStaysInTheInputRange() {
        auto net = tiny_net(3);
        cv::Mat rgb = random_image(48, 40, 1);
        auto x = cam_input(net, rgb, true);
        for (bool second : {false, true}) {
            AdversarialOptions o;
            o.step = 0.5;  // large steps, so the clamp has work to do
            auto r = adversarial_climb(net, x, second, active_class(net, x, second), 6, o);
            QCOMPARE(r.input.sizes(), x.sizes());
            QVERIFY(r.input.min().item<float>() >= x.min().item<float>() - 1e-6f);
            QVERIFY(r.input.max().item<float>() <= x.max().item<float>() + 1e-6f);
            QVERIFY((r.input - x).abs().max().item<float>() > 0.1f);  // it did move
            QCOMPARE(r.map.dim(), 2);
            QVERIFY(r.map.min().item<float>() >= 0);
        }
    }

    void climbingRaisesTheTargetScore() {
        for (int seed : {4, 5}) {
            auto net = tiny_net(seed);
            auto x = cam_input(net, random_image(64, 64, seed), true);
            for (bool second : {false, true}) {
                const int64_t c = active_class(net, x, second);
                const double before = class_score(net, x, second, c);
                QVERIFY(before > 0);
                AdversarialOptions o;
                o.lambda = 0;  // the pure climbing direction
                auto r = adversarial_climb(net, x, second, c, 8, o);
                const double after = class_score(net, r.input, second, c);
                QVERIFY2(after > 1.05 * before,
                         qPrintable(QString("seed %1 branch %2: score %3 -> %4")
                                        .arg(seed)
                                        .arg(second)
                                        .arg(before)
                                        .arg(after)));
                // With the default λ = 7 the score still rises.
                auto r7 = adversarial_climb(net, x, second, c, 8, AdversarialOptions{});
                QVERIFY(class_score(net, r7.input, second, c) > before);
            }
        }
    }

    void oneIterationIsThePlainVariant() {
        auto net = tiny_net(6);
        cv::Mat bgr = random_image(50, 38, 2);
        CamInferenceOptions plain;
        plain.scales = {1.0, 0.5, 1.5};
        CamInferenceOptions adv = plain;
        adv.adversarial = true;
        adv.climbing.iterations = 1;
        const std::vector<int> keys{0, 2, 3};
        auto a = infer_cams(net, bgr, keys, plain);
        auto b = infer_cams(net, bgr, keys, adv);
        QCOMPARE(b.keys, keys);
        QVERIFY(max_abs_diff(a.spotlight.strided, b.spotlight.strided) < 1e-5);
        QVERIFY(max_abs_diff(a.compensation.strided, b.compensation.strided) < 1e-5);
        QVERIFY(max_abs_diff(a.spotlight.high_res, b.spotlight.high_res) < 1e-5);
        QVERIFY(max_abs_diff(a.compensation.high_res, b.compensation.high_res) < 1e-5);
        // More iterations give other maps.
        adv.climbing.iterations = 4;
        auto c = infer_cams(net, bgr, keys, adv);
        QVERIFY(max_abs_diff(a.spotlight.high_res, c.spotlight.high_res) > 1e-3);
    }

    void gradCamFactorOnlyWeighsAnImageAgainstItsFlip() {
        auto net = tiny_net(7);
        {
            // Large raw CAMs, so that the 1e-5 of the max normalisation is negligible.
            torch::NoGradGuard no_grad;
            net.amr->spotlight->classifier->weight.mul_(1e4);
            net.amr->compensation->classifier->weight.mul_(1e4);
        }
        cv::Mat bgr = random_image(40, 40, 3);
        const std::vector<int> keys{0, 1, 2, 3};
        // Without flip the factor is P_0 / (K+ · P_0) = 1 / K+ on every scale: a per-class
        // constant that the max normalisation removes.
        CamInferenceOptions with;
        with.scales = {1.0, 0.5};
        with.flip = false;
        CamInferenceOptions without = with;
        without.gradcam_scale = false;
        auto a = infer_cams(net, bgr, keys, with);
        auto b = infer_cams(net, bgr, keys, without);
        // Equal up to the 1e-5 of the max normalisation, which meets smaller raw maps.
        QVERIFY(max_abs_diff(a.spotlight.high_res, b.spotlight.high_res) < 1e-3);
        QVERIFY(max_abs_diff(a.compensation.strided, b.compensation.strided) < 1e-3);
        // With flip, each half is weighted by its share P_k / (P_0 + P_1) of positive pixels.
        with.flip = without.flip = true;
        a = infer_cams(net, bgr, keys, with);
        b = infer_cams(net, bgr, keys, without);
        QVERIFY(max_abs_diff(a.spotlight.high_res, b.spotlight.high_res) > 1e-2);
    }

    void badClimbingOptionsAreRefused() {
        AdversarialOptions o;
        o.iterations = 0;
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("iterations"));
        o = {};
        o.tau = 1.5;
        QVERIFY(amr::test::error_of([&] { o.check(); }).contains("tau"));
    }
};

QTEST_GUILESS_MAIN(TestAdversarialCams)
#include "test_adversarial_cams.moc"
