#pragma once
// For the check() of options structs: with `constexpr OptionCheck require{"refine options"};`,
// require(alpha >= 0, "alpha must not be negative") throws
// amr::Error("refine options: alpha must not be negative") when the condition fails.

#include <string>

#include "engine/core/error.h"

namespace amr {

struct OptionCheck {
    const char* owner;  // "refine options"
    void operator()(bool ok, const std::string& what) const {
        if (!ok)
            throw Error(std::string(owner) + ": " + what);
    }
};

}  // namespace amr
