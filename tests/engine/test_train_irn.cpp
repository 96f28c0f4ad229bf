// train_irn (docs/method.md §5.2–§5.4): options, the data pipeline, the loss going down on a tiny
// demo set, resume equal to an uninterrupted run, cancel, metrics and errors that name the file.

#include "engine/cam/cam_store.h"
#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/nn/checkpoint.h"
#include "engine/refine/affinity.h"
#include "engine/refine/irn_data.h"
#include "engine/refine/irn_net.h"
#include "engine/refine/refine.h"
#include "engine/refine/train_irn.h"
#include "engine/train/batch_loader.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <nlohmann/json.hpp>

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

std::vector<nlohmann::json> read_jsonl(const fs::path& file) {
    std::ifstream in(file);
    std::vector<nlohmann::json> lines;
    for (std::string line; std::getline(in, line);)
        lines.push_back(nlohmann::json::parse(line));
    return lines;
}

}  // namespace

class TestTrainIrn : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_, seeds_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    TrainIrnOptions tiny(const std::string& name) {
        TrainIrnOptions o = TrainIrnOptions::preset("quick");
        o.dataset = data_;
        o.output = out(name);
        o.seeds = seeds_;
        o.crop = 64;
        o.batch = 4;
        o.epochs = 2;
        o.device = "cpu";
        return o;
    }

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
        // Seeds = the ground truth (with its void band as 255).
        seeds_ = out("seeds");
        fs::create_directories(seeds_);
        for (const auto& e : fs::directory_iterator(data_ / "VOCdevkit/VOC2012/SegmentationClass"))
            fs::copy_file(e.path(), seeds_ / e.path().filename());
        torch::set_num_threads(2);
    }

    void optionsPresetsAndJson() {
        auto paper = TrainIrnOptions::preset("paper");
        QCOMPARE(paper.batch, 16);
        QCOMPARE(paper.crop, 512);
        QCOMPARE(paper.epochs, 3);
        QCOMPARE(paper.radius, 10);
        QCOMPARE(paper.lr_edge, 0.1);
        QCOMPARE(paper.momentum, 1e-4);
        QCOMPARE(paper.weight_decay, 1e-4);
        QCOMPARE(paper.poly_power, 0.9);
        auto quick = TrainIrnOptions::preset("quick");
        QCOMPARE(quick.base_width, 8);
        QCOMPARE(quick.init, std::string("none"));
        QVERIFY(contains(error_of([] { TrainIrnOptions::preset("fast"); }), "fast"));

        auto o = tiny("j.pt");
        o.radius = 7;
        o.scale_high = 1.25;
        TrainIrnOptions back;
        apply_json(back, to_json(o), "x.json");
        QCOMPARE(to_json(back), to_json(o));
        QCOMPARE(back.radius, 7);
        QVERIFY(
            contains(error_of([&] { apply_json(back, R"({"radious": 3})", "c.json"); }), "c.json"));
        QVERIFY(contains(error_of([&] { apply_json(back, R"({"radius": "3"})", "c.json"); }),
                         "radius"));

        auto bad = tiny("b.pt");
        bad.seeds.clear();
        QVERIFY(contains(error_of([&] { bad.check(); }), "seeds"));
        bad = tiny("b.pt");
        bad.crop = 40;
        QVERIFY(contains(error_of([&] { bad.check(); }), "crop"));
        bad = tiny("b.pt");
        bad.radius = 10;
        bad.crop = 64;  // 16 < 2·9 + 1
        QVERIFY(contains(error_of([&] { bad.check(); }), "radius"));
    }

    void pilNearestSamplesCentres() {
        cv::Mat m(1, 8, CV_8UC1);
        for (int i = 0; i < 8; ++i)
            m.at<uint8_t>(0, i) = uint8_t(i);
        cv::Mat q = pil_nearest(m, {2, 1});  // ×0.25: source 4i + 2
        QCOMPARE(int(q.at<uint8_t>(0, 0)), 2);
        QCOMPARE(int(q.at<uint8_t>(0, 1)), 6);
        cv::Mat up = pil_nearest(m, {16, 1});
        QCOMPARE(int(up.at<uint8_t>(0, 15)), 7);
        QCOMPARE(int(up.at<uint8_t>(0, 1)), 0);
    }

    void samplesAreDeterministicAndPadded() {
        auto ds = amr::data::open_dataset(data_);
        IrnAugment a;
        a.seeds = seeds_;
        a.crop = 128;  // larger than the 80..120 px scaled canvases: padding on every side
        a.layout = amr::nn::ResNetLayout::kTorchvision;
        auto order = ds.split("train");
        auto b1 = build_irn_batch(ds, order, 4, 0, a, 7, 0, 1);
        auto b2 = build_irn_batch(ds, order, 4, 0, a, 7, 0, 3);
        QVERIFY(torch::equal(b1.images, b2.images));
        QVERIFY(torch::equal(b1.labels, b2.labels));
        QCOMPARE(b1.labels.size(1), int64_t(32));
        auto b3 = build_irn_batch(ds, order, 4, 0, a, 7, 1, 1);  // another epoch
        QVERIFY(!torch::equal(b1.images, b3.images));
        // Pads are 255 in the labels; real labels are 0..10 and the void band.
        auto lab = b1.labels.to(torch::kInt32);
        QVERIFY(lab.eq(255).any().item<bool>());
        QVERIFY(lab.eq(0).any().item<bool>());
        QVERIFY(lab.gt(0).logical_and(lab.lt(255)).any().item<bool>());
        QVERIFY(lab.gt(10).logical_and(lab.lt(255)).any().item<bool>() == false);
    }

    void lossDecreases() {
        auto o = tiny("learn.pt");
        o.epochs = 8;  // 24 steps
        auto r = train_irn(o, {});
        QVERIFY(r.finished);
        QCOMPARE(r.steps, 24L);

        // The loss on a fixed batch, before (same seed's initial net) and after training.
        auto ds = amr::data::open_dataset(data_);
        IrnAugment a;
        a.seeds = seeds_;
        a.crop = o.crop;
        a.layout = amr::nn::ResNetLayout::kTorchvision;
        auto batch = build_irn_batch(ds, ds.split("train"), 12, 0, a, 99, 0, 2);
        auto paths = make_path_indices(o.radius);
        torch::manual_seed(o.seed);
        amr::nn::ResNetOptions bo =
            amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
        bo.base_width = 8;
        bo.blocks = {1, 1, 1, 1};
        IrnNet initial(bo);
        IrnNet trained = load_irn(o.output);
        initial->eval();
        torch::NoGradGuard ng;
        double before =
            irn_edge_loss(initial->forward(batch.images), batch.labels, paths).total.item<double>();
        double after =
            irn_edge_loss(trained->forward(batch.images), batch.labels, paths).total.item<double>();
        qInfo("loss on a fixed batch: %.4f before, %.4f after", before, after);
        QVERIFY(after < 0.92 * before);  // 24 steps of a tiny net: ~15% lower
        // The frozen backbone did not move.
        auto a0 = amr::nn::named_state(*initial->backbone);
        auto a1 = amr::nn::named_state(*trained->backbone);
        for (std::size_t i = 0; i < a0.size(); ++i)
            QVERIFY2(torch::equal(a0[i].second, a1[i].second), a0[i].first.c_str());
        auto meta =
            amr::nn::parse_model_meta(amr::nn::read_checkpoint(o.output).metadata, o.output);
        QCOMPARE(meta.architecture, std::string("irn"));
    }

    // The official EdgeDisplacement pads the IRN input to its training crop; our IRN checkpoint
    // records train-irn's crop and radius, and refine pads to that crop by default. (It used to
    // pad to 512 whatever the crop: an IRN trained on 64- or 128-pixel crops then saw GroupNorm
    // statistics it was never trained on, and its boundaries weakened.)
    void refinePadsToTheTrainingCrop() {
        const fs::path irn = out("learn.pt");
        QVERIFY2(fs::exists(irn), "lossDecreases makes the checkpoint");
        const auto meta = nlohmann::json::parse(amr::nn::read_checkpoint(irn).metadata);
        QCOMPARE(meta["irn"]["crop"].get<int>(), 64);
        QCOMPARE(meta["irn"]["radius"].get<int>(), 5);
        IrnTrainingInfo info;
        IrnNet net = load_irn(irn, &info);
        QCOMPARE(info.crop, 64);
        QCOMPARE(info.radius, 5);
        QCOMPARE(resolve_pad_to(RefineOptions{}.pad_to, info), 64);
        QCOMPARE(resolve_pad_to(RefineOptions{}.pad_to, IrnTrainingInfo{}), 512);  // older files
        QCOMPARE(resolve_pad_to(0, info), 0);

        // refine with its default options on two images: the boundary maps it writes are those
        // of the 64 padding (80-pixel canvases: padded to 80), not of 512.
        auto ds = amr::data::open_dataset(data_);
        const fs::path store_dir = out("pad-cams");
        amr::cam::CamStore store(store_dir, "gt");
        const auto ids = ds.split("train");
        for (std::size_t k = 0; k < 2; ++k) {
            const std::size_t i = ids[k];
            const cv::Mat gt = amr::data::load_sample(ds, i, true).mask;
            amr::cam::CamEntry e;
            e.height = gt.rows;
            e.width = gt.cols;
            for (auto tag : ds[i].tags) {
                e.keys.push_back(tag);
                cv::Mat plane, small;
                cv::Mat(gt == tag + 1).convertTo(plane, CV_32F, 1.0 / 255);
                cv::resize(plane, small, {(gt.cols + 3) / 4, (gt.rows + 3) / 4}, 0, 0,
                           cv::INTER_AREA);
                e.spotlight.strided.push_back(small);
            }
            e.compensation = e.spotlight;
            store.put(ds[i].id, e);
        }
        RefineOptions r;
        r.dataset = data_;
        r.cam_store = store_dir;
        r.checkpoint = irn;
        r.output = out("pad-refined");
        r.boundary_output = out("pad-boundary");
        r.device = "cpu";
        const RefineResult res = refine_labels(r);
        QCOMPARE(res.written, std::size_t(2));
        QCOMPARE(res.pad_to, 64);
        net->eval();
        double worst_own = 0, worst_512 = 0;
        for (std::size_t k = 0; k < 2; ++k) {
            const auto& rec = ds[ids[k]];
            cv::Mat rgb;
            cv::cvtColor(amr::data::read_image(rec.image), rgb, cv::COLOR_BGR2RGB);
            const cv::Mat written =
                cv::imread((r.boundary_output / (rec.id + ".png")).string(), cv::IMREAD_GRAYSCALE);
            QVERIFY(!written.empty());
            cv::Mat own, wide;
            boundary_map(net, rgb, torch::kCPU, 64).convertTo(own, CV_8UC1, 255.0);
            boundary_map(net, rgb, torch::kCPU, 512).convertTo(wide, CV_8UC1, 255.0);
            worst_own = std::max(worst_own, cv::norm(written, own, cv::NORM_INF));
            worst_512 = std::max(worst_512, cv::norm(written, wide, cv::NORM_INF));
        }
        qInfo("written boundary maps vs the 64 padding: %.0f/255, vs 512: %.0f/255", worst_own,
              worst_512);
        QCOMPARE(worst_own, 0.0);
        QVERIFY(worst_512 > 5);  // the padding changes the map: the check can fail
    }

    void resumeReproducesTheStraightRun() {
        auto a = tiny("straight.pt");
        a.loader_threads = 3;
        QVERIFY(train_irn(a, {}).finished);

        auto b = tiny("resumed.pt");
        b.loader_threads = 1;
        b.max_steps = 4;  // mid second epoch
        auto part = train_irn(b, {});
        QVERIFY(!part.finished);
        QVERIFY(fs::exists(b.resume_path()));
        b.max_steps = 0;
        b.resume = true;
        auto rest = train_irn(b, {});
        QCOMPARE(rest.resumed_from, 4L);
        QVERIFY(rest.finished);
        QVERIFY(!fs::exists(b.resume_path()));

        auto ta = amr::nn::read_checkpoint(a.output).tensors;
        auto tb = amr::nn::read_checkpoint(b.output).tensors;
        QCOMPARE(ta.size(), tb.size());
        for (std::size_t i = 0; i < ta.size(); ++i) {
            QCOMPARE(ta[i].first, tb[i].first);
            QVERIFY2(torch::equal(ta[i].second, tb[i].second), ta[i].first.c_str());
        }
        auto lines = read_jsonl(b.metrics_path());
        QCOMPARE(lines.size(), std::size_t(6));
        QCOMPARE(lines[5]["step"].get<long>(), 6L);
        for (const char* key : {"loss", "pos_bg", "pos_fg", "neg", "lr_edge", "eta_s"})
            QVERIFY2(lines[0].contains(key), key);
        QCOMPARE(lines[0]["stage"].get<std::string>(), std::string("irn"));
        QCOMPARE(lines[0]["lr_edge"].get<double>(), 0.3);
        // Another radius cannot continue this state.
        auto c = tiny("resumed.pt");
        c.max_steps = 2;
        train_irn(c, {});
        c.max_steps = 0;
        c.resume = true;
        c.radius = 6;
        QVERIFY(contains(error_of([&] { train_irn(c, {}); }), "radius"));
    }

    void cancelLeavesAResumableState() {
        auto o = tiny("cancel.pt");
        amr::CancelToken cancel;
        amr::JobContext ctx{{}, &cancel};
        long seen = 0;
        bool cancelled = false;
        try {
            train_irn(o, ctx, [&](const amr::train::TrainProgress& p) {
                seen = p.step;
                if (p.step == 2)
                    cancel.cancel();
            });
        } catch (const amr::Cancelled&) {
            cancelled = true;
        }
        QVERIFY(cancelled);
        QCOMPARE(seen, 2L);
        QVERIFY(!fs::exists(o.output));
        auto meta = nlohmann::json::parse(amr::nn::read_checkpoint(o.resume_path()).metadata);
        QCOMPARE(meta["step"].get<long>(), 2L);
        o.resume = true;
        auto r = train_irn(o, {});
        QCOMPARE(r.resumed_from, 2L);
        QVERIFY(r.finished);
    }

    void imagenetInitLoadsAndFreezesTheBackbone() {
        // A tiny "ImageNet" classifier checkpoint, as `amr import-weights` writes them.
        auto io = amr::nn::ResNetOptions::imagenet(50, amr::nn::ResNetLayout::kTorchvision);
        io.base_width = 8;
        io.blocks = {1, 1, 1, 1};
        io.num_classes = 5;
        torch::manual_seed(11);
        amr::nn::ResNet imagenet(io);
        amr::nn::ModelMeta meta;
        meta.architecture = "resnet";
        meta.backbone = io;
        meta.num_classes = io.num_classes;
        const fs::path file = out("tiny_imagenet.pt");
        amr::nn::save_checkpoint(file, *imagenet, meta);

        auto o = tiny("init.pt");
        o.init = file.string();
        o.epochs = 1;
        QVERIFY(train_irn(o, {}).finished);
        // The backbone is the ImageNet one, unchanged by training (it is frozen).
        const auto trained = amr::nn::read_checkpoint(o.output).tensors;
        int compared = 0;
        for (const auto& [name, t] : amr::nn::named_state(*imagenet)) {
            if (name.rfind("fc.", 0) == 0)
                continue;
            for (const auto& [tname, tt] : trained)
                if (tname == "backbone." + name) {
                    QVERIFY2(torch::equal(tt, t), tname.c_str());
                    ++compared;
                }
        }
        QVERIFY(compared > 20);
    }

    void badInputNamesTheFile() {
        auto o = tiny("e.pt");
        o.seeds = out("no-seeds");
        QVERIFY(contains(error_of([&] { train_irn(o, {}); }), "no-seeds"));
        fs::create_directories(out("few-seeds"));
        fs::copy_file(seeds_ / "demo_000001.png", out("few-seeds") / "demo_000001.png");
        o.seeds = out("few-seeds");
        auto msg = error_of([&] { train_irn(o, {}); });
        QVERIFY2(contains(msg, "few-seeds") && contains(msg, "make-seeds"), msg.c_str());
        // A seed PNG of the wrong size.
        fs::create_directories(out("bad-seeds"));
        for (const auto& e : fs::directory_iterator(seeds_))
            amr::data::write_label_png(out("bad-seeds") / e.path().filename(),
                                       cv::Mat(10, 10, CV_8UC1, cv::Scalar(0)));
        o.seeds = out("bad-seeds");
        msg = error_of([&] { train_irn(o, {}); });
        QVERIFY2(contains(msg, "bad-seeds") && contains(msg, "10×10"), msg.c_str());
        QVERIFY(contains(error_of([&] { load_irn(out("none.pt")); }), "none.pt"));
    }
};

QTEST_GUILESS_MAIN(TestTrainIrn)
#include "test_train_irn.moc"
