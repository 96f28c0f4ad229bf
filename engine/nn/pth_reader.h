#pragma once
// Reads PyTorch `.pth` checkpoints (torch.save) without Python and without torch::pickle_load,
// which in LibTorch 1.13 cannot read an OrderedDict nor the legacy (pre-1.6) format.
//
// Supported: the zip format (PyTorch >= 1.6; any archive folder name; stored or deflated records)
// and the legacy format (magic 0x1950a86a20f9469cfc6c, protocol 1001, sys info, pickled object,
// storage key list, raw storages), pickle protocols 2 to 5. Little-endian files only (every
// PyTorch build on x86/ARM writes those; a big-endian file is refused with a clear message).
// Tensors come back on the CPU with their dtype, size, stride and storage offset; tensors that
// shared a storage in Python share it here too.

#include <torch/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace amr::nn {

struct NamedTensor {
    std::string name;
    torch::Tensor value;
};

// Every tensor of the state dict in `file`, in the saved order. The top-level object must be a
// dict / OrderedDict of tensors (its `_metadata` is ignored), or a checkpoint dict holding one
// under "state_dict", "model_state_dict", "model", "net" or "module" (first of those keys whose
// value is a dict with at least one tensor; e.g. {'state_dict': ..., 'epoch': 3}). Non-tensor
// values (ints, strings, None) are skipped; values built by an unsupported torch function (sparse
// or quantized tensors...) are an error. Throws amr::Error naming the file and the problem
// (truncated, not a checkpoint, unsupported opcode 0x.., unsupported global X, storage key
// missing).
std::vector<NamedTensor> read_pth(const std::filesystem::path& file);

// Folders torchvision downloads weights to, most specific first: $TORCH_HOME/hub/checkpoints,
// $XDG_CACHE_HOME/torch/hub/checkpoints, ~/.cache/torch/hub/checkpoints, then ~/.torch/models
// (PyTorch < 1.0).
std::vector<std::filesystem::path> torch_hub_dirs();
// The first existing file among `names` (in order of preference) in those folders.
std::optional<std::filesystem::path> find_torch_hub_file(const std::vector<std::string>& names);

// Keeps only the canonical keys of the official AMR / IRN checkpoints (docs/method.md §2.6):
// resnet50.*, resnet50_2.*, classifier.weight, classifier2.weight and the IRN heads fc_edge<N>.* /
// fc_dp<N>.*. Drops the aliases (stage*, stage2_*, backbone*, newly_added.*, edge_layers.*,
// dp_layers.*, mean_shift.*) and IRN's unused buffers (path_indices*, disp_target). Order kept.
// Meant for AMR checkpoints: a plain torchvision state dict has no canonical key and comes back
// empty.
std::vector<NamedTensor> canonical_amr_keys(std::vector<NamedTensor> all);

}  // namespace amr::nn
