// Training throughput of ResNet-50 AMR (train_amr, random init) at 320×320, batch 4, against
// the bare forward + backward + SGD step of the same network on one fixed batch. A ratio near 1
// means data loading is hidden behind compute.
//   bench_train_amr [steps=4] [loader_threads=2] [torch_threads=2]
// Run by hand; prints figures for docs/performance.md.

#include <unistd.h>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "engine/data/demo_data.h"
#include "engine/nn/cam_nets.h"
#include "engine/train/stages.h"
#include "engine/train/train.h"
#include "engine/train/train_loop.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

int main(int argc, char** argv) {
    const int steps = argc > 1 ? std::atoi(argv[1]) : 4;
    const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
    torch::set_num_threads(argc > 3 ? std::atoi(argv[3]) : 2);
    const int batch = 4, crop = 320;
    fs::path dir = fs::temp_directory_path() / ("bench_train_amr." + std::to_string(getpid()));
    fs::create_directories(dir);

    amr::data::DemoDataOptions d;
    d.output = dir / "demo";
    d.train_images = batch * (steps + 1);
    d.val_images = 1;
    d.canvas_size = 400;
    auto data = amr::data::make_demo_data(d).root;

    amr::nn::SpotlightOptions so;
    so.backbone = amr::nn::ResNetOptions::cam(50, amr::nn::ResNetLayout::kCaffe);
    so.num_classes = 10;
    amr::nn::SpotlightNet cam(so);
    amr::nn::save_checkpoint(dir / "cam.pt", *cam, amr::nn::spotlight_meta(so));

    amr::train::TrainAmrOptions o = amr::train::TrainAmrOptions::preset("paper");
    o.dataset = data;
    o.output = dir / "amr.pt";
    o.cam = dir / "cam.pt";
    o.init = "none";
    o.batch = batch;
    o.crop = crop;
    o.epochs = 1;
    o.max_steps = steps + 1;
    o.loader_threads = threads;
    // Time steps 2.. (the first one warms up allocators and threads).
    Clock::time_point t1, t2;
    amr::train::train_amr(o, {}, [&](const amr::train::TrainProgress& p) {
        if (p.step == 1)
            t1 = Clock::now();
        t2 = Clock::now();  // the last step's end, before the resume state is written
    });
    double train_s = std::chrono::duration<double>(t2 - t1).count();
    double train_ips = steps * batch / train_s;

    amr::nn::AmrNetOptions ao;
    ao.backbone = so.backbone;
    ao.num_classes = 10;
    amr::nn::AmrNet net(ao);
    auto device = amr::train::resolve_device("auto");
    net->to(device);
    net->train();
    amr::train::Sgd sgd(o.momentum, o.weight_decay);
    amr::train::add_amr_groups(sgd, net, o);
    amr::train::Batch b{torch::randn({batch, 3, crop, crop}).to(device),
                        (torch::rand({batch, 10}) > 0.7).to(torch::kFloat32).to(device)};
    Clock::time_point t0;
    for (int i = 0; i <= steps; ++i) {
        if (i == 1)
            t0 = Clock::now();
        sgd.zero_grad();
        amr::train::LossTerms terms;
        amr::train::amr_loss(net, b, o, terms).backward();
        sgd.step();
    }
    if (device.is_cuda())
        torch::cuda::synchronize();
    double bare_s = std::chrono::duration<double>(Clock::now() - t0).count();
    double bare_ips = steps * batch / bare_s;

    std::printf(
        "ResNet-50 AMR, %dx%d, batch %d, %d timed steps, %d torch threads, %d loader "
        "threads, %s\n",
        crop, crop, batch, steps, torch::get_num_threads(), threads,
        device.is_cuda() ? "cuda" : "cpu");
    std::printf("  train_amr (loader + step): %.2f images/s\n", train_ips);
    std::printf("  bare forward+backward+SGD: %.2f images/s\n", bare_ips);
    std::printf("  ratio %.3f (goal >= 0.9)\n", train_ips / bare_ips);
    fs::remove_all(dir);
    return 0;
}
