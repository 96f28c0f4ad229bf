// Cancel inside a training step (issue: "Cancel stops the job within a second"): the ResNet
// blocks are cancellation points in forward and backward, a step stopped part-way leaves the
// weights and the BatchNorm statistics as they were, and training resumed from a cancel made at
// any moment ends bit-identical to an uninterrupted run.

#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/resnet.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/train.h"

#include <QTemporaryDir>
#include <QTest>
#include <atomic>
#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "support/test_support.h"

namespace fs = std::filesystem;

namespace {

amr::nn::ResNetOptions block_options() {
    auto o = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    o.base_width = 4;
    o.blocks = {1, 1, 1, 1};
    return o;
}

// BatchNorm in train mode (its running statistics move in forward) -> a trip that cancels the
// token when armed -> a bottleneck (a cancellation point) -> a linear head.
struct TripNetImpl : torch::nn::Module {
    TripNetImpl() {
        bn = register_module("bn", torch::nn::BatchNorm2d(16));
        block = register_module("block", amr::nn::Bottleneck(16, 4, 1, 1, block_options()));
        head = register_module("head", torch::nn::Linear(16, 2));
    }
    torch::Tensor forward(const torch::Tensor& x) {
        auto y = bn->forward(x);
        if (cancel_in_forward)
            token->cancel();
        y = block->forward(y);
        return head->forward(y.mean({2, 3}));
    }
    torch::nn::BatchNorm2d bn{nullptr};
    amr::nn::Bottleneck block{nullptr};
    torch::nn::Linear head{nullptr};
    amr::CancelToken* token = nullptr;
    bool cancel_in_forward = false;
};
TORCH_MODULE(TripNet);

std::vector<torch::Tensor> copies(const std::vector<torch::Tensor>& ts) {
    std::vector<torch::Tensor> out;
    for (const auto& t : ts)
        out.push_back(t.detach().clone());
    return out;
}

bool all_equal(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!torch::equal(a[i], b[i]))
            return false;
    return true;
}

// One SGD step of `net` on `x` through run_cancellable_step; `on_output` may hook the output.
// Returns whether the step was cancelled; `stepped` says whether the update ran.
bool cancellable_sgd_step(TripNet& net, amr::CancelToken& token, torch::optim::SGD& sgd,
                          const torch::Tensor& x, bool& stepped,
                          const std::function<void(torch::Tensor&)>& on_output = {}) {
    stepped = false;
    try {
        amr::train::run_cancellable_step(*net, &token, [&] {
            sgd.zero_grad();
            auto out = net->forward(x);
            if (on_output)
                on_output(out);
            out.sum().backward();
            sgd.step();
            stepped = true;
        });
    } catch (const amr::Cancelled&) {
        return true;
    }
    return false;
}

// The tiny random-init network both training stages use here.
template <class Options>
Options tiny(const std::string& preset, const fs::path& data, const fs::path& output) {
    auto o = Options::preset(preset);
    o.dataset = data;
    o.output = output;
    o.init = "none";
    o.layout = "torchvision";
    o.base_width = 16;
    o.blocks = {2, 2, 2, 2};
    o.crop = 96;
    o.batch = 4;
    o.device = "cpu";
    return o;
}

bool equal_checkpoints(const fs::path& a, const fs::path& b) {
    auto ta = amr::nn::read_checkpoint(a).tensors;
    auto tb = amr::nn::read_checkpoint(b).tensors;
    if (ta.size() != tb.size())
        return false;
    for (std::size_t i = 0; i < ta.size(); ++i)
        if (ta[i].first != tb[i].first || !torch::equal(ta[i].second, tb[i].second))
            return false;
    return true;
}

}  // namespace

