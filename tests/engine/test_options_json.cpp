// The one JSON mechanism of options structs (engine/core/options_json.h) and the key sets each
// stage accepts through it: an unknown key is refused with a message naming it and the file,
// a wrong type names the key, a refused apply leaves the options as they were, and train-irn and
// train-deeplab keep leaving out the classification augmentation keys.

// Torch headers come before Qt's (Qt's `slots` macro breaks them).
#include "engine/core/error.h"
#include "engine/core/options_json.h"
#include "engine/deeplab/train_deeplab.h"
#include "engine/pipeline/stage_json.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/train_irn.h"
#include "engine/train/train_options.h"

#include <QtTest>
#include <set>

#include "support/test_support.h"

namespace fs = std::filesystem;
using amr::test::error_of;
using Keys = std::set<std::string>;

namespace {

struct Toy {
    int n = 1;
    double x = 0.5;
    std::string name = "a";
    fs::path file = "f.txt";
    std::vector<double> v{1.0, 2.0};
};

template <class F>
void toy_fields(Toy& t, F&& f) {
    f("n", t.n);
    f("x", t.x);
    f("name", t.name);
    f("file", t.file);
    f("v", t.v, true);  // an extra argument (like stage_json's project-bound flag) is ignored
}

constexpr auto kToy = [](auto& t, auto&& f) { toy_fields(t, f); };
const amr::options_json::Names kToyNames{"toy options", "toy option"};

Keys keys_of(const std::string& json) {
    Keys k;
    const nlohmann::json j = nlohmann::json::parse(json);
    for (const auto& [key, value] : j.items())
        k.insert(key);
    return k;
}

const Keys kCommon{"dataset", "split",  "output",       "init",     "metrics",
                   "depth",   "layout", "base_width",   "blocks",   "batch",
                   "crop",    "epochs", "weight_decay", "momentum", "poly_power",
                   "flip",    "seed",   "device",       "resume",   "max_steps"};
const Keys kClassification{"scale_min", "scale_max", "scale_reference", "color_jitter",
                           "cutout",    "cutmix",    "loader_threads",  "prefetch"};

Keys operator+(Keys a, const Keys& b) {
    a.insert(b.begin(), b.end());
    return a;
}

bool says(const QString& message, const char* text) {
    return message.contains(QString::fromUtf8(text));
}

}  // namespace

class TestOptionsJson : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void toyRoundTripAndRefusals() {
        using namespace amr::options_json;
        Toy t;
        apply(t, R"({"n": 3, "file": "g/h.png", "v": [0.25]})", "toy.json", kToyNames, kToy);
        QCOMPARE(t.n, 3);
        QCOMPARE(t.file, fs::path("g/h.png"));
        QCOMPARE(t.v, std::vector<double>{0.25});
        QCOMPARE(t.name, std::string("a"));  // keys not given keep their values
        const std::string text = dump(t, kToy);
        QCOMPARE(keys_of(text), (Keys{"n", "x", "name", "file", "v"}));
        QCOMPARE(nlohmann::json::parse(text)["file"], nlohmann::json("g/h.png"));
        Toy back;
        apply(back, text, "x", kToyNames, kToy);
        QCOMPARE(dump(back, kToy), text);

