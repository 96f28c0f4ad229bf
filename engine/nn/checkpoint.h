#pragma once
// Our own checkpoint format and name-based loading of tensors into modules.
//
// A checkpoint file is a torch pickle (zip format, readable by Python's torch.load) of a dict
//   {"format": "amr-studio-checkpoint", "version": 1, "metadata": "<JSON text>",
//    "tensors": {name: tensor, ...}}
// written atomically. The metadata describes the network (ModelMeta) and where the weights came
// from, so a checkpoint can be rebuilt without guessing.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <torch/torch.h>

#include "engine/nn/resnet.h"

namespace amr::nn {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

// Maps a source tensor name to the module's name for it; std::nullopt = ignore this tensor
// (aliases, heads that are not loaded, unused counters).
using KeyMap = std::function<std::optional<std::string>(const std::string&)>;

// Parameters then buffers of `module`, by dotted name (e.g. "layer1.0.conv1.weight").
NamedTensors named_state(const torch::nn::Module& module);

struct StateLoadOptions {
    KeyMap key_map;                 // empty = names are used as they are
    bool allow_missing = false;     // module tensors the source lacks keep their values
    bool allow_unexpected = false;  // source tensors the module lacks are skipped
};

struct StateLoadReport {
    std::vector<std::string> loaded;      // module names that were filled
    std::vector<std::string> missing;     // module names the source did not provide
    std::vector<std::string> unexpected;  // (mapped) source names the module does not have
    std::size_t ignored = 0;              // source tensors the key map dropped
};

// Copies `tensors` into the module's parameters and buffers by name (values are converted to the
// module tensor's dtype and device; requires_grad flags are kept). Throws amr::Error naming
// `source` on: a missing tensor (unless allow_missing), an unexpected one (unless
// allow_unexpected), two source tensors mapping to one name, or a shape mismatch (both shapes
// are named). Nothing is modified when it throws.
StateLoadReport load_state(torch::nn::Module& module, const NamedTensors& tensors,
                           const std::filesystem::path& source,
                           const StateLoadOptions& options = {});

// What a checkpoint holds, for rebuilding the network.
struct ModelMeta {
    // "resnet" (a ResNet with an fc head, e.g. ImageNet), "spotlight" (SpotlightNet), "amr"
    // (AmrNet) or "irn" (refine::IrnNet); tensor names are those of the corresponding module.
    std::string architecture = "resnet";
    ResNetOptions backbone;           // for "resnet" it includes num_classes; AMM options for "amr"
    int64_t num_classes = 0;          // classes of the head
    bool compensation_amm = true;     // "amr" only: AMMs in the compensation branch
    std::vector<std::string> labels;  // class names (may be empty)
    std::string provenance;           // where the weights came from, free text
};

std::string to_json(const ModelMeta& meta);
// Throws amr::Error naming `file` when the JSON is malformed or a field is invalid.
ModelMeta parse_model_meta(const std::string& json, const std::filesystem::path& file);

struct Checkpoint {
    NamedTensors tensors;
    std::string metadata;  // JSON text
};

// Writes atomically (temporary file + rename), creating the parent folder. Tensors are stored
// contiguous on the CPU.
void save_checkpoint(const std::filesystem::path& file, const NamedTensors& tensors,
                     const std::string& metadata_json);
void save_checkpoint(const std::filesystem::path& file, const torch::nn::Module& module,
                     const ModelMeta& meta);
// Throws amr::Error naming the file when it is missing, not a checkpoint of ours, or corrupt.
Checkpoint read_checkpoint(const std::filesystem::path& file);

}  // namespace amr::nn
