// The refine job (docs/method.md §5.5) on the demo dataset: labels from train_irn + the random walk
// against the CAMs they start from; resume, cancel, boundary maps and errors.
//
// The starting CAMs are made deliberately coarse from the ground truth (each class mask
// averaged over 6×6 blocks of the 256-pixel canvas, then blurred), so the test does not depend on a
// trained CAM network; seeds come from them by the §5.1 thresholds without the CRF.

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/eval/confusion_matrix.h"
#include "engine/refine/irn_data.h"
#include "engine/refine/irn_net.h"
#include "engine/refine/random_walk.h"
#include "engine/refine/refine.h"
#include "engine/refine/train_irn.h"
#include "support/imagenet_weights.h"

#include <QTemporaryDir>
#include <QtTest>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/test_support.h"

using namespace amr::refine;
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

// A coarse CAM plane of a binary mask: block means over a sixth of the image side, upsampled
// bilinearly, blurred (as coarse relative to the items at any canvas size).
cv::Mat coarse(const cv::Mat& mask, cv::Size size) {
    cv::Mat f, small, up;
    mask.convertTo(f, CV_32F);
    cv::resize(f, small, cv::Size(6, 6), 0, 0, cv::INTER_AREA);
    cv::resize(small, up, size, 0, 0, cv::INTER_LINEAR);
    const int k = std::max(3, size.width / 12) | 1;
    cv::GaussianBlur(up, up, cv::Size(k, k), 0);
    double mx;
    cv::minMaxLoc(up, nullptr, &mx);
    return mx > 0 ? cv::Mat(up / (mx + 1e-5)) : up;
}

// Boundaries from a stride-4 label map: 1 on every pixel whose right, lower-left, lower or
// lower-right neighbour has another label, so every 8-connected pair of different labels has
// one marked pixel and no path of the affinity crosses between regions unmarked.
cv::Mat label_boundary(const cv::Mat& small) {
    cv::Mat b(small.size(), CV_32FC1, cv::Scalar(0.0f));
    const int dys[] = {0, 1, 1, 1}, dxs[] = {1, -1, 0, 1};
    for (int y = 0; y < small.rows; ++y)
        for (int x = 0; x < small.cols; ++x)
            for (int n = 0; n < 4; ++n) {
                const int yy = y + dys[n], xx = x + dxs[n];
                if (yy < small.rows && xx >= 0 && xx < small.cols &&
                    small.at<uint8_t>(yy, xx) != small.at<uint8_t>(y, x))
                    b.at<float>(y, x) = 1.0f;
            }
    return b;
}

}  // namespace

constexpr int kCanvas = 256;

