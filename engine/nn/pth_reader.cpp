#include "engine/nn/pth_reader.h"

#include <c10/util/Exception.h>

#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <new>
#include <stdexcept>

#include "engine/core/error.h"
#include "engine/nn/pickle_vm.h"
#include "engine/nn/pth_zip.h"

namespace amr::nn {
namespace {

namespace fs = std::filesystem;
using pickle::Arena;
using pickle::Kind;
using pickle::Value;

// The magic number of legacy torch.save files, as LONG1 little-endian bytes.
const std::string kLegacyMagic("\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19", 10);
constexpr std::int64_t kLegacyProtocol = 1001;
constexpr int kMaxDims = 64;
constexpr int kMaxRebuildDepth = 8;
constexpr int kMaxModuleDepth = 64;
constexpr int kMaxModules = 100'000;
// Dict entries visited while flattening modules: a module listed many times as its own child
// must not cost modules × entries.
constexpr std::size_t kMaxVisits = 10'000'000;

struct Bad : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// "torch.FloatStorage", "torch.cuda.HalfStorage", "torch.UntypedStorage" -> dtype.
std::optional<at::ScalarType> storage_dtype(const std::string& global) {
    std::string name;
    for (std::string_view module : {"torch.cuda.", "torch.storage.", "torch."}) {
        if (global.starts_with(module)) {
            name = global.substr(module.size());
            break;
        }
    }
    static const std::map<std::string, at::ScalarType, std::less<>> kTypes = {
        {"FloatStorage", at::kFloat},
        {"DoubleStorage", at::kDouble},
        {"HalfStorage", at::kHalf},
        {"BFloat16Storage", at::kBFloat16},
        {"LongStorage", at::kLong},
        {"IntStorage", at::kInt},
        {"ShortStorage", at::kShort},
        {"CharStorage", at::kChar},
        {"ByteStorage", at::kByte},
        {"BoolStorage", at::kBool},
        {"ComplexFloatStorage", at::kComplexFloat},
        {"ComplexDoubleStorage", at::kComplexDouble},
        {"UntypedStorage", at::kByte},
        {"_UntypedStorage", at::kByte},
    };
    auto it = kTypes.find(name);
    if (it == kTypes.end())
        return std::nullopt;
    return it->second;
}

// "torch.float32" and friends, as the dtype argument of _rebuild_tensor_v3.
std::optional<at::ScalarType> dtype_global(const Value* v) {
    if (v->kind != Kind::Global || !v->text.starts_with("torch."))
        return std::nullopt;
    static const std::map<std::string, at::ScalarType, std::less<>> kTypes = {
        {"float32", at::kFloat},
        {"float", at::kFloat},
        {"float64", at::kDouble},
        {"double", at::kDouble},
        {"float16", at::kHalf},
        {"half", at::kHalf},
        {"bfloat16", at::kBFloat16},
        {"int64", at::kLong},
        {"long", at::kLong},
        {"int32", at::kInt},
        {"int", at::kInt},
        {"int16", at::kShort},
        {"short", at::kShort},
        {"int8", at::kChar},
        {"uint8", at::kByte},
        {"bool", at::kBool},
        {"complex64", at::kComplexFloat},
        {"complex128", at::kComplexDouble},
    };
    auto it = kTypes.find(v->text.substr(6));
    if (it == kTypes.end())
        return std::nullopt;
    return it->second;
}

std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what) {
    std::int64_t r = 0;
    if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r))
        throw Bad(std::string(what) + " overflows");
    return r;
}

std::string describe(const Value* v) {
    if (v->kind == Kind::Object && v->callable && v->callable->kind == Kind::Global) {
        return "object built by " + v->callable->text;
    }
    if (v->kind == Kind::Global)
        return "global " + v->text;
    return pickle::kind_name(v->kind);
}

// Memory of `bytes` bytes reinterpreted as `numel` elements of `dtype`; `owner` stays alive.
at::Tensor reinterpret(const at::Tensor& owner, void* data, std::int64_t numel,
                       at::ScalarType dtype) {
    return torch::from_blob(
        data, {numel}, [owner](void*) {}, torch::TensorOptions().dtype(dtype));
}

