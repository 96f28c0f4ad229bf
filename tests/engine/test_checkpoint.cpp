// Our checkpoint format (round trip, metadata, errors that name the file, key and shapes),
// name-based loading with key maps (official AMR keys with their aliases), and the tar reader.

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/key_maps.h"
#include "engine/nn/tar_reader.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <fstream>

#include "support/test_support.h"

using namespace amr::nn;
namespace fs = std::filesystem;

namespace {

ResNetOptions tiny_backbone() {
    ResNetOptions o = ResNetOptions::cam(50, ResNetLayout::kTorchvision);
    o.blocks = {1, 1, 1, 1};
    o.base_width = 8;
    return o;
}

SpotlightNet tiny_spotlight(int64_t classes = 5) {
    SpotlightOptions o;
    o.backbone = tiny_backbone();
    o.num_classes = classes;
    return SpotlightNet(o);
}

AmrNet tiny_amr() {
    AmrNetOptions o;
    o.backbone = tiny_backbone();
    o.num_classes = 5;
    return AmrNet(o);
}

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

}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        torch::manual_seed(1);
    }

    void roundTrip() {
        auto a = tiny_spotlight();
        ModelMeta meta;
        meta.architecture = "spotlight";
        meta.backbone = a->options().backbone;
        meta.num_classes = 5;
        meta.labels = {"a", "b", "c", "d", "e"};
        meta.provenance = "test";
        const fs::path file = path("sub/dir/spot.pt");  // parent folders are created
        save_checkpoint(file, *a, meta);
        QVERIFY(fs::exists(file));

        auto ck = read_checkpoint(file);
        QCOMPARE(ck.tensors.size(), named_state(*a).size());
        auto back = parse_model_meta(ck.metadata, file);
        QCOMPARE(back.architecture, std::string("spotlight"));
        QCOMPARE(back.labels, meta.labels);
        QCOMPARE(back.backbone.stage_blocks(), (std::array<int, 4>{1, 1, 1, 1}));
        QCOMPARE(back.backbone.base_width, int64_t{8});
        QCOMPARE(back.backbone.strides, (std::array<int, 4>{1, 2, 2, 1}));

        auto b = tiny_spotlight();
        auto report = load_state(*b, ck.tensors, file);
        QCOMPARE(report.loaded.size(), ck.tensors.size());
        QVERIFY(report.missing.empty());
        auto sa = named_state(*a), sb = named_state(*b);
        for (std::size_t i = 0; i < sa.size(); ++i) {
            QCOMPARE(sa[i].first, sb[i].first);
            QVERIFY2(torch::equal(sa[i].second, sb[i].second), sa[i].first.c_str());
        }
        // Frozen stem stays frozen after loading.
        QVERIFY(!b->backbone->conv1->weight.requires_grad());
        torch::NoGradGuard g;
        auto x = torch::randn({1, 3, 40, 40});
        QVERIFY(torch::equal(a->cam(x), b->cam(x)));
    }

    void amrMetaRoundTrip() {
        AmrNetOptions o;
        o.backbone = tiny_backbone();
        o.backbone.layout = ResNetLayout::kCaffe;
        o.amm.spatial_bn_batch_stats = false;
        o.amm.sigma_floor = 1e-4;
        o.num_classes = 5;
        AmrNet a(o);
        const fs::path file = path("amr.pt");
        save_checkpoint(file, *a, amr_meta(o));
        auto ck = read_checkpoint(file);
        auto meta = parse_model_meta(ck.metadata, file);
        auto back = amr_net_options(meta, file);
        QCOMPARE(back.backbone.layout, ResNetLayout::kCaffe);
        QCOMPARE(back.backbone.effective_bn_eps(), 1e-3);
        QCOMPARE(back.amm.spatial_bn_batch_stats, false);
        QCOMPARE(back.amm.sigma_floor, 1e-4);
        QCOMPARE(back.num_classes, int64_t{5});
        AmrNet b(back);
        QCOMPARE(load_state(*b, ck.tensors, file).loaded.size(), named_state(*a).size());
        QVERIFY(contains(error_of([&] { spotlight_options(meta, file); }),
                         "amr.pt: is a checkpoint of architecture 'amr', not a spotlight"));
    }

    void shapeMismatchNamesKeyAndShapes() {
        const fs::path file = path("five.pt");
        save_checkpoint(file, *tiny_spotlight(5), ModelMeta{});
        auto ck = read_checkpoint(file);
        auto seven = tiny_spotlight(7);
        auto before = seven->classifier->weight.clone();
        std::string msg = error_of([&] { load_state(*seven, ck.tensors, file); });
        QVERIFY2(contains(msg, file.string()), msg.c_str());
        QVERIFY2(contains(msg, "'classifier.weight'"), msg.c_str());
        QVERIFY2(contains(msg, "[5, 256, 1, 1]"), msg.c_str());
        QVERIFY2(contains(msg, "[7, 256, 1, 1]"), msg.c_str());
        QVERIFY(torch::equal(seven->classifier->weight, before));  // untouched on failure
    }

    void missingAndUnexpectedKeys() {
        auto net = tiny_spotlight();
        auto state = named_state(*net);
        NamedTensors partial(state.begin() + 1, state.end());
        std::string msg = error_of([&] { load_state(*net, partial, "x.pt"); });
        QVERIFY2(contains(msg, "x.pt: tensor '" + state.front().first + "' is missing"),
                 msg.c_str());
        StateLoadOptions lax;
        lax.allow_missing = true;
        auto r = load_state(*net, partial, "x.pt", lax);
        QCOMPARE(r.missing, std::vector<std::string>{state.front().first});

        NamedTensors extra = state;
        extra.emplace_back("head.weight", torch::zeros({2}));
        msg = error_of([&] { load_state(*net, extra, "y.pt"); });
        QVERIFY2(contains(msg, "y.pt: tensor 'head.weight' has no counterpart"), msg.c_str());
        lax.allow_unexpected = true;
        QCOMPARE(load_state(*net, extra, "y.pt", lax).unexpected,
                 std::vector<std::string>{"head.weight"});
    }

    void notACheckpoint() {
        const fs::path junk = path("junk.pt");
        amr::test::write_text(junk, "hello");
        QVERIFY(contains(error_of([&] { read_checkpoint(junk); }), "junk.pt: is not an AMR"));
        QVERIFY(contains(error_of([&] { read_checkpoint(path("absent.pt")); }), "absent.pt"));
        // A pickled dict that is not ours.
        c10::Dict<std::string, torch::Tensor> d;
        d.insert("w", torch::zeros({1}));
        auto bytes = torch::pickle_save(d);
        const fs::path other = path("other.pt");
        amr::test::write_text(other, std::string(bytes.begin(), bytes.end()));
        QVERIFY(
            contains(error_of([&] { read_checkpoint(other); }), "not an AMR Studio checkpoint"));
        QVERIFY(contains(error_of([&] { parse_model_meta("{\"architecture\": 3}", "m.pt"); }),
                         "m.pt: checkpoint metadata"));
    }

    // An official res50_amr-style state dict (docs/method.md §2.6): canonical keys plus aliases and
    // the FixedBN counters; official_amr_keys() fills every tensor and drops the rest.
    void officialAmrKeys() {
        auto src = tiny_amr();
        NamedTensors official;
        std::size_t dropped = 0;
        for (auto& [name, t] : named_state(*src)) {
            std::string key = name;
            auto replace = [&](const std::string& from, const std::string& to) {
                if (key.rfind(from, 0) == 0)
                    key = to + key.substr(from.size());
            };
            replace("spotlight.backbone.", "resnet50.");
            replace("compensation.backbone.", "resnet50_2.");
            replace("spotlight.classifier.", "classifier.");
            replace("compensation.classifier.", "classifier2.");
            official.emplace_back(key, t.clone());
            if (key.find("running_var") != std::string::npos &&
                key.find(".amm.") == std::string::npos) {
                official.emplace_back(key.substr(0, key.size() - 11) + "num_batches_tracked",
                                      torch::tensor(int64_t{7}));
                ++dropped;
            }
        }
        for (const char* alias :
             {"stage1.0.weight", "stage2_1.0.weight", "backbone2.0.0.conv1.weight",
              "newly_added.0.weight", "newly_added.1.weight"}) {
            official.emplace_back(alias, torch::zeros({1}));
            ++dropped;
        }
        QVERIFY(std::any_of(official.begin(), official.end(), [](auto& p) {
            return p.first == "resnet50_2.layer1.0.amm.ChannelAMM.mlp.1.weight";
        }));
        auto dst = tiny_amr();
        auto report = load_state(*dst, official, "res50_amr.pth", {official_amr_keys()});
        QCOMPARE(report.ignored, dropped);
        QCOMPARE(report.loaded.size(), named_state(*dst).size());
        auto a = named_state(*src), b = named_state(*dst);
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY(torch::equal(a[i].second, b[i].second));

        // train_amr's initialisation: a res50_cam checkpoint into the spotlight half.
        NamedTensors cam;
        for (auto& [name, t] : named_state(*src->spotlight))
            cam.emplace_back(name.rfind("backbone.", 0) == 0 ? "resnet50." + name.substr(9) : name,
                             t);
        cam.emplace_back("stage3.0.0.conv1.weight", torch::zeros({1}));
        StateLoadOptions o{official_cam_keys("spotlight."), /*allow_missing=*/true};
        auto r = load_state(*tiny_amr(), cam, "res50_cam.pth", o);
        QCOMPARE(r.loaded.size(), named_state(*src->spotlight).size());
        QCOMPARE(r.ignored, std::size_t{1});

        // torchvision names into a backbone: fc dropped.
        NamedTensors tv;
        for (auto& [name, t] : named_state(*src->spotlight->backbone))
            tv.emplace_back(name, t);
        tv.emplace_back("fc.weight", torch::zeros({1000, 256}));
        tv.emplace_back("bn1.num_batches_tracked", torch::tensor(int64_t{0}));
        auto spot = tiny_spotlight();
        StateLoadOptions tvo{torchvision_resnet_keys("backbone."), true};
        auto rt = load_state(*spot, tv, "resnet50.pth", tvo);
        QCOMPARE(rt.ignored, std::size_t{2});
        QCOMPARE(rt.missing, std::vector<std::string>{"classifier.weight"});
    }

    void tarReader() {
        // Written by the system tar (gzip and plain), read by ours.
        const fs::path root = path("tree");
        amr::test::write_text(root / "package/a.txt", "alpha");
        const std::string long_dir(120, 'd');  // beyond the 100-byte ustar name field
        amr::test::write_text(root / "package" / long_dir / "b.bin", std::string(1000, 'x'));
        const std::string cmd = "tar -C '" + root.string() + "' -czf '" + path("t.tgz").string() +
                                "' package && tar -C '" + root.string() + "' -cf '" +
                                path("t.tar").string() + "' package";
        if (std::system(cmd.c_str()) != 0)
            QSKIP("the system tar is not available");
        for (const char* name : {"t.tgz", "t.tar"}) {
            auto entries = read_tar(path(name));
            std::map<std::string, std::string> m;
            for (auto& e : entries)
                m[e.name] = e.data;
            QCOMPARE(m.size(), std::size_t{2});
            QCOMPARE(m["package/a.txt"], std::string("alpha"));
            QCOMPARE(m["package/" + long_dir + "/b.bin"], std::string(1000, 'x'));
            auto only = read_tar(path(name), [](const std::string& n) {
                return n.size() > 4 && n.substr(n.size() - 4) == ".txt";
            });
            QCOMPARE(only.size(), std::size_t{1});
        }
        // Truncated archive.
        std::string bytes = amr::read_file(path("t.tar"));
        amr::test::write_text(path("cut.tar"), bytes.substr(0, 700));
        QVERIFY(contains(error_of([&] { read_tar(path("cut.tar")); }),
                         "cut.tar: the archive is truncated"));
    }

private:
    fs::path path(const std::string& name) const {
        return fs::path(dir_.path().toStdString()) / name;
    }
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