class TestRefine : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, store_, seeds_, irn_;
    bool imagenet_ = false;  // the IRN was trained on the ImageNet backbone
    amr::data::Dataset ds_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    double miou_of(const std::function<cv::Mat(std::size_t)>& label_of) {
        amr::eval::ConfusionMatrix cm(ds_.classes().num_labels());
        for (std::size_t i : ds_.split("train"))
            cm.add(amr::data::load_sample(ds_, i, true).mask, label_of(i));
        return amr::eval::compute_metrics(cm).miou;
    }

    RefineOptions options(const std::string& name) {
        RefineOptions o;
        o.dataset = data_;
        o.cam_store = store_;
        o.checkpoint = irn_;
        o.output = out(name);
        o.device = "cpu";
        o.pad_to = 128;  // the crop this IRN trains on
        return o;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::set_num_threads(2);
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 32;
        d.val_images = 2;
        d.canvas_size = kCanvas;
        d.min_items = 1;
        d.max_items = 3;
        data_ = amr::data::make_demo_data(d).root;
        ds_ = amr::data::open_dataset(data_);

        // Coarse CAMs of both branches, and seeds from them (fg 0.60, bg 0.33, no CRF).
        store_ = out("cams");
        seeds_ = out("seeds");
        fs::create_directories(seeds_);
        amr::cam::CamStore store(store_, "coarse-gt");
        for (std::size_t i : ds_.split("train")) {
            const auto& rec = ds_[i];
            cv::Mat gt = amr::data::load_sample(ds_, i, true).mask;
            amr::cam::CamEntry e;
            e.height = gt.rows;
            e.width = gt.cols;
            const cv::Size strided((gt.cols + 3) / 4, (gt.rows + 3) / 4);
            for (auto tag : rec.tags) {
                e.keys.push_back(tag);
                cv::Mat mask = gt == tag + 1;
                cv::Mat full = coarse(mask / 255, gt.size());
                cv::Mat small;
                cv::resize(full, small, strided, 0, 0, cv::INTER_AREA);
                e.spotlight.high_res.push_back(full);
                e.spotlight.strided.push_back(small);
            }
            e.compensation = e.spotlight;
            store.put(rec.id, e);
            cv::Mat fg = amr::cam::pseudo_label(e.spotlight.high_res, e.keys, 0.60f, gt.size());
            cv::Mat bg = amr::cam::pseudo_label(e.spotlight.high_res, e.keys, 0.33f, gt.size());
            cv::Mat seeds = fg.clone();
            seeds.setTo(255, (fg == 0) & (bg > 0));
            amr::data::write_label_png(seeds_ / (rec.id + ".png"), seeds);
        }

        // The demo preset (the frozen ImageNet ResNet-50, as the official code trains IRNet) when
        // the offline weights are on the machine; otherwise the tiny random-init quick net.
        const fs::path weights = amr::test::imagenet_weights(out(""));
        imagenet_ = !weights.empty();
        TrainIrnOptions t = TrainIrnOptions::preset(imagenet_ ? "demo" : "quick");
        if (imagenet_) {
            t.init = weights.string();
        } else {
            t.crop = 128;
            t.epochs = 12;
        }
        t.dataset = data_;
        t.seeds = seeds_;
        t.output = irn_ = out("irn.pt");
        t.device = "cpu";
        QVERIFY(train_irn(t, {}).finished);
    }

    // The official EdgeDisplacement pads [img, flip(img)] to 512² before the IRN, and the edge
    // heads' GroupNorms see the padding: boundary_map must do the same (docs/method.md §5.5).
    void boundaryMapPadsAsTheOfficialCode() {
        IrnNet net = load_irn(irn_);
        cv::Mat rgb;
        cv::cvtColor(amr::data::load_sample(ds_, 0, false).image, rgb, cv::COLOR_BGR2RGB);
        const int H = rgb.rows, W = rgb.cols, h = (H + 3) / 4, w = (W + 3) / 4;
        const cv::Mat padded = boundary_map(net, rgb, torch::kCPU, 512);
        QCOMPARE(padded.size(), cv::Size(w, h));

        torch::NoGradGuard no_grad;
        auto img = torch::from_blob(rgb.data, {1, H, W, 3}, torch::kUInt8)
                       .permute({0, 3, 1, 2})
                       .to(torch::kFloat32);
        img = amr::nn::normalize_input(img, net->backbone_options().layout);
        auto pair =
            torch::constant_pad_nd(torch::cat({img, img.flip({3})}), {0, 512 - W, 0, 512 - H});
        using torch::indexing::Slice;
        auto e = net->forward(pair).index({Slice(), 0, Slice(0, h), Slice(0, w)});
        auto want = torch::sigmoid(e[0] / 2 + e[1].flip({1}) / 2).contiguous();
        const cv::Mat ref(h, w, CV_32FC1, want.data_ptr<float>());
        QVERIFY(cv::norm(padded, ref, cv::NORM_INF) < 1e-5);

        // Less padding gives another map; a side beyond pad_to is padded to 16 only.
        const cv::Mat small = boundary_map(net, rgb, torch::kCPU, 0);
        QVERIFY(cv::norm(boundary_map(net, rgb, torch::kCPU, 128), small, cv::NORM_INF) == 0);
        const double diff = cv::norm(padded, small, cv::NORM_INF);
        qInfo("boundary map, 512 padding vs 16: largest difference %.4f", diff);
        QVERIFY(diff > 1e-3);
        QVERIFY(cv::norm(boundary_map(net, rgb, torch::kCPU, 64), small, cv::NORM_INF) == 0);
    }

    void refinedLabelsBeatTheCams() {
        amr::cam::CamStore store(store_, "coarse-gt");
        double best_cam = 0, best_t = 0;
        for (int k = 1; k <= 12; ++k) {
            const float t = 0.05f * k;
            double m = miou_of([&](std::size_t i) {
                return amr::cam::recalibrated_label(store.get(ds_[i].id), 0.5f, t);
            });
            if (m > best_cam)
                best_cam = m, best_t = t;
        }
        // The walk and labelling (docs/method.md §5.5 steps 2–6, default parameters) with
        // boundaries from the ground truth: label_boundary of the stride-4 label (void as
        // background).
        auto oracle_of = [&](const WalkLabelOptions& w) {
            return miou_of([&](std::size_t i) {
                cv::Mat gt = amr::data::load_sample(ds_, i, true).mask;
                cv::Mat small = pil_nearest(gt, cv::Size((gt.cols + 3) / 4, (gt.rows + 3) / 4));
                small.setTo(0, small == 255);
                auto e = store.get(ds_[i].id);
                auto cams =
                    amr::cam::weighted_cam(e.spotlight.strided, e.compensation.strided, 0.5f);
                return walk_to_label(label_boundary(small), cams, e.keys, gt.size(), w,
                                     torch::kCPU);
            });
        };
        const double oracle = oracle_of({});
        auto o = options("refined");
        o.boundary_output = out("boundary");
        auto r = refine_labels(o);
        QCOMPARE(r.written, ds_.split("train").size());
        QCOMPARE(r.skipped, std::size_t(0));
        double refined = miou_of([&](std::size_t i) {
            return amr::data::read_label_png(o.output / (ds_[i].id + ".png"));
        });
        qInfo(
            "mIoU: CAMs %.4f (best threshold %.2f), walk on GT boundaries %.4f, walk on the "
            "trained %s IRN %.4f",
            best_cam, best_t, oracle, imagenet_ ? "demo (ImageNet)" : "quick", refined);
        // Issue 8: the walk beats the CAMs it starts from (measured on 32 canvases of 256: CAMs
        // 0.625, walk on GT boundaries 0.676, on the demo IRN 0.650). Without the ImageNet
        // weights the quick IRN (random-init tiny backbone) does not (0.568, docs/refinement.md);
        // its labels must still be far from trivial (all background ≈ 0.08).
        QVERIFY(oracle > best_cam + 0.02);
        if (imagenet_)  // measured 0.650 against the CAMs' 0.625
            QVERIFY2(refined > best_cam + 0.01,
                     qPrintable(QString("refined %1 vs CAMs %2").arg(refined).arg(best_cam)));
        else
            QVERIFY(refined > 0.45);
        // Boundary maps: 8-bit, a quarter of the image, with some strong edges.
        cv::Mat b =
            cv::imread((o.boundary_output / (ds_[0].id + ".png")).string(), cv::IMREAD_UNCHANGED);
        QCOMPARE(b.type(), CV_8UC1);
        QCOMPARE(b.rows, kCanvas / 4);
    }

    void resumeSkipsAndCancelStops() {
        auto o = options("partial");
        amr::CancelToken cancel;
        std::size_t reports = 0;
        amr::JobContext ctx{[&](const amr::ProgressEvent& e) {
                                // Report k comes as image k starts: cancel during image 3,
                                // which stops inside the IRN's blocks, unwritten.
                                if (++reports == 3)
                                    cancel.cancel();
                                QVERIFY(e.total == ds_.split("train").size());
                            },
                            &cancel};
        bool cancelled = false;
        try {
            refine_labels(o, ctx);
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        std::size_t files = 0;
        for ([[maybe_unused]] auto& e : fs::directory_iterator(o.output))
            ++files;
        QCOMPARE(files, std::size_t(2));
        auto r = refine_labels(o);
        QCOMPARE(r.skipped, std::size_t(2));
        QCOMPARE(r.written, ds_.split("train").size() - 2);
        // Same labels as the uninterrupted run.
        for (std::size_t i : ds_.split("train")) {
            cv::Mat a = amr::data::read_label_png(o.output / (ds_[i].id + ".png"));
            cv::Mat b = amr::data::read_label_png(out("refined") / (ds_[i].id + ".png"));
            QCOMPARE(cv::countNonZero(a != b), 0);
        }
    }

    void missingCamsAreCountedAndErrorsNameFiles() {
        auto o = options("val");
        o.split = "val";
        auto r = refine_labels(o);
        QCOMPARE(r.without_cams, std::size_t(2));
        QCOMPARE(r.written, std::size_t(0));
        o = options("x");
        o.checkpoint = out("missing.pt");
        QVERIFY(contains(error_of([&] { refine_labels(o); }), "missing.pt"));
        o = options("x");
        o.checkpoint = store_ / (ds_[0].id + ".cam");
        QVERIFY(contains(error_of([&] { refine_labels(o); }), ".cam"));
        o = options("x");
        o.exp_times = 40;
        QVERIFY(contains(error_of([&] { o.check(); }), "exp_times"));
        o = options("x");
        o.cam_store = out("nocams");
        QVERIFY(contains(error_of([&] { refine_labels(o); }), "nocams"));
    }

    void cliRunsAndSkips() {
        auto r = amr::test::run_cli({"refine", QString::fromStdString(data_.string()), "--cams",
                                     QString::fromStdString(store_.string()), "--checkpoint",
                                     QString::fromStdString(irn_.string()), "--out",
                                     QString::fromStdString(out("refined").string()), "--device",
                                     "cpu"});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("0 written, 32 already present"), qPrintable(r.out));
        r = amr::test::run_cli({"train-irn", QString::fromStdString(data_.string()),
                                QString::fromStdString(out("cli.pt").string()), "--seeds",
                                QString::fromStdString(out("nope").string()), "--tiny"});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("nope"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestRefine)
#include "test_refine.moc"