class Loader {
public:
    explicit Loader(fs::path file) : file_(std::move(file)) {}

    std::vector<NamedTensor> read_zip();
    std::vector<NamedTensor> read_legacy();

private:
    pickle::Hooks hooks();
    Value* load_zip_storage(Arena& arena, Value* pid);
    Value* load_legacy_storage(Arena& arena, Value* pid);
    Value* reduce(Arena& arena, const std::string& global, Value* args, int depth);
    Value* rebuild_tensor(Arena& arena, Value* storage, Value* offset, Value* size, Value* stride,
                          std::optional<at::ScalarType> dtype);
    Value* storage_value(Arena& arena, const at::Tensor& typed);
    std::vector<NamedTensor> extract(const Value* top, bool torchscript);

    struct Root {
        at::Tensor data;  // typed, numel elements
        bool filled = false;
    };

    fs::path file_;
    Arena arena_;
    ZipArchive* zip_ = nullptr;
    std::string prefix_;                              // zip: "<archive>/"
    std::map<std::string, at::Tensor> zip_storages_;  // key -> typed data
    std::map<std::string, Root> roots_;               // legacy: root key -> storage
    std::map<std::string, at::Tensor> views_;         // legacy: view key -> narrowed storage
    std::uint64_t file_size_ = 0;
    std::uint64_t legacy_bytes_ = 0;  // sum of the legacy root storages
};

pickle::Hooks Loader::hooks() {
    pickle::Hooks h;
    h.persistent_load = [this](Arena& arena, Value* pid) {
        return zip_ ? load_zip_storage(arena, pid) : load_legacy_storage(arena, pid);
    };
    h.reduce = [this](Arena& arena, const std::string& global, Value* args) {
        return reduce(arena, global, args, 0);
    };
    return h;
}

Value* Loader::storage_value(Arena& arena, const at::Tensor& typed) {
    Value* v = arena.make(Kind::Storage);
    v->tensor = typed;
    return v;
}

// The ('storage', type, key, location, numel[, view]) persistent id that both formats share.
struct StorageId {
    const std::vector<Value*>* items;
    c10::ScalarType dtype;
    std::string key;
    std::int64_t numel;
    std::int64_t elem;    // bytes per element
    std::int64_t nbytes;  // numel * elem, overflow-checked
};

StorageId parse_storage_id(Value* pid, const char* expected_form) {
    const auto& t = pickle::tuple_items(pid, "persistent id");
    if (t.size() < 5 || pickle::str_value(t[0], "persistent id tag") != "storage")
        throw Bad(std::string("persistent id is not ") + expected_form);
    if (t[1]->kind != Kind::Global)
        throw Bad("storage type is a " + describe(t[1]));
    const auto dtype = storage_dtype(t[1]->text);
    if (!dtype)
        throw Bad("unsupported global " + t[1]->text + " (storage type)");
    StorageId id{
        &t, *dtype, pickle::str_value(t[2], "storage key"), pickle::int_value(t[4], "storage size"),
        0,  0};
    if (id.numel < 0)
        throw Bad("negative storage size");
    id.elem = static_cast<std::int64_t>(c10::elementSize(id.dtype));
    id.nbytes = checked_mul(id.numel, id.elem, "storage size");
    return id;
}

Value* Loader::load_zip_storage(Arena& arena, Value* pid) {
    const StorageId id = parse_storage_id(pid, "('storage', type, key, location, numel)");
    const std::string& key = id.key;
    const std::int64_t numel = id.numel, elem = id.elem, nbytes = id.nbytes;

    auto cached = zip_storages_.find(key);
    if (cached == zip_storages_.end()) {
        const std::string record = prefix_ + "data/" + key;
        const ZipArchive::Entry* entry = zip_->find(record);
        if (!entry)
            throw Bad("storage key missing: no record " + record + " in the archive");
        if (entry->size < static_cast<std::uint64_t>(nbytes)) {
            throw Bad("storage " + record + " holds " + std::to_string(entry->size) +
                      " bytes, the checkpoint needs " + std::to_string(nbytes));
        }
        if (entry->size % static_cast<std::uint64_t>(elem) != 0) {
            throw Bad("storage " + record + " size is not a whole number of elements");
        }
        if (!zip_->size_plausible(*entry))
            throw Bad("storage " + record + " is absurd");
        at::Tensor data =
            torch::empty({static_cast<std::int64_t>(entry->size) / elem}, torch::dtype(id.dtype));
        zip_->read_into(*entry, data.data_ptr(), entry->size);
        cached = zip_storages_.emplace(key, data).first;
    }
    at::Tensor data = cached->second;
    if (data.nbytes() < static_cast<std::size_t>(nbytes)) {
        throw Bad("storage " + key + " is used with two sizes");
    }
    if (data.scalar_type() != id.dtype)
        data = reinterpret(data, data.data_ptr(), numel, id.dtype);
    return storage_value(arena, data.narrow(0, 0, numel));
}

