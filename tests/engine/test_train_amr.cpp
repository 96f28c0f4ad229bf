// train_amr (docs/method.md §3.4): parameter groups, which parts a step may change, the trained
// checkpoint, and the `amr train-cam` / `amr train-amr` commands.

#include "engine/core/error.h"
#include "engine/data/demo_data.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"
#include "engine/train/losses.h"
#include "engine/train/stages.h"
#include "engine/train/train.h"

#include <QTemporaryDir>
#include <QTest>
#include <algorithm>
#include <map>

#include "support/test_support.h"

using namespace amr::train;
namespace fs = std::filesystem;

namespace {

amr::nn::ResNetOptions tiny_backbone() {
    auto o = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kTorchvision);
    o.base_width = 8;
    o.blocks = {1, 1, 1, 1};
    return o;
}

std::map<std::string, torch::Tensor> snapshot(const torch::nn::Module& m) {
    std::map<std::string, torch::Tensor> out;
    for (auto& [name, t] : amr::nn::named_state(m))
        out[name] = t.detach().clone();
    return out;
}

std::map<std::string, torch::Tensor> as_map(const amr::nn::NamedTensors& tensors) {
    std::map<std::string, torch::Tensor> out;
    for (auto& [name, t] : tensors)
        out[name] = t;
    return out;
}

bool starts(const std::string& s, const std::string& p) {
    return s.rfind(p, 0) == 0;
}

template <class O>
void make_tiny(O& o, const fs::path& data, const fs::path& out) {
    o.dataset = data;
    o.output = out;
    o.init = "none";
    o.layout = "torchvision";
    o.base_width = 8;
    o.blocks = {1, 1, 1, 1};
    o.crop = 64;
    o.batch = 4;
    o.epochs = 1;
    o.device = "cpu";
}

}  // namespace

