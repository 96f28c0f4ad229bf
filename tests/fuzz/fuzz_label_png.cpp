// Label PNGs through libpng: the full reader, the header/palette reader and the size reader.
#include "engine/data/label_png.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("label.png", data, size);
    amr::fuzz::expect_clean(file, [&] { (void)amr::data::read_png_size(file); });
    amr::fuzz::expect_clean(file, [&] { (void)amr::data::read_png_info(file); });
    amr::fuzz::expect_clean(file, [&] {
        cv::Mat m = amr::data::read_label_png(file);
        (void)cv::sum(m);
    });
    return 0;
}