Value* Loader::load_legacy_storage(Arena& arena, Value* pid) {
    const StorageId id = parse_storage_id(pid, "('storage', type, key, location, size, view)");
    const auto& t = *id.items;
    const std::string& key = id.key;
    const std::int64_t numel = id.numel;
    const auto nbytes = static_cast<std::uint64_t>(id.nbytes);
    auto it = roots_.find(key);
    if (it == roots_.end()) {
        // The raw storages follow the pickle, so together they cannot outgrow the file.
        legacy_bytes_ += nbytes;
        if (nbytes > file_size_ || legacy_bytes_ > file_size_) {
            throw Bad("storage " + key + " is larger than the file (truncated?)");
        }
        it = roots_.emplace(key, Root{torch::empty({numel}, torch::dtype(id.dtype))}).first;
    } else if (it->second.data.scalar_type() != id.dtype || it->second.data.numel() != numel) {
        throw Bad("storage " + key + " is used with two types or sizes");
    }
    const at::Tensor& root = it->second.data;
    if (t.size() < 6 || t[5]->kind == Kind::None)
        return storage_value(arena, root);

    // PyTorch < 0.4 storage views: (view_key, offset, size) into the root storage.
    const auto& view = pickle::tuple_items(t[5], "storage view");
    if (view.size() != 3)
        throw Bad("storage view is not (key, offset, size)");
    const std::string& view_key = pickle::str_value(view[0], "view key");
    const std::int64_t offset = pickle::int_value(view[1], "view offset");
    const std::int64_t size = pickle::int_value(view[2], "view size");
    if (offset < 0 || size < 0 || offset > numel || size > numel - offset) {
        throw Bad("storage view " + view_key + " lies outside storage " + key);
    }
    auto v = views_.find(view_key);
    if (v == views_.end())
        v = views_.emplace(view_key, root.narrow(0, offset, size)).first;
    return storage_value(arena, v->second);
}

Value* Loader::rebuild_tensor(Arena& arena, Value* storage, Value* offset_v, Value* size_v,
                              Value* stride_v, std::optional<at::ScalarType> dtype) {
    if (storage->kind != Kind::Storage) {
        throw Bad("tensor storage is a " + describe(storage) + ", not a storage");
    }
    at::Tensor base = storage->tensor;
    if (dtype && *dtype != base.scalar_type()) {
        // _rebuild_tensor_v3 gives an untyped (byte) storage plus the tensor dtype.
        const auto elem = static_cast<std::int64_t>(c10::elementSize(*dtype));
        base = reinterpret(base, base.data_ptr(), static_cast<std::int64_t>(base.nbytes()) / elem,
                           *dtype);
    }
    const std::int64_t offset = pickle::int_value(offset_v, "storage offset");
    const auto& size_items = pickle::tuple_items(size_v, "tensor size");
    const auto& stride_items = pickle::tuple_items(stride_v, "tensor stride");
    if (size_items.size() != stride_items.size() || size_items.size() > kMaxDims) {
        throw Bad("tensor size and stride do not match");
    }
    std::vector<std::int64_t> size, stride;
    std::int64_t numel = 1, last = offset;
    for (std::size_t i = 0; i < size_items.size(); ++i) {
        size.push_back(pickle::int_value(size_items[i], "tensor size"));
        stride.push_back(pickle::int_value(stride_items[i], "tensor stride"));
        if (size.back() < 0 || stride.back() < 0)
            throw Bad("negative tensor size or stride");
        numel = checked_mul(numel, size.back(), "tensor size");
    }
    if (offset < 0)
        throw Bad("negative storage offset");
    if (numel > 0) {
        for (std::size_t i = 0; i < size.size(); ++i) {
            const std::int64_t span = checked_mul(size[i] - 1, stride[i], "tensor extent");
            if (__builtin_add_overflow(last, span, &last))
                throw Bad("tensor extent overflows");
        }
        if (last >= base.numel()) {
            throw Bad("tensor of size " + c10::str(c10::IntArrayRef(size)) + " reaches element " +
                      std::to_string(last) + " of a storage holding " +
                      std::to_string(base.numel()));
        }
    } else if (offset > base.numel()) {
        throw Bad("storage offset past the end of the storage");
    }
    Value* v = arena.make(Kind::Tensor);
    v->tensor = base.as_strided(size, stride, base.storage_offset() + offset);
    return v;
}

