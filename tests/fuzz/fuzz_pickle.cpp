// The pickle VM alone, on bytes in memory, with hooks that accept any persistent id.
#include "engine/nn/pickle_vm.h"
#include "tests/fuzz/fuzz_common.h"

using namespace amr::nn::pickle;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path file = "fuzz-input.pkl";
    Hooks hooks;
    hooks.persistent_load = [](Arena& arena, Value* pid) {
        Value* v = arena.make(Kind::Object);
        v->args = pid;
        return v;
    };
    amr::fuzz::expect_clean(file, [&] {
        Arena arena;
        MemorySource src(file, reinterpret_cast<const char*>(data), size);
        // Several pickles back to back, as in a legacy torch.save file.
        while (src.remaining() > 0) {
            Value* top = unpickle(src, arena, hooks, file, "pickle");
            (void)dict_get(top, "state_dict");
        }
    });
    return 0;
}
