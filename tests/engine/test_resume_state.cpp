// train::ResumeState, the one resume-state file of every training stage: a save/load round trip
// restores the model and the momentum buffers exactly, frozen parts are neither saved nor
// expected, and a state of another stage, step count or trajectory-changing option is refused
// with a message naming the file (run-only options and the stage's own exceptions may differ).

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/core/error.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/resume_state.h"
#include "engine/train/sgd.h"

#include <QTemporaryDir>
#include <QtTest>

#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::error_of;
using amr::train::ResumeState;
using amr::train::Sgd;

namespace {

struct TwoLayersImpl : torch::nn::Module {
    torch::nn::Linear backbone{nullptr}, head{nullptr};
    TwoLayersImpl() {
        backbone = register_module("backbone", torch::nn::Linear(3, 4));
        head = register_module("head", torch::nn::Linear(4, 2));
    }
    torch::Tensor forward(const torch::Tensor& x) { return head(torch::relu(backbone(x))); }
};
TORCH_MODULE(TwoLayers);

// One SGD step so that the momentum buffers exist.
void step(TwoLayers& net, Sgd& sgd) {
    sgd.zero_grad();
    net->forward(torch::ones({2, 3})).sum().backward();
    sgd.step();
}

bool same(const torch::nn::Module& a, const torch::nn::Module& b) {
    const auto x = amr::nn::named_state(a), y = amr::nn::named_state(b);
    if (x.size() != y.size())
        return false;
    for (std::size_t i = 0; i < x.size(); ++i)
        if (x[i].first != y[i].first || !torch::equal(x[i].second, y[i].second))
            return false;
    return true;
}

const char* kOptions = R"({"epochs": 2, "batch": 4, "device": "cpu", "val_every": 5})";

}  // namespace

class TestResumeState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripIsExact() {
        QTemporaryDir dir;
        const fs::path file = amr::test::to_path(dir.path()) / "out.pt.resume.pt";
        torch::manual_seed(3);
        TwoLayers a;
        Sgd sa(0.9, 1e-4);
        sa.add_group("all", 0.1, *a, {""});
        step(a, sa);
        const ResumeState state("cam", kOptions);
        state.save(file, *a, {&sa}, 7, 20);
        QVERIFY(fs::exists(file));

        torch::manual_seed(99);  // other weights, no momentum yet
        TwoLayers b;
        Sgd sb(0.9, 1e-4);
        sb.add_group("all", 0.1, *b, {""});
        QVERIFY(!same(*a, *b));
        QCOMPARE(state.load(file, *b, {&sb}, 20, torch::kCPU), 7L);
        QVERIFY(same(*a, *b));
        // The momentum buffers came back too: the next step is the same on both.
        step(a, sa);
        step(b, sb);
        QVERIFY(same(*a, *b));
    }

    void frozenPartsAreLeftOut() {
        QTemporaryDir dir;
        const fs::path file = amr::test::to_path(dir.path()) / "irn.resume.pt";
        TwoLayers a;
        Sgd sa(0.9, 0);
        sa.add_group("head", 0.1, *a, {"head"});
        ResumeState state("irn", kOptions);
        state.frozen = {"backbone."};
        state.save(file, *a, {&sa}, 1, 4);
        for (const auto& [name, t] : amr::nn::read_checkpoint(file).tensors)
            QVERIFY2(name.rfind("model.backbone.", 0) != 0, name.c_str());
        TwoLayers b;
        Sgd sb(0.9, 0);
        sb.add_group("head", 0.1, *b, {"head"});
        QCOMPARE(state.load(file, *b, {&sb}, 4, torch::kCPU), 1L);
        QVERIFY(torch::equal(a->head->weight, b->head->weight));
        // Without the frozen prefix the missing backbone is an error naming the file.
        const ResumeState strict("irn", kOptions);
        const QString e = error_of([&] { strict.load(file, *b, {&sb}, 4, torch::kCPU); });
        QVERIFY2(e.contains("irn.resume.pt") && e.contains("backbone"), qPrintable(e));
    }

    void mismatchesAreRefused() {
        QTemporaryDir dir;
        const fs::path file = amr::test::to_path(dir.path()) / "s.resume.pt";
        TwoLayers net;
        Sgd sgd(0.9, 0);
        sgd.add_group("all", 0.1, *net, {""});
        ResumeState state("cam", kOptions);
        state.save(file, *net, {&sgd}, 2, 10);

        ResumeState other = state;
        other.stage = "amr";
        QString e = error_of([&] { other.load(file, *net, {&sgd}, 10, torch::kCPU); });
        QVERIFY2(e.contains("s.resume.pt") && e.contains("stage 'cam', not 'amr'"), qPrintable(e));

        e = error_of([&] { state.load(file, *net, {&sgd}, 12, torch::kCPU); });
        QVERIFY2(e.contains("saved for 10 steps in total, this run has 12"), qPrintable(e));

        other = state;
        other.options_json = R"({"epochs": 3, "batch": 4, "device": "cpu", "val_every": 5})";
        e = error_of([&] { other.load(file, *net, {&sgd}, 10, torch::kCPU); });
        QVERIFY2(e.contains("option 'epochs' = 2, this run has 3"), qPrintable(e));

        // Run-only options (device) and the stage's own exceptions (val_every) may differ.
        other.options_json = R"({"epochs": 2, "batch": 4, "device": "cuda", "val_every": 9})";
        e = error_of([&] { other.load(file, *net, {&sgd}, 10, torch::kCPU); });
        QVERIFY2(e.contains("'val_every'"), qPrintable(e));
        other.may_differ = {"val_every"};
        QCOMPARE(other.load(file, *net, {&sgd}, 10, torch::kCPU), 2L);

        amr::nn::save_checkpoint(file, amr::nn::named_state(*net), R"({"format": "other"})");
        e = error_of([&] { state.load(file, *net, {&sgd}, 10, torch::kCPU); });
        QVERIFY2(e.contains("is not a training resume state"), qPrintable(e));
    }
};

QTEST_GUILESS_MAIN(TestResumeState)
#include "test_resume_state.moc"
