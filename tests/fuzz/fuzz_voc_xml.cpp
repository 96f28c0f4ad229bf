// PASCAL VOC annotation XML.
#include "engine/data/voc_xml.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto file = amr::fuzz::write_input("2007_000032.xml", data, size);
    amr::fuzz::expect_clean(file, [&] {
        auto a = amr::data::read_voc_annotation(file);
        // What was read must write back.
        (void)amr::data::voc_annotation_xml(a);
    });
    return 0;
}
