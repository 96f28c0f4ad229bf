// Precompiled header of the Qt Widgets library (AMR_PCH, cmake/amr_pch.cmake).
#include <QtWidgets>

#include <opencv2/core.hpp>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>
