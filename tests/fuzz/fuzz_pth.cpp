// read_pth on a whole file: zip (PyTorch >= 1.6) and legacy formats, with the torch hooks.
#include "engine/nn/pth_reader.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

// Reads the first and the last byte each tensor can reach, so ASan sees a view that points
// outside its storage (torch itself is not instrumented; its malloc is).
void touch(const torch::Tensor& t) {
    if (t.numel() == 0)
        return;
    std::int64_t last = t.storage_offset();
    for (std::int64_t d = 0; d < t.dim(); ++d)
        last += (t.size(d) - 1) * t.stride(d);
    const auto elem = static_cast<std::int64_t>(t.element_size());
    const auto* base = static_cast<const volatile char*>(t.storage().data());
    (void)base[t.storage_offset() * elem];
    (void)base[last * elem + elem - 1];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("input.pth", data, size);
    amr::fuzz::expect_clean(file, [&] {
        for (const auto& t : amr::nn::read_pth(file))
            touch(t.value);
    });
    return 0;
}
