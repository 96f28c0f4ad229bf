// Force-included, after the precompiled header, into each source of a grouped test program
// (AMR_GROUP_TESTS, tests/CMakeLists.txt), which is compiled with
// -DAMR_GROUPED_TEST_NAME=<its name>: the source's QTEST_*_MAIN then defines
// amr_test_main_<name>() instead of main(), and support/grouped_main.cpp calls it by name.
// (A -Dmain=... on the command line would make GCC refuse the PCH, where `main` occurs.)
#define AMR_GROUPED_CAT2(a, b) a##b
#define AMR_GROUPED_CAT(a, b) AMR_GROUPED_CAT2(a, b)
#define main AMR_GROUPED_CAT(amr_test_main_, AMR_GROUPED_TEST_NAME)
