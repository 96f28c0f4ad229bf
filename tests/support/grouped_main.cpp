// The main() of a grouped test program (AMR_GROUP_TESTS, tests/CMakeLists.txt): several Qt Test
// programs linked into one executable, each source's main() renamed amr_test_main_<name> (grouped_test_main.h), so
// that its QTEST_*_MAIN becomes a function. `<program> <name> [Qt Test arguments]` runs one of them
// as if it were its own program (argv[0] is the test's name, so QCoreApplication's name is too).
#include <cstdio>
#include <cstring>

#define AMR_GROUPED_TEST(name) int amr_test_main_##name(int, char**);
#include AMR_GROUPED_TEST_LIST
#undef AMR_GROUPED_TEST

namespace {

struct Entry {
    const char* name;
    int (*main)(int, char**);
};

const Entry entries[] = {
#define AMR_GROUPED_TEST(name) {#name, amr_test_main_##name},
#include AMR_GROUPED_TEST_LIST
#undef AMR_GROUPED_TEST
};

}  // namespace

int main(int argc, char** argv) {
    if (argc >= 2) {
        for (const Entry& e : entries) {
            if (std::strcmp(argv[1], e.name) == 0)
                return e.main(argc - 1, argv + 1);
        }
    }
    std::fprintf(stderr, "usage: %s TEST [Qt Test arguments]\nTEST is one of:\n", argv[0]);
    for (const Entry& e : entries)
        std::fprintf(stderr, "  %s\n", e.name);
    return 2;
}