        // Refusals name the file and the key; nothing of a refused text is applied.
        Toy u;
        QString e =
            error_of([&] { apply(u, R"({"n": 7, "nn": 2})", "toy.json", kToyNames, kToy); });
        QVERIFY2(says(e, "toy.json: unknown toy option 'nn'"), qPrintable(e));
        QCOMPARE(u.n, 1);
        e = error_of([&] { apply(u, R"({"x": 0.1, "n": "three"})", "toy.json", kToyNames, kToy); });
        QVERIFY2(says(e, "toy.json: option 'n' has the wrong type (string)"), qPrintable(e));
        QCOMPARE(u.x, 0.5);
        e = error_of([&] { apply(u, "[1, 2]", "toy.json", kToyNames, kToy); });
        QVERIFY2(says(e, "toy.json: toy options must be a JSON object"), qPrintable(e));
        e = error_of([&] { apply(u, "{\"n\": ", "toy.json", kToyNames, kToy); });
        QVERIFY2(says(e, "toy.json: not valid JSON"), qPrintable(e));
    }

    void trainingStagesKeepTheirKeySets() {
        using namespace amr;
        const Keys cam = kCommon + kClassification + Keys{"lr_backbone", "lr_classifier"};
        QCOMPARE(keys_of(train::to_json(train::TrainCamOptions{})), cam);
        const Keys compensation{"amm_stats", "amm", "amm_gate", "amm_start", "erase_top"};
        const Keys amr_keys = kCommon + kClassification +
                              Keys{"cam",           "lr_spotlight",    "lr_compensation",
                                   "lr_classifier", "lr_classifier_s", "weight_cls_s",
                                   "weight_cls_c",  "weight_cps",      "cps_mode"} +
                              compensation;
        QCOMPARE(keys_of(train::to_json(train::TrainAmrOptions{})), amr_keys);
        const Keys irn =
            kCommon + Keys{"loader_threads",  "seeds",        "radius",    "lr_edge",
                           "lr_displacement", "displacement", "scale_low", "scale_high"};
        QCOMPARE(keys_of(refine::to_json(refine::TrainIrnOptions{})), irn);
        const Keys dl =
            kCommon + Keys{"labels",     "val_split", "lr",         "scales",    "iter_size",
                           "iterations", "val_every", "save_every", "val_scales"};
        QCOMPARE(keys_of(deeplab::to_json(deeplab::TrainDeeplabOptions{})), dl);
    }

    void unknownKeysAreRefusedByName() {
        using namespace amr;
        train::TrainCamOptions cam;
        QVERIFY(says(error_of([&] { train::apply_json(cam, R"({"epoch": 2})", "c.json"); }),
                     "c.json: unknown training option 'epoch'"));
        train::TrainAmrOptions amr_options;
        QVERIFY(
            says(error_of([&] { train::apply_json(amr_options, R"({"lr_edge": 1})", "a.json"); }),
                 "a.json: unknown training option 'lr_edge'"));
        refine::TrainIrnOptions irn;
        deeplab::TrainDeeplabOptions dl;
        // IRN and DeepLab have their own augmentation: the classification keys stay refused.
        for (const char* key : {"scale_min", "scale_max", "color_jitter", "cutout", "prefetch"}) {
            const std::string text = std::string("{\"") + key + "\": 1}";
            const QString ie = error_of([&] { refine::apply_json(irn, text, "i.json"); });
            QVERIFY2(
                says(ie, ("i.json: unknown train-irn option '" + std::string(key) + "'").c_str()),
                qPrintable(ie));
            const QString de = error_of([&] { deeplab::apply_json(dl, text, "d.json"); });
            QVERIFY2(
                says(
                    de,
                    ("d.json: unknown DeepLab training option '" + std::string(key) + "'").c_str()),
                qPrintable(de));
        }
        QVERIFY(
            says(error_of([&] { deeplab::apply_json(dl, R"({"loader_threads": 2})", "d.json"); }),
                 "unknown DeepLab training option 'loader_threads'"));
        refine::apply_json(irn, R"({"loader_threads": 3, "radius": 4})", "i.json");
        QCOMPARE(irn.loader_threads, 3);
        QCOMPARE(irn.radius, 4);

        refine::MakeSeedsOptions seeds;
        QVERIFY(says(error_of([&] { refine::apply_json(seeds, R"({"fg": 0.5})", "s.json"); }),
                     "s.json: unknown make-seeds option 'fg'"));
        QVERIFY(says(error_of([&] {
                         refine::apply_json(seeds, R"({"crf_options": {"iters": 3}})", "s.json");
                     }),
                     "s.json: unknown CRF option 'iters'"));
        refine::apply_json(seeds, R"({"alpha": 0.25, "crf_options": {"iterations": 3}})", "s.json");
        QCOMPARE(seeds.alpha, 0.25f);
        QCOMPARE(seeds.crf_options.iterations, 3);

        cam::MakeCamsOptions mc;
        QVERIFY(says(error_of([&] { pipeline::apply_stage_json(mc, R"({"scale": [1]})", "p"); }),
                     "p: unknown option 'scale'"));
    }

    void pipelineStagesLeaveOutProjectBoundKeys() {
        using namespace amr;
        refine::MakeSeedsOptions seeds;
        const Keys open = keys_of(pipeline::stage_to_json(seeds));
        const Keys full = keys_of(pipeline::stage_to_json(seeds, true));
        QVERIFY(!open.count("cam_store") && !open.count("output") && !open.count("overwrite"));
        QVERIFY(full.count("cam_store") && full.count("output") && full.count("overwrite"));
        QVERIFY(open.count("crf_iterations") && open.count("alpha"));
        // A project-bound key is still accepted when given.
        pipeline::apply_stage_json(seeds, R"({"output": "o", "crf_iterations": 2})", "p");
        QCOMPARE(seeds.output, fs::path("o"));
        QCOMPARE(seeds.crf_options.iterations, 2);
    }
};

QTEST_GUILESS_MAIN(TestOptionsJson)
#include "test_options_json.moc"
