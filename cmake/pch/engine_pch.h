// Precompiled header of the engine's LibTorch sources and of the programs that share it
// (AMR_PCH, cmake/amr_pch.cmake). Force-included: sources still include what they use.
#include <torch/torch.h>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>