Value* Loader::reduce(Arena& arena, const std::string& global, Value* args, int depth) {
    const std::vector<Value*> none;
    const auto& a = args->kind == Kind::Tuple ? args->items : none;
    auto need = [&](std::size_t n) {
        if (a.size() < n)
            throw Bad(global + " called with " + std::to_string(a.size()) + " arguments");
    };
    if (global == "torch._utils._rebuild_tensor" || global == "torch._utils._rebuild_tensor_v2") {
        need(4);
        return rebuild_tensor(arena, a[0], a[1], a[2], a[3], std::nullopt);
    }
    if (global == "torch._utils._rebuild_tensor_v3") {
        need(7);
        const auto dtype = dtype_global(a[6]);
        if (!dtype)
            throw Bad("unsupported dtype (" + describe(a[6]) + ") in " + global);
        return rebuild_tensor(arena, a[0], a[1], a[2], a[3], dtype);
    }
    if (global == "torch._utils._rebuild_parameter" ||
        global == "torch._utils._rebuild_parameter_with_state") {
        need(1);
        if (a[0]->kind != Kind::Tensor)
            throw Bad("parameter data is a " + describe(a[0]));
        return a[0];
    }
    if (global == "torch._tensor._rebuild_from_type" ||
        global == "torch._tensor._rebuild_from_type_v2") {
        // (func, subclass, args, state): a tensor subclass; we only need the plain tensor.
        need(3);
        if (a[0]->kind != Kind::Global)
            throw Bad(global + " without a function");
        if (depth >= kMaxRebuildDepth)
            throw Bad("tensor rebuild functions nested too deeply");
        return reduce(arena, a[0]->text, a[2], depth + 1);
    }
    return nullptr;  // opaque object; an error only if it turns up where a tensor must be
}