class TestCancelMidStep : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    amr::train::TrainAmrOptions amr_options(const std::string& name, const fs::path& cam) {
        auto o = tiny<amr::train::TrainAmrOptions>("paper", data_, out(name));
        o.cam = cam;
        o.epochs = 2;
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::set_num_threads(2);
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 12;
        d.val_images = 1;
        d.canvas_size = 96;
        data_ = amr::data::make_demo_data(d).root;
    }

    void cancellationPointIsFreeWithoutAScope() {
        amr::CancelToken token;
        token.cancel();
        amr::cancellation_point();  // no scope on this thread: nothing to stop
        QVERIFY(amr::current_cancel_token() == nullptr);
        {
            amr::CancelScope scope(&token);
            QCOMPARE(amr::current_cancel_token(), &token);
            QVERIFY_THROWS_EXCEPTION(amr::Cancelled, amr::cancellation_point());
        }
        QVERIFY(amr::current_cancel_token() == nullptr);
    }

    void cancelDuringForwardRestoresBuffers() {
        torch::manual_seed(3);
        TripNet net;
        net->train();
        amr::CancelToken token;
        net->token = &token;
        net->cancel_in_forward = true;
        torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.5));
        const auto params = copies(net->parameters());
        const auto buffers = copies(net->buffers());
        const auto x = torch::randn({2, 16, 8, 8}) * 3 + 1;
        bool stepped = false;
        const bool cancelled = cancellable_sgd_step(net, token, sgd, x, stepped);
        QVERIFY(cancelled);
        QVERIFY(!stepped);
        QVERIFY(all_equal(copies(net->parameters()), params));
        // The BatchNorm before the trip did move its statistics; they are back.
        QVERIFY(all_equal(copies(net->buffers()), buffers));

        // The same step without a cancel does move both (the check above can fail).
        token.reset();
        net->cancel_in_forward = false;
        QVERIFY(!cancellable_sgd_step(net, token, sgd, x, stepped));
        QVERIFY(stepped);
        QVERIFY(!all_equal(copies(net->parameters()), params));
        QVERIFY(!all_equal(copies(net->buffers()), buffers));
    }

    void cancelDuringBackwardStopsBeforeTheUpdate() {
        torch::manual_seed(4);
        TripNet net;
        net->train();
        amr::CancelToken token;
        torch::optim::SGD sgd(net->parameters(), torch::optim::SGDOptions(0.5));
        const auto params = copies(net->parameters());
        const auto x = torch::randn({2, 16, 8, 8});
        bool stepped = false;
        // Cancel arrives when backward has just started (at the head), before it reaches the
        // bottleneck, whose hook then stops it.
        const bool cancelled =
            cancellable_sgd_step(net, token, sgd, x, stepped, [&](torch::Tensor& out) {
                out.register_hook([&](const torch::Tensor&) { token.cancel(); });
            });
        QVERIFY(cancelled);
        QVERIFY(!stepped);
        QVERIFY(all_equal(copies(net->parameters()), params));
    }

    void resumeAfterACancelAtAnyMomentIsExact() {
        auto cam = tiny<amr::train::TrainCamOptions>("paper", data_, out("cam.pt"));
        cam.epochs = 1;
        amr::train::train_cam(cam, {});

        // The AMR net has AMMs, whose spatial BatchNorm statistics move in every forward pass.
        auto whole = amr_options("whole.pt", cam.output);
        // A step's time from the steps themselves: the run's set-up (loading the nets and the
        // data) would make it too long, and a late cancel could then miss the run.
        std::vector<std::chrono::steady_clock::time_point> at_step;
        amr::train::train_amr(whole, {}, [&](const amr::train::TrainProgress&) {
            at_step.push_back(std::chrono::steady_clock::now());
        });
        QVERIFY(at_step.size() >= 3);
        const double step_s =
            std::chrono::duration<double>(at_step.back() - at_step.front()).count() /
            double(at_step.size() - 1);

        // Cancels at several moments inside step 3 (and maybe between steps): wherever it lands,
        // the resume state is that of the last whole step and resuming ends where `whole` did.
        for (double fraction : {0.15, 0.5, 0.85}) {
            auto o = amr_options("part.pt", cam.output);
            fs::remove(o.output);
            fs::remove(o.resume_path());
            amr::CancelToken token;
            std::atomic<long> reported{0};
            std::thread canceller([&] {
                while (reported.load() < 2)
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                std::this_thread::sleep_for(std::chrono::duration<double>(fraction * step_s));
                token.cancel();
            });
            bool cancelled = false;
            try {
                amr::train::train_amr(
                    o, amr::JobContext{{}, &token},
                    [&](const amr::train::TrainProgress& p) { reported = p.step; });
            } catch (const amr::Cancelled&) {
                cancelled = true;
            }
            canceller.join();
            if (!cancelled)
                QSKIP("the run finished before the cancel landed (a very slow canceller)");
            QVERIFY(!fs::exists(o.output));
            const long at =
                nlohmann::json::parse(amr::nn::read_checkpoint(o.resume_path()).metadata)
                    .at("step")
                    .get<long>();
            QCOMPARE(at, reported.load());
            o.resume = true;
            const auto r = amr::train::train_amr(o, {});
            QVERIFY(r.finished);
            QCOMPARE(r.resumed_from, at);
            QVERIFY2(equal_checkpoints(o.output, whole.output),
                     qPrintable(QString("cancel at %1 of a step").arg(fraction)));
        }
    }
};

QTEST_GUILESS_MAIN(TestCancelMidStep)
#include "test_cancel_mid_step.moc"
