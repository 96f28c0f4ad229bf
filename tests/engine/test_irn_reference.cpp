// The IRN stage against references that tests/python/make_irn_reference.py computes with Debian's
// PyTorch from the official formulas (docs/method.md §5.2–§5.5), on the same small IRN weights:
// * boundaryMapEqualsOfficialInference: boundary_map() equals the official EdgeDisplacement
//   (zero padding to the crop size, edge logits cropped to ⌈H/4⌉×⌈W/4⌉, flip merge, sigmoid) on
//   a 141×103 image, at pad sizes 512 and 256; the two references differ, so the padding is
//   checked, not only the network;
// * lossAndTrainingStepsEqualOfficial: irn_edge_loss() on two fixed crops and seed maps equals
//   the official loss terms (flat path indices, radius 10), and four steps of our SGD at the
//   official settings (lr 0.1 poly 0.9, momentum 1e-4, weight decay 1e-4, edge heads only)
//   reproduce the official loss curve.
// Skipped when /usr/bin/python3 lacks torch, NumPy or Pillow.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/data/image_io.h"
#include "engine/nn/checkpoint.h"
#include "engine/refine/affinity.h"
#include "engine/refine/irn_net.h"
#include "engine/refine/path_indices.h"
#include "engine/train/sgd.h"

#include <opencv2/imgproc.hpp>

#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <cstdint>
#include <fstream>
#include <map>

#include "support/test_support.h"

namespace fs = std::filesystem;
using namespace amr::refine;

namespace {

// The files of make_irn_reference.py: int32 count, then per tensor the name, rank, sizes and
// float32 values.
std::map<std::string, torch::Tensor> read_tensors(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    auto i32 = [&] {
        std::int32_t v = 0;
        in.read(reinterpret_cast<char*>(&v), sizeof v);
        return v;
    };
    std::map<std::string, torch::Tensor> out;
    const int n = i32();
    for (int k = 0; k < n && in; ++k) {
        std::string name(static_cast<std::size_t>(i32()), '\0');
        in.read(name.data(), static_cast<std::streamsize>(name.size()));
        std::vector<int64_t> sizes(static_cast<std::size_t>(i32()));
        for (auto& s : sizes)
            s = i32();
        auto t = torch::empty(sizes, torch::kFloat32);
        in.read(reinterpret_cast<char*>(t.data_ptr<float>()),
                static_cast<std::streamsize>(t.numel() * sizeof(float)));
        out[name] = t;
    }
    if (!in)
        throw std::runtime_error("truncated reference file " + file.string());
    return out;
}

IrnNet reference_net(const fs::path& weights) {
    auto options = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    options.base_width = 8;
    options.blocks = {1, 1, 1, 1};
    IrnNet net(options);
    amr::nn::NamedTensors tensors;
    for (auto& [name, t] : read_tensors(weights))
        tensors.emplace_back(name, t);
    amr::nn::load_state(*net, tensors, weights);  // every tensor, by name
    return net;
}

}  // namespace

class TestIrnReference : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const QString python = QStringLiteral("/usr/bin/python3");
        if (!QFileInfo::exists(python))
            QSKIP("/usr/bin/python3 not found");
        QProcess py;
        py.start(python, {QStringLiteral(AMR_SOURCE_DIR "/tests/python/make_irn_reference.py"),
                          dir_.path()});
        QVERIFY(py.waitForFinished(240000));
        const QString err = QString::fromUtf8(py.readAllStandardError());
        if (py.exitCode() == 77)
            QSKIP(qPrintable("no torch/NumPy/Pillow: " + err.trimmed()));
        QVERIFY2(py.exitCode() == 0, qPrintable(err));
        root_ = amr::test::to_path(dir_.path());
        torch::set_num_threads(2);
    }

    void boundaryMapEqualsOfficialInference() {
        IrnNet net = reference_net(root_ / "weights.bin");
        net->eval();
        const cv::Mat bgr = amr::data::read_image(root_ / "image.png");
        cv::Mat rgb;
        cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
        auto want = read_tensors(root_ / "boundary.bin");
        const double tolerance = 1e-4;
        std::map<int, torch::Tensor> got;
        for (int pad : {512, 256}) {
            const cv::Mat b = boundary_map(net, rgb, torch::kCPU, pad);
            QCOMPARE(b.rows, (103 + 3) / 4);
            QCOMPARE(b.cols, (141 + 3) / 4);
            got[pad] =
                torch::from_blob(const_cast<float*>(b.ptr<float>()), {b.rows, b.cols}).clone();
            const auto& ref = want.at("pad" + std::to_string(pad));
            QCOMPARE(ref.sizes(), got[pad].sizes());
            const double d = (got[pad] - ref).abs().max().item<double>();
            qInfo("pad %d: largest difference %.2e (map range %.3f..%.3f)", pad, d,
                  ref.min().item<double>(), ref.max().item<double>());
            QVERIFY2(d < tolerance, qPrintable(QString("pad %1: %2").arg(pad).arg(d)));
        }
        // The padding matters (GroupNorm sees it): the check above can fail on it.
        const double gap = (want.at("pad512") - want.at("pad256")).abs().max().item<double>();
        qInfo("pad 512 vs 256 in the reference: %.2e", gap);
        QVERIFY(gap > 100 * tolerance);
    }

    void lossAndTrainingStepsEqualOfficial() {
        IrnNet net = reference_net(root_ / "weights.bin");
        auto data = read_tensors(root_ / "train.bin");
        const auto images = data.at("images");
        const auto labels = data.at("labels").to(torch::kUInt8);
        const auto curve = data.at("losses");  // steps × (pos_bg, pos_fg, neg, total)
        const int steps = static_cast<int>(curve.size(0));
        const PathIndices paths = make_path_indices(10);

        amr::train::Sgd sgd(1e-4, 1e-4);
        sgd.add_group("edge", 0.1, *net, {"edge"});
        net->train();
        for (int step = 0; step < steps; ++step) {
            sgd.set_poly_lr(step, steps, 0.9);
            sgd.zero_grad();
            IrnLoss l = irn_edge_loss(net->forward(images), labels, paths);
            const double got[4] = {l.pos_bg.item<double>(), l.pos_fg.item<double>(),
                                   l.neg.item<double>(), l.total.item<double>()};
            for (int k = 0; k < 4; ++k) {
                const double want = curve[step][k].item<double>();
                qInfo("step %d term %d: ours %.6f, official %.6f", step, k, got[k], want);
                QVERIFY2(std::abs(got[k] - want) < 1e-4 * std::max(1.0, std::abs(want)),
                         qPrintable(QString("step %1, term %2: %3 vs %4")
                                        .arg(step)
                                        .arg(k)
                                        .arg(got[k])
                                        .arg(want)));
            }
            l.total.backward();
            sgd.step();
        }
        // The steps change the loss far beyond the tolerance: the curve checks the updates.
        QVERIFY(std::abs(curve[steps - 1][3].item<double>() - curve[0][3].item<double>()) > 1e-2);
    }

private:
    QTemporaryDir dir_;
    fs::path root_;
};

QTEST_GUILESS_MAIN(TestIrnReference)
#include "test_irn_reference.moc"
