#pragma once
// clang 14 cannot compile LibTorch 1.13's headers as C++20 against libstdc++ 12 (constexpr
// std::vector of the incomplete c10::IValue), so the torch-heavy engine sources are built as
// C++17 here; this supplies the one C++20 name they use.
#if __cplusplus < 202002L
#include <bit>
namespace std {
enum class endian {
    little = __ORDER_LITTLE_ENDIAN__,
    big = __ORDER_BIG_ENDIAN__,
    native = __BYTE_ORDER__
};
}  // namespace std
#endif
