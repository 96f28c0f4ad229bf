#include "engine/nn/tfjs_import.h"

#include <bit>
#include <cstring>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/nn/tar_reader.h"

namespace amr::nn {
namespace fs = std::filesystem;
namespace {

using json = nlohmann::json;

std::string join(const std::string& dir, const std::string& rel) {
    return (fs::path(dir) / rel).lexically_normal().generic_string();
}

std::string parent_dir(const std::string& path) {
    return fs::path(path).parent_path().generic_string();
}

// Files addressed by path: tar entry names, or real paths for a folder / model.json.
struct FileSet {
    std::function<std::optional<std::string>(const std::string&)> get;
    std::string model_json;  // path of model.json within the set
};

FileSet files_from_archive(const fs::path& archive) {
    auto entries = read_tar(
        archive, [](const std::string& n) { return n.ends_with(".json") || n.ends_with(".bin"); });
    auto map = std::make_shared<std::map<std::string, std::string>>();
    std::vector<std::string> models;
    for (auto& e : entries) {
        std::string name = fs::path(e.name).lexically_normal().generic_string();
        if (name.ends_with("/model.json") || name == "model.json")
            models.push_back(name);
        (*map)[name] = std::move(e.data);
    }
    if (models.empty())
        throw Error(archive, "holds no model.json (not a TF.js model package)");
    if (models.size() > 1)
        throw Error(archive, "holds several model.json files (" + models[0] + ", " + models[1] +
                                 "); unpack it and pass the model.json to import");
    FileSet set;
    set.model_json = models.front();
    set.get = [map](const std::string& p) -> std::optional<std::string> {
        auto it = map->find(p);
        if (it == map->end())
            return std::nullopt;
        return it->second;
    };
    return set;
}

FileSet files_from_disk(const fs::path& model_json) {
    FileSet set;
    set.model_json = model_json.lexically_normal().generic_string();
    set.get = [](const std::string& p) -> std::optional<std::string> {
        std::error_code ec;
        if (!fs::is_regular_file(p, ec))
            return std::nullopt;
        return read_file(p);
    };
    return set;
}

fs::path find_model_json(const fs::path& folder) {
    std::vector<fs::path> found;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        if (it.depth() >= 3)
            it.disable_recursion_pending();
        if (it->path().filename() == "model.json" && it->is_regular_file())
            found.push_back(*it);
    }
    if (found.empty())
        throw Error(folder, "no model.json found in this folder (TF.js model?)");
    if (found.size() > 1)
        throw Error(folder, "holds several model.json files (" + found[0].string() + ", " +
                                found[1].string() + "); pass the one to import");
    return found.front();
}

json parse_json(const std::string& text, const fs::path& where) {
    try {
        return json::parse(text);
    } catch (const std::exception& e) {
        throw Error(where, std::string("is not valid JSON: ") + e.what());
    }
}

std::vector<std::string> parse_labels(const std::string& text, const fs::path& where) {
    auto j = parse_json(text, where);
    if (!j.is_object() || j.empty())
        throw Error(where, "labels must be an object {\"0\": name, \"1\": name, ...}");
    std::vector<std::string> labels(j.size());
    for (std::size_t i = 0; i < labels.size(); ++i) {
        auto it = j.find(std::to_string(i));
        if (it == j.end() || !it->is_string())
            throw Error(where, "label " + std::to_string(i) + " is missing or not a string");
        labels[i] = it->get<std::string>();
    }
    return labels;
}

// A JSON array of whole numbers in [0, max]; json's own get<> would cast 1e300 or -1 silently.
std::vector<std::int64_t> int_list(const json& j, const std::string& what, std::int64_t max) {
    if (!j.is_array())
        throw json::type_error::create(302, what + " is not an array", &j);
    std::vector<std::int64_t> out;
    for (const auto& v : j) {
        if (!v.is_number_integer() ||
            (v.is_number_unsigned() ? v.get<std::uint64_t>() > std::uint64_t(max)
                                    : v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > max))
            throw json::type_error::create(302, what + " holds " + v.dump(), &v);
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

std::vector<KerasLayer> parse_layers(const json& topology) {
    const json* cfg = nullptr;
    if (topology.contains("model_config"))
        cfg = &topology.at("model_config").at("config");
    else
        cfg = &topology.at("config");
    std::vector<KerasLayer> layers;
    for (const auto& l : cfg->at("layers")) {
        KerasLayer k;
        k.class_name = l.value("class_name", "");
        const auto& c = l.at("config");
        k.name = c.value("name", "");
        if (c.contains("strides")) {
            for (auto s : int_list(c.at("strides"), "strides of layer '" + k.name + "'", 1 << 20))
                k.strides.push_back(static_cast<int>(s));
        }
        if (c.contains("epsilon"))
            k.epsilon = c.at("epsilon").get<double>();
        layers.push_back(std::move(k));
    }
    return layers;
}

torch::Tensor tensor_from_bytes(const char* data, const std::vector<int64_t>& shape) {
    auto t = torch::empty(shape, torch::kFloat);
    if (t.numel() == 0)
        return t;  // no buffer: memcpy must not see its null pointer
    std::memcpy(t.data_ptr<float>(), data, static_cast<std::size_t>(t.numel()) * 4);
    if constexpr (std::endian::native == std::endian::big) {
        auto* p = reinterpret_cast<uint32_t*>(t.data_ptr<float>());
        for (int64_t i = 0; i < t.numel(); ++i)
            p[i] = __builtin_bswap32(p[i]);
    }
    return t;
}

}  // namespace

TfjsModel read_tfjs_model(const fs::path& source) {
    std::error_code ec;
    if (!fs::exists(source, ec))
        throw Error(source, "no such file or folder");
    FileSet files;
    if (fs::is_directory(source, ec)) {
        files = files_from_disk(find_model_json(source));
    } else if (source.filename() == "model.json" || source.extension() == ".json") {
        files = files_from_disk(source);
    } else {
        files = files_from_archive(source);
    }
    // Messages name the archive plus the member, or the real file.
    const bool archived = !fs::is_directory(source, ec) && source.extension() != ".json";
    auto where = [&](const std::string& p) { return archived ? source / p : fs::path(p); };

    TfjsModel model;
    model.source = source;
    const fs::path model_where = where(files.model_json);
    auto model_text = files.get(files.model_json);
    if (!model_text)
        throw Error(model_where, "cannot be read");
    auto j = parse_json(*model_text, model_where);
    try {
        const std::string format = j.value("format", "");
        if (format != "layers-model")
            throw Error(model_where, "is not a TF.js layers model (format '" + format + "')");
        const auto& topology = j.at("modelTopology");
        model.keras_version = topology.value("keras_version", "");
        model.layers = parse_layers(topology);
        const std::string dir = parent_dir(files.model_json);
        for (const auto& group : j.at("weightsManifest")) {
            std::string buffer;
            for (const auto& p : group.at("paths")) {
                const std::string rel = p.get<std::string>();
                const std::string shard = join(dir, rel);
                // Shards lie beside model.json: a manifest cannot make us read other files.
                const std::string inside = dir.empty() || dir.back() == '/' ? dir : dir + "/";
                if (fs::path(rel).is_absolute() || shard == ".." || shard.rfind("../", 0) == 0 ||
                    shard.rfind(inside, 0) != 0)
                    throw Error(model_where,
                                "weight shard path '" + rel + "' leaves the model's folder");
                auto bytes = files.get(shard);
                if (!bytes)
                    throw Error(where(shard), "weight shard is missing");
                buffer += *bytes;
            }
            std::size_t offset = 0;
            for (const auto& w : group.at("weights")) {
                const std::string name = w.at("name").get<std::string>();
                const std::string dtype = w.value("dtype", "float32");
                if (dtype != "float32" || w.contains("quantization"))
                    throw Error(model_where,
                                "weight '" + name + "' is " + dtype +
                                    (w.contains("quantization") ? " (quantized)" : "") +
                                    "; only float32 weights are supported");
                const auto shape =
                    int_list(w.at("shape"), "shape of weight '" + name + "'", 1 << 30);
                if (shape.size() > 8)
                    throw Error(model_where, "weight '" + name + "' has " +
                                                 std::to_string(shape.size()) + " dimensions");
                std::uint64_t bytes = 4;
                for (auto d : shape) {
                    if (__builtin_mul_overflow(bytes, static_cast<std::uint64_t>(d), &bytes))
                        bytes = std::numeric_limits<std::uint64_t>::max();
                }
                if (bytes > buffer.size() - offset)
                    throw Error(model_where, "the weight shards end inside '" + name + "' (" +
                                                 std::to_string(buffer.size()) +
                                                 " bytes in the shards)");
                model.weights.emplace_back(name, tensor_from_bytes(buffer.data() + offset, shape));
                offset += bytes;
            }
            if (offset != buffer.size())
                throw Error(model_where, "the weight shards hold " + std::to_string(buffer.size()) +
                                             " bytes but the manifest lists " +
                                             std::to_string(offset));
        }
        // Labels and package name, looked for next to the model and one folder up (npm layout).
        const std::string up = parent_dir(dir);
        for (const auto& cand : {join(dir, "labels.json"), join(dir, "assets/labels.json"),
                                 join(up, "assets/labels.json")}) {
            if (auto text = files.get(cand)) {
                model.labels = parse_labels(*text, where(cand));
                break;
            }
        }
        for (const auto& cand : {join(dir, "package.json"), join(up, "package.json")}) {
            if (auto text = files.get(cand)) {
                auto pj = parse_json(*text, where(cand));
                model.package = pj.value("name", "?") + "@" + pj.value("version", "?");
                break;
            }
        }
    } catch (const json::exception& e) {
        throw Error(model_where, std::string("unexpected model.json content: ") + e.what());
    }
    if (model.weights.empty())
        throw Error(model_where, "lists no weights");
    return model;
}

NamedTensors convert_keras_resnet50(const TfjsModel& model) {
    const fs::path& src = model.source;
    // Topology: the caffe layout puts stride 2 on branch2a and branch1, never on branch2b.
    std::map<std::string, const KerasLayer*> by_name;
    for (const auto& l : model.layers)
        by_name[l.name] = &l;
    auto stride_of = [&](const std::string& name) {
        auto it = by_name.find(name);
        if (it == by_name.end() || it->second->class_name != "Conv2D")
            throw Error(src, "the model has no Conv2D layer '" + name +
                                 "' (not the Keras ResNet-50 this importer converts)");
        const auto& s = it->second->strides;
        return s.empty() ? 1 : s[0];
    };
    for (const char* stage : {"3", "4", "5"}) {
        const std::string a = std::string("res") + stage + "a_branch";
        if (stride_of(a + "2a") != 2 || stride_of(a + "2b") != 1 || stride_of(a + "1") != 2)
            throw Error(src, "layer " + a +
                                 "2a/2b/1 strides are not (2, 1, 2): not the "
                                 "Caffe-style ResNet-50 layout this importer converts");
    }
    for (const auto& l : model.layers)
        if (l.class_name == "BatchNormalization" && std::abs(l.epsilon - 1e-3) > 1e-9)
            throw Error(src, "BatchNormalization '" + l.name + "' has epsilon " +
                                 std::to_string(l.epsilon) + ", expected 0.001");

    std::map<std::string, torch::Tensor> keras(model.weights.begin(), model.weights.end());
    std::set<std::string> used;
    auto take = [&](const std::string& name) {
        auto it = keras.find(name);
        if (it == keras.end())
            throw Error(src, "the model has no weight '" + name +
                                 "' (not the Keras ResNet-50 this importer converts)");
        used.insert(name);
        return it->second;
    };
    NamedTensors out;
    auto conv_bn = [&](const std::string& conv, const std::string& bn, const std::string& our_conv,
                       const std::string& our_bn) {
        auto kernel = take(conv + "/kernel");
        if (kernel.dim() != 4)
            throw Error(src, "weight '" + conv + "/kernel' is not a 4-d HWIO kernel");
        out.emplace_back(our_conv + ".weight", kernel.permute({3, 2, 0, 1}).contiguous());
        auto bias =
            keras.count(conv + "/bias") ? take(conv + "/bias") : torch::zeros({kernel.size(3)});
        out.emplace_back(our_bn + ".weight", take(bn + "/gamma"));
        out.emplace_back(our_bn + ".bias", take(bn + "/beta"));
        // BN(conv(x) + b) = BN'(conv(x)) with running_mean' = running_mean − b.
        out.emplace_back(our_bn + ".running_mean", take(bn + "/moving_mean") - bias);
        out.emplace_back(our_bn + ".running_var", take(bn + "/moving_variance"));
    };
    conv_bn("conv1", "bn_conv1", "conv1", "bn1");
    const int blocks[4] = {3, 4, 6, 3};
    for (int s = 0; s < 4; ++s) {
        for (int b = 0; b < blocks[s]; ++b) {
            const std::string k = std::to_string(s + 2) + static_cast<char>('a' + b) + "_branch";
            const std::string ours =
                "layer" + std::to_string(s + 1) + "." + std::to_string(b) + ".";
            conv_bn("res" + k + "2a", "bn" + k + "2a", ours + "conv1", ours + "bn1");
            conv_bn("res" + k + "2b", "bn" + k + "2b", ours + "conv2", ours + "bn2");
            conv_bn("res" + k + "2c", "bn" + k + "2c", ours + "conv3", ours + "bn3");
            if (b == 0)
                conv_bn("res" + k + "1", "bn" + k + "1", ours + "downsample.0",
                        ours + "downsample.1");
        }
    }
    auto fc = take("fc1000/kernel");
    if (fc.dim() != 2)
        throw Error(src, "weight 'fc1000/kernel' is not a 2-d Dense kernel");
    out.emplace_back("fc.weight", fc.t().contiguous());
    out.emplace_back("fc.bias", take("fc1000/bias"));
    for (const auto& [name, t] : model.weights)
        if (!used.count(name))
            throw Error(src, "the model has a weight '" + name +
                                 "' that a ResNet-50 does not use (a different network?)");
    return out;
}

}  // namespace amr::nn
