// The tar reader (plain or gzip), ustar / GNU long names / pax paths.
#include "engine/nn/tar_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("input.tgz", data, size);
    amr::fuzz::expect_clean(file, [&] {
        auto entries = amr::nn::read_tar(file);
        std::size_t total = 0;
        for (const auto& e : entries)
            total += e.name.size() + e.data.size();
        (void)total;
    });
    return 0;
}