class TestTrainAmr : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    fs::path data_;
    fs::path cam_;

    fs::path out(const std::string& name) { return fs::path(dir_.path().toStdString()) / name; }

    // The paper preset on the tiny data, changed by `edit`, trained to the end; its checkpoint.
    template <class Edit>
    amr::nn::Checkpoint train_tiny(const std::string& name, Edit edit, amr::nn::ModelMeta& meta) {
        auto o = TrainAmrOptions::preset("paper");
        make_tiny(o, data_, out(name));
        o.cam = cam_;
        edit(o);
        auto r = train_amr(o, {});
        if (!r.finished)
            throw std::runtime_error(name + ": training did not finish");
        auto ck = amr::nn::read_checkpoint(r.output);
        meta = amr::nn::parse_model_meta(ck.metadata, r.output);
        return ck;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::set_num_threads(2);
        amr::data::DemoDataOptions d;
        d.output = out("demo");
        d.train_images = 8;
        d.val_images = 2;
        d.canvas_size = 64;
        d.min_items = 1;
        d.max_items = 2;
        data_ = amr::data::make_demo_data(d).root;
        TrainCamOptions c = TrainCamOptions::preset("paper");
        make_tiny(c, data_, out("cam.pt"));
        cam_ = train_cam(c, {}).output;
        QVERIFY(fs::exists(cam_));
    }

    void groupsFollowTheSpec() {
        amr::nn::AmrNetOptions ao;
        ao.backbone = tiny_backbone();
        ao.num_classes = 10;
        amr::nn::AmrNet net(ao);
        auto o = TrainAmrOptions::preset("official");
        Sgd sgd(o.momentum, o.weight_decay);
        add_amr_groups(sgd, net, o);
        auto& g = sgd.groups();
        QCOMPARE(g.size(), std::size_t(3));
        QCOMPARE(g[0].base_lr, 0.01);
        QCOMPARE(g[1].base_lr, 0.1);
        QCOMPARE(g[2].base_lr, 0.01);
        auto has = [](const ParamGroup& grp, const std::string& n) {
            return std::find(grp.names.begin(), grp.names.end(), n) != grp.names.end();
        };
        QVERIFY(has(g[0], "spotlight.backbone.layer1.0.conv1.weight"));
        QVERIFY(has(g[1], "compensation.backbone.layer2.0.conv1.weight"));
        bool amm = false;
        for (auto& n : g[1].names)
            amm = amm || n.find(".amm.") != std::string::npos;
        QVERIFY(amm);
        QCOMPARE(g[2].names, (std::vector<std::string>{"spotlight.classifier.weight",
                                                       "compensation.classifier.weight"}));
        for (auto& grp : g)  // the stems are frozen
            for (auto& n : grp.names)
                QVERIFY2(n.find("backbone.conv1") == std::string::npos, n.c_str());
    }

    void demoFreezesCompensationAndSpotlightClassifier() {
        amr::nn::AmrNetOptions ao;
        ao.backbone = tiny_backbone();
        ao.num_classes = 10;
        amr::nn::AmrNet net(ao);
        auto o = TrainAmrOptions::preset("demo");
        Sgd sgd(o.momentum, o.weight_decay);
        add_amr_groups(sgd, net, o);
        auto& g = sgd.groups();
        // W_s has its own group once its rate differs from W_c's.
        QCOMPARE(g.size(), std::size_t(4));
        QCOMPARE(g[2].name, std::string("classifier"));
        QCOMPARE(g[2].names, (std::vector<std::string>{"compensation.classifier.weight"}));
        QCOMPARE(g[3].name, std::string("classifier_s"));
        QCOMPARE(g[3].names, (std::vector<std::string>{"spotlight.classifier.weight"}));
        // A group at rate 0 is frozen outright: no gradient is computed for it.
        for (const auto& p : g[1].params)
            QVERIFY(!p.requires_grad());
        for (const auto& p : g[3].params)
            QVERIFY(!p.requires_grad());
        for (const auto& p : g[2].params)
            QVERIFY(p.requires_grad());
        Batch b{torch::randn({2, 3, 64, 64}), (torch::rand({2, 10}) > 0.7).to(torch::kFloat32)};
        LossTerms terms;
        net->train();
        amr_loss(net, b, o, terms).backward();
        QVERIFY(!g[1].params[0].grad().defined());
        QVERIFY(g[2].params[0].grad().defined());
    }

    void aStepChangesOnlyTheTrainableParts() {
        for (const char* mode : {"own", "flip-merge"}) {
            amr::nn::AmrNetOptions ao;
            ao.backbone = tiny_backbone();
            ao.num_classes = 10;
            amr::nn::AmrNet net(ao);
            net->train();
            auto o = TrainAmrOptions::preset("official");  // W_s learns through CPS there
            o.cps_mode = mode;
            Sgd sgd(o.momentum, o.weight_decay);
            add_amr_groups(sgd, net, o);
            auto before = snapshot(*net);
            Batch b{torch::randn({4, 3, 64, 64}), (torch::rand({4, 10}) > 0.7).to(torch::kFloat32)};
            LossTerms terms;
            auto loss = amr_loss(net, b, o, terms);
            QCOMPARE(terms.size(), std::size_t(3));
            QCOMPARE(o.weight_cls_s, 0.5);  // official: 0.5 / 0.5 / 0.05
            double want = 0.5 * terms[0].second.item<double>() +
                          0.5 * terms[1].second.item<double>() +
                          0.05 * terms[2].second.item<double>();
            QVERIFY(std::abs(loss.item<double>() - want) < 1e-5);
            loss.backward();
            sgd.step();
            auto after = snapshot(*net);
            for (auto& [name, t] : before) {
                // BatchNorm statistics are updated by every forward; they are not trained.
                if (!t.is_floating_point() || name.find("running_") != std::string::npos)
                    continue;
                bool same = torch::equal(t, after[name]);
                bool frozen = starts(name, "spotlight.backbone.") ||
                              starts(name, "compensation.backbone.conv1") ||
                              starts(name, "compensation.backbone.bn1") ||
                              starts(name, "compensation.backbone.layer1.");
                if (frozen)
                    QVERIFY2(same, name.c_str());
            }
            QVERIFY(!torch::equal(before["spotlight.classifier.weight"],
                                  after["spotlight.classifier.weight"]));
            QVERIFY(!torch::equal(before["compensation.classifier.weight"],
                                  after["compensation.classifier.weight"]));
            QVERIFY(!torch::equal(before["compensation.backbone.layer3.0.conv2.weight"],
                                  after["compensation.backbone.layer3.0.conv2.weight"]));
            QVERIFY(
                !torch::equal(before["compensation.backbone.layer4.0.amm.ChannelAMM.mlp.1.weight"],
                              after["compensation.backbone.layer4.0.amm.ChannelAMM.mlp.1.weight"]));
        }
    }

    void trainsFromTheCamCheckpoint() {
        auto o = TrainAmrOptions::preset("official");
        make_tiny(o, data_, out("amr.pt"));
        o.cam = cam_;
        o.epochs = 2;
        std::vector<TrainProgress> steps;
        auto r = train_amr(o, {}, [&](const TrainProgress& p) { steps.push_back(p); });
        QVERIFY(r.finished);
        QCOMPARE(steps.size(), std::size_t(4));
        QCOMPARE(steps[0].terms.size(), std::size_t(3));
        QCOMPARE(steps[0].terms[2].first, std::string("cps"));
        auto ck = amr::nn::read_checkpoint(r.output);
        auto meta = amr::nn::parse_model_meta(ck.metadata, r.output);
        QCOMPARE(meta.architecture, std::string("amr"));
        auto trained = as_map(ck.tensors);
        auto cam = as_map(amr::nn::read_checkpoint(cam_).tensors);
        // The spotlight backbone is the train-cam one, untouched; W_s moved (CPS only).
        for (auto& [name, t] : cam) {
            auto it = trained.find("spotlight." + name);
            QVERIFY2(it != trained.end(), name.c_str());
            if (starts(name, "backbone."))
                QVERIFY2(torch::equal(t, it->second), name.c_str());
        }
        QVERIFY(!torch::equal(cam["classifier.weight"], trained["spotlight.classifier.weight"]));
        // The compensation stem and layer1 keep their (seeded random) initialisation.
        torch::manual_seed(o.seed);
        amr::nn::AmrNetOptions ao;
        ao.backbone = tiny_backbone();
        ao.num_classes = 10;
        amr::nn::AmrNet init(ao);
        for (auto& [name, t] : amr::nn::named_state(*init)) {
            if (!t.is_floating_point() || name.find(".bn.running") != std::string::npos)
                continue;
            if (starts(name, "compensation.backbone.layer1.") ||
                starts(name, "compensation.backbone.conv1"))
                QVERIFY2(torch::equal(t, trained[name]), name.c_str());
            if (starts(name, "compensation.backbone.layer2.0.conv1"))
                QVERIFY(!torch::equal(t, trained[name]));
        }
        // A wrong checkpoint is named.
        o.cam = out("amr.pt");
        o.output = out("amr2.pt");
        try {
            train_amr(o, {});
            QFAIL("no error");
        } catch (const amr::Error& e) {
            QVERIFY(std::string(e.what()).find("amr.pt") != std::string::npos);
            QVERIFY(std::string(e.what()).find("not a spotlight") != std::string::npos);
        }
    }

    // --erase-top: the compensation branch sees zeros where the spotlight's CAM of a tagged class
    // peaks, and nothing else changes; the option reaches the checkpoint's options.
    void eraseTopHidesTheSpotlightPeaksFromTheCompensation() {
        amr::nn::AmrNetOptions ao;
        ao.backbone = tiny_backbone();
        ao.num_classes = 10;
        amr::nn::AmrNet net(ao);
        net->train();
        auto x = torch::randn({2, 3, 64, 64});
        auto tags = torch::zeros({2, 10});
        tags.index_put_({0, 3}, 1.0);
        tags.index_put_({1, 7}, 1.0);
        auto o = TrainAmrOptions::preset("paper");
        o.erase_top = 0.5;
        torch::Tensor seen;
        auto keep = [&](const torch::Tensor& cam_s) {
            seen = spotlight_keep_mask(cam_s, tags, o.erase_top);
            return seen;
        };
        torch::manual_seed(3);
        auto plain = net->forward(x);
        torch::manual_seed(3);
        auto erased = net->forward(x, keep);
        QVERIFY(seen.defined());
        QCOMPARE(seen.size(2), plain.cam_s.size(2));
        double hidden = 1 - seen.mean().item<double>();
        QVERIFY2(hidden > 0 && hidden < 1, std::to_string(hidden).c_str());
        // The spotlight is untouched, the compensation changed.
        QVERIFY(torch::equal(plain.cam_s, erased.cam_s));
        QVERIFY(!torch::allclose(plain.logits_c, erased.logits_c));
        // A keep mask of ones is the plain run.
        torch::manual_seed(3);
        auto ones = net->forward(x, [](const torch::Tensor& c) {
            return torch::ones({c.size(0), 1, c.size(2), c.size(3)});
        });
        QVERIFY(torch::allclose(plain.logits_c, ones.logits_c, 1e-5, 1e-6));

        // A whole run: the same seed without erasing trains another compensation branch.
        amr::nn::ModelMeta meta;
        auto with = as_map(train_tiny(
                               "erase.pt", [](TrainAmrOptions& t) { t.erase_top = 0.6; }, meta)
                               .tensors);
        auto without = as_map(train_tiny(
                                  "plain.pt", [](TrainAmrOptions&) {}, meta)
                                  .tensors);
        const std::string wc = "compensation.classifier.weight";
        QVERIFY(!torch::allclose(with[wc], without[wc]));
        QVERIFY(torch::equal(with["spotlight.classifier.weight"],
                             without["spotlight.classifier.weight"]));
        QVERIFY(to_json(o).find("\"erase_top\":0.5") != std::string::npos);
        make_tiny(o, data_, out("bad.pt"));
        o.cam = cam_;
        o.erase_top = 1.5;
        try {
            o.check();
            QFAIL("erase_top 1.5 was accepted");
        } catch (const amr::Error& e) {
            QVERIFY2(std::string(e.what()).find("erase_top") != std::string::npos, e.what());
        }
    }

    // The ablation's "+CPS" row: a compensation branch without AMMs, recorded in the checkpoint,
    // so that the network read back for CAMs has no AMMs either.
    void withoutAmmsTheCompensationIsAPlainResNet() {
        auto o = TrainAmrOptions::preset("paper");
        make_tiny(o, data_, out("noamm.pt"));
        o.cam = cam_;
        o.amm = false;
        auto r = train_amr(o, {});
        QVERIFY(r.finished);
        auto ck = amr::nn::read_checkpoint(r.output);
        auto meta = amr::nn::parse_model_meta(ck.metadata, r.output);
        QCOMPARE(meta.compensation_amm, false);
        int compensation = 0;
        for (auto& [name, t] : ck.tensors) {
            QVERIFY2(name.find(".amm.") == std::string::npos, name.c_str());
            compensation += starts(name, "compensation.backbone.") ? 1 : 0;
        }
        QVERIFY(compensation > 0);
        // `paper` keeps the stage-1 spotlight whole: W_s is frozen (docs/method.md §10.2).
        auto trained = as_map(ck.tensors);
        auto cam = as_map(amr::nn::read_checkpoint(cam_).tensors);
        QVERIFY(torch::equal(cam["classifier.weight"], trained["spotlight.classifier.weight"]));
        auto back = amr::nn::amr_net_options(meta, r.output);
        QCOMPARE(back.compensation_amm, false);
        amr::nn::AmrNet net(back);
        amr::nn::StateLoadOptions strict;
        amr::nn::load_state(*net, ck.tensors, r.output, strict);  // throws on any mismatch
        // An earlier checkpoint (no such key) keeps its AMMs.
        auto old = amr::nn::parse_model_meta(R"({"architecture": "amr", "backbone": {}})", "x.pt");
        QCOMPARE(old.compensation_amm, true);
        QVERIFY(to_json(o).find("\"amm\":false") != std::string::npos);
    }

    // --amm-start identity: every AMM has a blend weight that starts at 0 and trains (except in
    // layer1, which gets no gradient, docs/method.md §8.9); the checkpoint says so, and the network
    // rebuilt from it for make-cam loads every tensor.
    void identityStartAmmsTrainAndLoadBack() {
        amr::nn::ModelMeta meta;
        auto ck = train_tiny(
            "ident.pt", [](TrainAmrOptions& o) { o.amm_start = "identity"; }, meta);
        QCOMPARE(meta.backbone.amm.identity_start, true);
        int mixes = 0, moved = 0;
        for (auto& [name, t] : ck.tensors) {
            if (!name.ends_with(".amm.mix"))
                continue;
            ++mixes;
            QVERIFY2(starts(name, "compensation.backbone."), name.c_str());
            const float m = t.item<float>();
            if (starts(name, "compensation.backbone.layer1."))
                QCOMPARE(m, 0.0f);
            else
                moved += m != 0.0f ? 1 : 0;
        }
        QCOMPARE(mixes, 4);  // one block per stage in the tiny net
        QCOMPARE(moved, 3);
        amr::nn::AmrNet net(amr::nn::amr_net_options(meta, out("ident.pt")));
        amr::nn::StateLoadOptions strict;
        amr::nn::load_state(*net, ck.tensors, out("ident.pt"), strict);  // throws on any mismatch
    }

    // --amm-stats sample: the checkpoint says the AMMs use each image's own statistics, and the
    // network make-cam rebuilds from it does too, so training and inference gate alike.
    void perSampleAmmStatsReachTheCheckpoint() {
        amr::nn::ModelMeta meta;
        auto ck = train_tiny(
            "sample.pt", [](TrainAmrOptions& o) { o.amm_stats = "sample"; }, meta);
        QCOMPARE(meta.backbone.amm.per_sample_stats, true);
        auto back = amr::nn::amr_net_options(meta, out("sample.pt"));
        QCOMPARE(back.amm.per_sample_stats, true);
        amr::nn::AmrNet net(back);
        amr::nn::StateLoadOptions strict;
        amr::nn::load_state(*net, ck.tensors, out("sample.pt"), strict);
        auto o = TrainAmrOptions::preset("paper");
        make_tiny(o, data_, out("bad.pt"));
        o.cam = cam_;
        o.check();
        o.amm_stats = "instance";
        try {
            o.check();
            QFAIL("amm_stats 'instance' was accepted");
        } catch (const amr::Error& e) {
            QVERIFY2(std::string(e.what()).find("amm_stats") != std::string::npos, e.what());
        }
    }

    void cli() {
        using amr::test::run_cli;
        auto help = run_cli({"train-cam", "--help"});
        QCOMPARE(help.exit_code, 0);
        QVERIFY(help.out.contains("--preset"));
        QVERIFY(help.out.contains("--resume"));
        auto amr_help = run_cli({"train-amr", "--help"});
        QCOMPARE(amr_help.exit_code, 0);
        QVERIFY(amr_help.out.contains("--no-amm"));
        QString data = QString::fromStdString(data_.string());
        QString cam = QString::fromStdString(out("cli_cam.pt").string());
        QCOMPARE(run_cli({"train-cam", data, cam, "--preset", "fast"}).exit_code, 2);
        QCOMPARE(run_cli({"train-amr", data, cam}).exit_code, 2);  // --cam missing
        amr::test::write_text(out("bad.json"), R"({"epoch": 2})");
        auto bad = run_cli(
            {"train-cam", data, cam, "--config", QString::fromStdString(out("bad.json").string())});
        QCOMPARE(bad.exit_code, 1);
        QVERIFY(bad.err.contains("unknown training option 'epoch'"));
        amr::test::write_text(out("ok.json"), R"({"crop": 64, "batch": 4})");
        auto ok = run_cli({"train-cam", data, cam, "--tiny", "--epochs", "1", "--device", "cpu",
                           "--config", QString::fromStdString(out("ok.json").string())});
        QCOMPARE(ok.exit_code, 0);
        QVERIFY(ok.out.contains("wrote"));
        QVERIFY(fs::exists(out("cli_cam.pt")));
        QVERIFY(fs::exists(out("cli_cam.pt.metrics.jsonl")));
        QString amr_out = QString::fromStdString(out("cli_amr.pt").string());
        auto stop = run_cli({"train-amr", data, amr_out, "--cam", cam, "--tiny", "--crop", "64",
                             "--batch", "4", "--epochs", "2", "--max-steps", "1"});
        QCOMPARE(stop.exit_code, 0);
        QVERIFY(stop.out.contains("--resume"));
        QVERIFY(fs::exists(out("cli_amr.pt.resume.pt")));
        auto rest = run_cli({"train-amr", data, amr_out, "--cam", cam, "--tiny", "--crop", "64",
                             "--batch", "4", "--epochs", "2", "--resume", "--momentum", "0.5"});
        QCOMPARE(rest.exit_code, 1);  // another momentum than the stopped run's
        QVERIFY(rest.err.contains("'momentum'"));
        rest = run_cli({"train-amr", data, amr_out, "--cam", cam, "--tiny", "--crop", "64",
                        "--batch", "4", "--epochs", "2", "--resume", "--loader-threads", "3"});
        QCOMPARE(rest.exit_code, 0);
        QVERIFY(fs::exists(out("cli_amr.pt")));
        QVERIFY(!fs::exists(out("cli_amr.pt.resume.pt")));
    }
};

QTEST_GUILESS_MAIN(TestTrainAmr)
#include "test_train_amr.moc"
