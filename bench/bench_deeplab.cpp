// DeepLab-v2 throughput (docs/method.md §6): training images/s through train_deeplab (data loading
// included, MSC forward + backward + SGD, random init) and full-resolution inference images/s
// on a 500×375 image (MSC 0.5/0.75/1.0 max fusion, and single scale).
//   bench_deeplab [depth=50] [crop=321] [batch=2] [steps=3] [torch_threads=2] [base_width=64]
// Run by hand; prints figures for docs/performance.md. Uses CUDA when available.

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "engine/data/demo_data.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/deeplab/train_deeplab.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;
using namespace amr::deeplab;

namespace {

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

void sync(const torch::Device& d) {
    if (d.is_cuda())
        torch::cuda::synchronize();
}

}  // namespace

int main(int argc, char** argv) {
    const int depth = argc > 1 ? std::atoi(argv[1]) : 50;
    const int crop = argc > 2 ? std::atoi(argv[2]) : 321;
    const int batch = argc > 3 ? std::atoi(argv[3]) : 2;
    const int steps = argc > 4 ? std::atoi(argv[4]) : 3;
    torch::set_num_threads(argc > 5 ? std::atoi(argv[5]) : 2);
    const int width = argc > 6 ? std::atoi(argv[6]) : 64;
    const torch::Device device = torch::cuda::is_available() ? torch::kCUDA : torch::kCPU;
    fs::path dir = fs::temp_directory_path() / ("bench_deeplab." + std::to_string(getpid()));
    fs::create_directories(dir);

    amr::data::DemoDataOptions d;
    d.output = dir / "demo";
    d.train_images = batch * (steps + 1);
    d.val_images = 1;
    d.canvas_size = 400;
    auto data = amr::data::make_demo_data(d).root;

    TrainDeeplabOptions o = TrainDeeplabOptions::preset("paper");
    o.dataset = data;
    o.labels = data / "VOCdevkit/VOC2012/SegmentationClass";
    o.output = dir / "deeplab.pt";
    o.init = "none";
    o.depth = depth;
    o.base_width = width;
    o.batch = batch;
    o.crop = crop;
    o.iter_size = 1;
    o.iterations = steps + 1;
    o.max_steps = steps + 1;
    o.save_every = 0;
    // Time steps 2.. (the first one warms up allocators and threads).
    Clock::time_point t1, t2;
    auto r = train_deeplab(o, {}, [&](const amr::train::TrainProgress& p) {
        if (p.step == 1)
            t1 = Clock::now();
        t2 = Clock::now();
    });
    const double train_s = std::chrono::duration<double>(t2 - t1).count();
    std::printf("device %s, ResNet-%d (width %d), torch threads %d\n", r.device.c_str(), depth,
                width, torch::get_num_threads());
    std::printf("training, crop %d, batch %d, MSC (4 outputs): %.2f images/s (%.2f s/step)\n", crop,
                batch, steps * batch / train_s, train_s / steps);

    DeepLabOptions net_options;
    net_options.backbone = DeepLabOptions::backbone_for(depth, amr::nn::ResNetLayout::kCaffe);
    net_options.backbone.base_width = width;
    net_options.num_classes = 21;
    DeepLabV2 net(net_options);
    net->to(device);
    net->eval();
    auto x = torch::randn({1, 3, 375, 500}).to(device);
    for (const auto& scales : {std::vector<double>{0.5, 0.75, 1.0}, std::vector<double>{1.0}}) {
        predict_probabilities(net, x, scales, false);  // warm-up
        sync(device);
        const int runs = 3;
        auto t = Clock::now();
        for (int i = 0; i < runs; ++i)
            predict_probabilities(net, x, scales, false);
        sync(device);
        const double s = seconds_since(t) / runs;
        std::printf("inference 500×375, %zu scale(s): %.2f images/s (%.2f s/image)\n",
                    scales.size(), 1 / s, s);
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
