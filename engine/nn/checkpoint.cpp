#include "engine/nn/checkpoint.h"

#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"

namespace amr::nn {
namespace {

constexpr const char* kFormat = "amr-studio-checkpoint";
constexpr int64_t kVersion = 1;

std::string shape_text(const torch::Tensor& t) {
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

std::string describe(const std::string& source_name, const std::string& target_name) {
    if (source_name == target_name)
        return "'" + source_name + "'";
    return "'" + source_name + "' (model name '" + target_name + "')";
}

nlohmann::json array_json(const std::array<int, 4>& a) {
    return {a[0], a[1], a[2], a[3]};
}

std::array<int, 4> array_from(const nlohmann::json& j, const char* field) {
    if (!j.is_array() || j.size() != 4)
        throw std::runtime_error(std::string("'") + field + "' must be an array of 4 integers");
    return {j[0].get<int>(), j[1].get<int>(), j[2].get<int>(), j[3].get<int>()};
}

}  // namespace

NamedTensors named_state(const torch::nn::Module& module) {
    NamedTensors out;
    for (const auto& p : module.named_parameters(true))
        out.emplace_back(p.key(), p.value());
    for (const auto& b : module.named_buffers(true))
        out.emplace_back(b.key(), b.value());
    return out;
}

StateLoadReport load_state(torch::nn::Module& module, const NamedTensors& tensors,
                           const std::filesystem::path& source, const StateLoadOptions& options) {
    std::map<std::string, torch::Tensor> targets;
    std::vector<std::string> order;
    for (auto& [name, t] : named_state(module)) {
        targets.emplace(name, t);
        order.push_back(name);
    }
    // Validate everything first so that a failure leaves the module untouched.
    StateLoadReport report;
    std::map<std::string, std::pair<std::string, torch::Tensor>> plan;  // target -> source
    for (const auto& [src_name, tensor] : tensors) {
        std::optional<std::string> mapped = options.key_map ? options.key_map(src_name) : src_name;
        if (!mapped) {
            ++report.ignored;
            continue;
        }
        auto it = targets.find(*mapped);
        if (it == targets.end()) {
            if (!options.allow_unexpected)
                throw Error(source, "tensor " + describe(src_name, *mapped) +
                                        " has no counterpart in the model (wrong network or "
                                        "architecture?)");
            report.unexpected.push_back(*mapped);
            continue;
        }
        if (!tensor.defined())
            throw Error(source, "tensor " + describe(src_name, *mapped) + " is empty");
        if (tensor.sizes() != it->second.sizes())
            throw Error(source, "tensor " + describe(src_name, *mapped) + " has shape " +
                                    shape_text(tensor) + " in the file but the model expects " +
                                    shape_text(it->second));
        auto [pos, inserted] = plan.emplace(*mapped, std::make_pair(src_name, tensor));
        if (!inserted)
            throw Error(source, "tensors '" + pos->second.first + "' and '" + src_name +
                                    "' both map to the model tensor '" + *mapped + "'");
    }
    for (const auto& name : order)
        if (!plan.count(name))
            report.missing.push_back(name);
    if (!report.missing.empty() && !options.allow_missing) {
        std::string msg = "tensor '" + report.missing.front() + "' is missing";
        if (report.missing.size() > 1)
            msg += " (and " + std::to_string(report.missing.size() - 1) + " more)";
        throw Error(source, msg + "; the file holds " + std::to_string(tensors.size()) +
                                " tensors (wrong network or architecture?)");
    }
    torch::NoGradGuard no_grad;
    for (const auto& name : order) {
        auto it = plan.find(name);
        if (it == plan.end())
            continue;
        targets[name].copy_(it->second.second);
        report.loaded.push_back(name);
    }
    return report;
}

std::string to_json(const ModelMeta& meta) {
    const auto& b = meta.backbone;
    nlohmann::json backbone = {
        {"depth", b.depth},
        {"blocks", array_json(b.stage_blocks())},
        {"base_width", b.base_width},
        {"layout", to_string(b.layout)},
        {"block", b.stride_on_1x1() ? "v1" : "v1.5"},
        {"strides", array_json(b.strides)},
        {"dilations", array_json(b.dilations)},
        {"bn_eps", b.effective_bn_eps()},
        {"freeze_stem", b.freeze_stem},
        {"with_amm", b.with_amm},
        {"amm",
         {{"reduction", b.amm.reduction},
          {"spatial_bn_batch_stats", b.amm.spatial_bn_batch_stats},
          {"sigma_floor", b.amm.sigma_floor},
          {"unit_peak", b.amm.unit_peak},
          {"identity_start", b.amm.identity_start},
          {"per_sample_stats", b.amm.per_sample_stats}}},
        {"num_classes", b.num_classes},
    };
    nlohmann::json j = {{"architecture", meta.architecture},
                        {"backbone", backbone},
                        {"num_classes", meta.num_classes},
                        {"labels", meta.labels},
                        {"provenance", meta.provenance}};
    if (meta.architecture == "amr")
        j["compensation_amm"] = meta.compensation_amm;
    return j.dump(1);
}

ModelMeta parse_model_meta(const std::string& json, const std::filesystem::path& file) {
    ModelMeta m;
    try {
        auto j = nlohmann::json::parse(json);
        m.architecture = j.at("architecture").get<std::string>();
        m.num_classes = j.value("num_classes", int64_t{0});
        m.labels = j.value("labels", std::vector<std::string>{});
        m.provenance = j.value("provenance", std::string{});
        m.compensation_amm = j.value("compensation_amm", true);  // older checkpoints: AMMs
        const auto& b = j.at("backbone");
        auto& o = m.backbone;
        o.depth = b.value("depth", 50);
        if (b.contains("blocks"))
            o.blocks = array_from(b["blocks"], "blocks");
        o.base_width = b.value("base_width", int64_t{64});
        o.layout = parse_resnet_layout(b.value("layout", std::string("torchvision")));
        if (b.contains("block"))  // older checkpoints follow the layout
            o.block = parse_block_version(b["block"].get<std::string>());
        if (b.contains("strides"))
            o.strides = array_from(b["strides"], "strides");
        if (b.contains("dilations"))
            o.dilations = array_from(b["dilations"], "dilations");
        o.bn_eps = b.value("bn_eps", 0.0);
        o.freeze_stem = b.value("freeze_stem", true);
        o.with_amm = b.value("with_amm", false);
        if (b.contains("amm")) {
            const auto& a = b["amm"];
            o.amm.reduction = a.value("reduction", int64_t{16});
            o.amm.spatial_bn_batch_stats = a.value("spatial_bn_batch_stats", true);
            o.amm.sigma_floor = a.value("sigma_floor", 1e-5);
            o.amm.unit_peak = a.value("unit_peak", false);
            o.amm.identity_start = a.value("identity_start", false);
            o.amm.per_sample_stats = a.value("per_sample_stats", false);
        }
        o.num_classes = b.value("num_classes", int64_t{0});
    } catch (const Error& e) {
        throw Error(file, std::string("checkpoint metadata: ") + e.what());
    } catch (const std::exception& e) {
        throw Error(file, std::string("checkpoint metadata is invalid: ") + e.what());
    }
    if (m.architecture != "resnet" && m.architecture != "spotlight" && m.architecture != "amr" &&
        m.architecture != "irn" && m.architecture != "deeplab")
        throw Error(file, "checkpoint metadata: unknown architecture '" + m.architecture + "'");
    try {
        m.backbone.check();
    } catch (const Error& e) {
        throw Error(file, std::string("checkpoint metadata: ") + e.what());
    }
    if (!m.labels.empty() && static_cast<int64_t>(m.labels.size()) != m.num_classes)
        throw Error(file, "checkpoint metadata: " + std::to_string(m.labels.size()) +
                              " labels for " + std::to_string(m.num_classes) + " classes");
    return m;
}

void save_checkpoint(const std::filesystem::path& file, const NamedTensors& tensors,
                     const std::string& metadata_json) {
    c10::Dict<std::string, torch::Tensor> dict;
    for (const auto& [name, t] : tensors) {
        if (dict.contains(name))
            throw Error(file, "duplicate tensor name '" + name + "'");
        dict.insert(name, t.detach().to(torch::kCPU).contiguous());
    }
    c10::impl::GenericDict root(c10::StringType::get(), c10::AnyType::get());
    root.insert(std::string("format"), std::string(kFormat));
    root.insert(std::string("version"), kVersion);
    root.insert(std::string("metadata"), metadata_json);
    root.insert(std::string("tensors"), dict);
    std::vector<char> bytes = torch::pickle_save(root);
    if (file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(file.parent_path(), ec);
        if (ec)
            throw Error(file.parent_path(), "cannot create the folder: " + ec.message());
    }
    AtomicFile out(file);
    out.write(std::string_view(bytes.data(), bytes.size()));
    out.commit();
}

void save_checkpoint(const std::filesystem::path& file, const torch::nn::Module& module,
                     const ModelMeta& meta) {
    save_checkpoint(file, named_state(module), to_json(meta));
}

Checkpoint read_checkpoint(const std::filesystem::path& file) {
    std::vector<char> data;
    {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(file, ec))
            throw Error(file, "no such file");
        std::ifstream in(file, std::ios::binary);
        if (!in)
            throw Error(file, "cannot open the file for reading (check its permissions)");
        data.resize(std::filesystem::file_size(file, ec));
        if (ec || !in.read(data.data(), static_cast<std::streamsize>(data.size())))
            throw Error(file, "cannot read the file");
    }
    c10::IValue root;
    try {
        root = torch::pickle_load(data);
    } catch (const std::exception& e) {
        std::string what = e.what();
        throw Error(file, "is not an AMR Studio checkpoint (cannot unpickle it: " +
                              what.substr(0, what.find('\n')) + ")");
    }
    const std::string not_ours = "is not an AMR Studio checkpoint";
    if (!root.isGenericDict())
        throw Error(file, not_ours + " (no top-level dict)");
    auto dict = root.toGenericDict();
    auto get = [&](const char* key) -> c10::IValue {
        auto it = dict.find(c10::IValue(std::string(key)));
        if (it == dict.end())
            throw Error(file, not_ours + " (no '" + key + "' entry)");
        return it->value();
    };
    auto format = get("format");
    if (!format.isString() || format.toStringRef() != kFormat)
        throw Error(file, not_ours + " (wrong format tag)");
    auto version = get("version");
    if (!version.isInt() || version.toInt() > kVersion)
        throw Error(file, "checkpoint version is newer than this program understands (" +
                              std::to_string(kVersion) + "); update AMR Studio");
    Checkpoint ck;
    auto meta = get("metadata");
    if (!meta.isString())
        throw Error(file, "checkpoint metadata is not a string");
    ck.metadata = meta.toStringRef();
    auto tensors = get("tensors");
    if (!tensors.isGenericDict())
        throw Error(file, "checkpoint 'tensors' is not a dict");
    for (const auto& entry : tensors.toGenericDict()) {
        if (!entry.key().isString() || !entry.value().isTensor())
            throw Error(file, "checkpoint 'tensors' holds a non-tensor entry");
        ck.tensors.emplace_back(entry.key().toStringRef(), entry.value().toTensor());
    }
    return ck;
}

}  // namespace amr::nn
