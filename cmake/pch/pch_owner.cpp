// Empty: the target that compiles this owns a precompiled header that other targets reuse
// (cmake/amr_pch.cmake).