std::vector<NamedTensor> Loader::extract(const Value* top, bool torchscript) {
    const std::string hint = torchscript
                                 ? " (this is a TorchScript archive from torch.jit.save; load it "
                                   "with torch::jit::load or save model.state_dict() instead)"
                                 : "";
    std::vector<NamedTensor> out;
    // torch.save(model): a pickled nn.Module; flatten it like Module.state_dict() would.
    auto module_state = [](const Value* v) -> const Value* {
        if (v->kind != Kind::Object || !v->state)
            return nullptr;
        return pickle::dict_get(v->state, "_parameters") ? v->state : nullptr;
    };
    auto add = [&](const std::string& name, const Value* v) {
        if (v->kind == Kind::Tensor) {
            out.push_back({name, v->tensor});
        } else if (v->kind == Kind::Object && v->callable && v->callable->kind == Kind::Global &&
                   v->callable->text.starts_with("torch.")) {
            throw Bad("entry '" + name + "': unsupported global " + v->callable->text);
        }
    };
    int modules = 0;  // a hostile file can make a module its own child, many times over
    std::size_t visits = 0;
    auto visit = [&](std::size_t n) {
        visits += n;
        if (visits > kMaxVisits)
            throw Bad("modules nested too deeply (too many entries)");
    };
    std::function<void(const Value*, const std::string&, int)> flatten_module =
        [&](const Value* state, const std::string& prefix, int depth) {
            if (depth > kMaxModuleDepth || ++modules > kMaxModules) {
                throw Bad("modules nested too deeply");
            }
            const Value* skip = pickle::dict_get(state, "_non_persistent_buffers_set");
            auto persistent = [&](const std::string& name) {
                if (!skip || skip->kind != Kind::Set)
                    return true;
                for (const Value* s : skip->items) {
                    if (s->kind == Kind::Str && s->text == name)
                        return false;
                }
                return true;
            };
            for (const char* group : {"_parameters", "_buffers"}) {
                if (const auto* d = pickle::dict_data(pickle::dict_get(state, group))) {
                    visit(d->items.size());
                    for (const auto& [k, v] : d->items) {
                        if (k->kind == Kind::Str && (group[1] == 'p' || persistent(k->text)))
                            add(prefix + k->text, v);
                    }
                }
            }
            if (const auto* d = pickle::dict_data(pickle::dict_get(state, "_modules"))) {
                visit(d->items.size());
                for (const auto& [k, v] : d->items) {
                    if (k->kind != Kind::Str)
                        continue;
                    if (const Value* sub = module_state(v)) {
                        flatten_module(sub, prefix + k->text + ".", depth + 1);
                    }
                }
            }
        };
    if (const Value* state = module_state(top)) {
        flatten_module(state, "", 0);
        if (out.empty())
            throw Bad("the pickled module " + describe(top) + " holds no tensors");
        return out;
    }

    if (!pickle::dict_data(top)) {
        throw Bad("the saved object is a " + describe(top) + ", not a state dict" + hint);
    }
    auto holds_tensor = [](const Value* v) {
        const auto* d = pickle::dict_data(v);
        if (!d)
            return false;
        for (const auto& kv : d->items) {
            if (kv.second->kind == Kind::Tensor)
                return true;
        }
        return false;
    };
    const Value* dict = top;
    for (const char* key : {"state_dict", "model_state_dict", "model", "net", "module"}) {
        const Value* v = pickle::dict_get(top, key);
        if (v && holds_tensor(v)) {
            dict = v;
            break;
        }
        if (v && module_state(v)) {
            flatten_module(module_state(v), "", 0);
            return out;
        }
    }
    for (const auto& [k, v] : pickle::dict_data(dict)->items) {
        if (k->kind == Kind::Str)
            add(k->text, v);
    }
    if (out.empty()) {
        std::string keys;
        for (const auto& kv : pickle::dict_data(top)->items) {
            if (keys.size() > 200) {
                keys += ", ...";
                break;
            }
            if (kv.first->kind == Kind::Str)
                keys += (keys.empty() ? "" : ", ") + kv.first->text;
        }
        throw Bad("no tensors found (top-level keys: " + (keys.empty() ? "none" : keys) + ")" +
                  hint);
    }
    return out;
}

std::vector<NamedTensor> Loader::read_zip() {
    ZipArchive zip(file_);
    zip_ = &zip;
    file_size_ = fs::file_size(file_);
    const ZipArchive::Entry* pkl = nullptr;
    bool torchscript = false;
    for (const auto& e : zip.entries()) {
        const auto slash = e.name.find('/');
        const bool top_folder =
            slash != std::string::npos && e.name.find('/', slash + 1) == std::string::npos;
        if (!pkl &&
            (e.name == "data.pkl" || (top_folder && e.name.substr(slash + 1) == "data.pkl"))) {
            pkl = &e;
        }
        if (top_folder && (e.name.substr(slash + 1) == "constants.pkl"))
            torchscript = true;
    }
    if (!pkl) {
        throw Error(file_, torchscript
                               ? "a TorchScript archive without data.pkl"
                               : "a zip archive without data.pkl: not a PyTorch checkpoint");
    }
    prefix_ = pkl->name.substr(0, pkl->name.size() - std::string("data.pkl").size());
    if (const auto* order = zip.find(prefix_ + "byteorder")) {
        const std::vector<char> text = zip.read(*order);
        if (std::string(text.begin(), text.end()) != "little") {
            throw Error(file_,
                        "written on a big-endian machine; only little-endian checkpoints "
                        "are supported");
        }
    }
    const std::vector<char> bytes = zip.read(*pkl);
    pickle::MemorySource src(file_, bytes.data(), bytes.size());
    const Value* top = pickle::unpickle(src, arena_, hooks(), file_, pkl->name);
    return extract(top, torchscript);
}

