// The zip reader: central directory, then every entry read back (stored or deflated, CRC).
#include "engine/nn/pth_zip.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("input.zip", data, size);
    amr::fuzz::expect_clean(file, [&] {
        (void)amr::nn::ZipArchive::looks_like_zip(file);
        amr::nn::ZipArchive zip(file);
        for (const auto& e : zip.entries()) {
            try {
                (void)zip.read(e);
            } catch (const amr::Error& err) {
                if (err.file() != file)
                    throw;  // reported by expect_clean
            }
        }
    });
    return 0;
}
