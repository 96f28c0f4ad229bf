#include "engine/core/runtime.h"

#include <opencv2/core.hpp>
#include <thread>

#include <torch/torch.h>

namespace amr {

void init_runtime(int threads) {
    if (threads <= 0)
        threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    torch::set_num_threads(threads);
    cv::setNumThreads(threads);
}

int torch_threads() {
    return torch::get_num_threads();
}

std::string version() {
    return AMR_VERSION;
}

std::string build_info() {
    std::string s =
        "amr " + version() + " (LibTorch " + TORCH_VERSION + ", OpenCV " + CV_VERSION + ", ";
    s += torch::cuda::is_available()
             ? "CUDA with " + std::to_string(torch::cuda::device_count()) + " GPU(s)"
             : std::string("CPU only");
    s += ", " + std::to_string(torch::get_num_threads()) + " threads)";
    return s;
}

}  // namespace amr