std::vector<NamedTensor> Loader::read_legacy() {
    pickle::FileSource src(file_);
    file_size_ = src.size();
    const pickle::Hooks plain;
    const Value* magic = nullptr;
    try {
        magic = pickle::unpickle(src, arena_, plain, file_, "header");
    } catch (const Error& e) {
        throw Error(file_, "not a PyTorch checkpoint (" + e.problem() + ")");
    }
    if (magic->kind != Kind::BigInt || magic->text != kLegacyMagic) {
        throw Error(file_,
                    "not a PyTorch checkpoint (a pickle without the torch.save magic number)");
    }
    const Value* protocol = pickle::unpickle(src, arena_, plain, file_, "header");
    if (protocol->kind != Kind::Int || protocol->integer != kLegacyProtocol) {
        throw Error(file_, "unsupported legacy checkpoint protocol (expected 1001)");
    }
    const Value* sys_info = pickle::unpickle(src, arena_, plain, file_, "system info");
    if (const Value* le = pickle::dict_get(sys_info, "little_endian")) {
        if (le->kind == Kind::Bool && !le->boolean) {
            throw Error(file_,
                        "written on a big-endian machine; only little-endian checkpoints "
                        "are supported");
        }
    }
    const Value* top = pickle::unpickle(src, arena_, hooks(), file_, "pickled object");
    const Value* keys = pickle::unpickle(src, arena_, plain, file_, "storage key list");
    if (keys->kind != Kind::List)
        throw Error(file_, "the storage key list is not a list");
    for (const Value* k : keys->items) {
        if (k->kind != Kind::Str)
            throw Error(file_, "a storage key is not a string");
        auto it = roots_.find(k->text);
        if (it == roots_.end()) {
            throw Error(file_, "storage key " + k->text + " is listed but no tensor uses it");
        }
        Root& root = it->second;
        if (root.filled)
            throw Error(file_, "storage key " + k->text + " listed twice");
        std::int64_t count = 0;
        unsigned char b[8];
        src.read(b, 8);
        for (int i = 7; i >= 0; --i)
            count = (count << 8) | b[i];
        if (count != root.data.numel()) {
            throw Error(file_, "storage " + k->text + " holds " + std::to_string(count) +
                                   " elements, the checkpoint needs " +
                                   std::to_string(root.data.numel()));
        }
        src.read(root.data.data_ptr(), root.data.nbytes());
        root.filled = true;
    }
    for (const auto& [key, root] : roots_) {
        if (!root.filled)
            throw Error(file_, "storage key missing: " + key + " has no data");
    }
    return extract(top, false);
}

bool looks_like_tar(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    char magic[5] = {};
    in.seekg(257);
    return in.read(magic, 5) && std::string_view(magic, 5) == "ustar";
}

}  // namespace

std::vector<NamedTensor> read_pth(const fs::path& file) {
    std::error_code ec;
    if (!fs::exists(file, ec))
        throw Error(file, "no such file");
    if (fs::is_directory(file, ec))
        throw Error(file, "is a folder, not a checkpoint file");
    try {
        Loader loader(file);
        if (ZipArchive::looks_like_zip(file))
            return loader.read_zip();
        if (looks_like_tar(file)) {
            throw Error(file,
                        "a tar-format checkpoint from PyTorch < 0.1.10; not supported (load "
                        "and re-save it with a newer PyTorch)");
        }
        return loader.read_legacy();
    } catch (const Error& e) {
        if (e.file().empty())
            throw Error(file, e.problem());
        throw;
    } catch (const c10::Error& e) {
        throw Error(file, e.what_without_backtrace());
    } catch (const std::bad_alloc&) {
        throw Error(file, "out of memory while reading the checkpoint");
    } catch (const std::exception& e) {
        throw Error(file, e.what());
    }
}

}  // namespace amr::nn
