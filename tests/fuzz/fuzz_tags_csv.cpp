// tags.csv of plain-folder datasets (also read by VOC folders).
#include "engine/data/folder_reader.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("tags.csv", data, size);
    amr::fuzz::expect_clean(file, [&] { (void)amr::data::read_tags_csv(file); });
    return 0;
}
