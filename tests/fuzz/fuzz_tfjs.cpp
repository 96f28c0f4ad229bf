// TF.js layers-model import: the input is model.json, next to a fixed 64-byte weight shard and
// a labels.json, as in an unpacked npm package.
#include "engine/nn/tfjs_import.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool shard_written = [] {
        const std::uint8_t shard[64] = {};
        amr::fuzz::write_input("group1-shard1of1.bin", shard, sizeof shard);
        const std::string labels = R"({"0": "cat", "1": "dog"})";
        amr::fuzz::write_input("labels.json", reinterpret_cast<const std::uint8_t*>(labels.data()),
                               labels.size());
        return true;
    }();
    (void)shard_written;
    const auto file = amr::fuzz::write_input("model.json", data, size);
    amr::fuzz::expect_clean(amr::fuzz::scratch_dir(),
                            [&] { (void)amr::nn::read_tfjs_model(file); });
    return 0;
}
