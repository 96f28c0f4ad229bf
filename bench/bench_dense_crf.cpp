// Dense CRF (docs/method.md §5.1 label CRF and §6.3 DeepLab CRF) on a synthetic 500×375 image with
// 3 and 21 labels, 10 mean-field iterations; then the whole make_seeds job on synthetic CAMs.
//
//   bench_dense_crf [repeats=3] [seed images=16] [scratch folder=$TMPDIR]
// Threads: OpenCV's pool (set OPENCV_FOR_THREADS_NUM=2 for 2 cores).

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/refine/dense_crf.h"
#include "engine/refine/make_seeds.h"
#include "engine/refine/permutohedral.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// Smooth coloured ellipses on a gradient plus noise: lattice occupancy close to a photograph's.
cv::Mat synthetic_image(int rows, int cols, std::mt19937& rng) {
    cv::Mat img(rows, cols, CV_8UC3);
    for (int y = 0; y < rows; ++y)
        for (int x = 0; x < cols; ++x)
            img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<uchar>(x * 255 / cols),
                                                static_cast<uchar>(y * 255 / rows), 128);
    std::uniform_int_distribution<int> ux(0, cols), uy(0, rows), ur(20, 120), uc(0, 255);
    for (int e = 0; e < 12; ++e)
        cv::ellipse(img, {ux(rng), uy(rng)}, {ur(rng), ur(rng)}, uc(rng), 0, 360,
                    cv::Scalar(uc(rng), uc(rng), uc(rng)), cv::FILLED);
    cv::Mat noise(rows, cols, CV_8UC3);
    cv::randn(noise, 0, 8);
    img += noise;
    return img;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

void bench_crf(const cv::Mat& bgr, int labels, const amr::refine::DenseCrfOptions& opt,
               const char* name, int repeats) {
    std::vector<cv::Mat> unary(static_cast<std::size_t>(labels));
    for (auto& u : unary) {
        u.create(bgr.size(), CV_32FC1);
        cv::randu(u, 0.f, 3.f);
    }
    std::vector<double> times, cpu;
    for (int r = 0; r < repeats; ++r) {
        const auto t0 = Clock::now();
        const std::clock_t c0 = std::clock();
        const auto q = amr::refine::dense_crf(unary, bgr, opt);
        cpu.push_back(1000.0 * static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC);
        times.push_back(ms_since(t0));
    }
    // CPU time hardly depends on the machine's load; wall time does.
    std::printf("%-28s %2d labels: wall median %7.1f ms (min %.1f), CPU %7.1f ms\n", name, labels,
                median(times), *std::min_element(times.begin(), times.end()), median(cpu));
}

void bench_lattice(const cv::Mat& bgr, const amr::refine::DenseCrfOptions& opt, int repeats) {
    const int n = bgr.rows * bgr.cols;
    std::vector<float> f(static_cast<std::size_t>(n) * 5);
    for (int y = 0; y < bgr.rows; ++y)
        for (int x = 0; x < bgr.cols; ++x) {
            float* p = f.data() + (static_cast<std::size_t>(y) * bgr.cols + x) * 5;
            const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
            p[0] = x / opt.bilateral_sxy;
            p[1] = y / opt.bilateral_sxy;
            p[2] = c[2] / opt.bilateral_srgb;
            p[3] = c[1] / opt.bilateral_srgb;
            p[4] = c[0] / opt.bilateral_srgb;
        }
    std::vector<double> build, filter3, filter21;
    int points = 0;
    for (int r = 0; r < repeats; ++r) {
        auto t0 = Clock::now();
        amr::refine::PermutohedralLattice lattice(f.data(), n, 5);
        build.push_back(ms_since(t0));
        points = lattice.lattice_points();
        for (int v : {3, 21}) {
            std::vector<float> in(static_cast<std::size_t>(n) * v, 1.f), out(in.size()), scratch;
            t0 = Clock::now();
            lattice.filter(in.data(), out.data(), v, scratch);
            (v == 3 ? filter3 : filter21).push_back(ms_since(t0));
        }
    }
    std::printf(
        "bilateral lattice (d=5): %d lattice points for %d pixels; build %.1f ms, "
        "filter 3 ch %.1f ms, 21 ch %.1f ms\n",
        points, n, median(build), median(filter3), median(filter21));
}

// A plain-folder dataset of `count` synthetic 500×375 images with two tags each, and a CAM
// store whose maps are smooth blobs over two of the image's ellipses.
void make_seed_fixture(const fs::path& root, int count, std::mt19937& rng) {
    fs::create_directories(root / "data" / "images");
    std::string tags = "image,tags,split\n";
    amr::cam::CamStore store(root / "cams", "bench");
    for (int i = 0; i < count; ++i) {
        const std::string id = "img" + std::to_string(i);
        const cv::Mat img = synthetic_image(375, 500, rng);
        cv::imwrite((root / "data" / "images" / (id + ".jpg")).string(), img);
        tags += id + ".jpg,a;b,train\n";
        amr::cam::CamEntry e;
        e.height = 375;
        e.width = 500;
        e.keys = {0, 1};
        std::uniform_real_distribution<float> ux(0, 500), uy(0, 375), us(40, 120);
        for (auto* branch : {&e.spotlight, &e.compensation}) {
            for (int k = 0; k < 2; ++k) {
                cv::Mat p(375, 500, CV_32FC1);
                const float cx = ux(rng), cy = uy(rng), sd = us(rng);
                for (int y = 0; y < 375; ++y)
                    for (int x = 0; x < 500; ++x)
                        p.at<float>(y, x) =
                            std::exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * sd * sd));
                branch->high_res.push_back(p);
                cv::Mat small;
                cv::resize(p, small, {125, 94}, 0, 0, cv::INTER_AREA);
                branch->strided.push_back(small);
            }
        }
        store.put(id, e);
    }
    std::FILE* f = std::fopen((root / "data" / "tags.csv").c_str(), "w");
    std::fputs(tags.c_str(), f);
    std::fclose(f);
    f = std::fopen((root / "data" / "classes.txt").c_str(), "w");
    std::fputs("a\nb\n", f);
    std::fclose(f);
}

void bench_make_seeds(const fs::path& scratch, int count, std::mt19937& rng) {
    const fs::path root = scratch / ("bench_make_seeds_" + std::to_string(::getpid()));
    make_seed_fixture(root, count, rng);
    for (bool crf : {true, false}) {
        amr::refine::MakeSeedsOptions o;
        o.dataset = root / "data";
        o.cam_store = root / "cams";
        o.output = root / (crf ? "seeds" : "seeds_plain");
        o.crf = crf;
        const auto t0 = Clock::now();
        const std::clock_t c0 = std::clock();
        const auto r = amr::refine::make_seeds(o);
        const double s = ms_since(t0) / 1000;
        const double cpu = static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
        std::printf(
            "make_seeds %-7s %zu images of 500x375 (2 classes, 3 CRF labels): %.2f s, "
            "%.2f images/s, CPU %.2f s per image, void %.1f%%\n",
            crf ? "CRF" : "no CRF", r.written, s, r.written / s, cpu / r.written,
            100 * r.void_fraction);
    }
    fs::remove_all(root);
}

}  // namespace

int main(int argc, char** argv) {
    const int repeats = argc > 1 ? std::max(1, std::atoi(argv[1])) : 3;
    std::mt19937 rng(42);
    const cv::Mat bgr = synthetic_image(375, 500, rng);
    std::printf("image 500x375, %d OpenCV threads, %d repeats\n", cv::getNumThreads(), repeats);

    amr::refine::DenseCrfOptions seeds;  // docs/method.md §5.1
    bench_lattice(bgr, seeds, repeats);
    for (int labels : {3, 21})
        bench_crf(bgr, labels, seeds, "label CRF (§5.1)", repeats);
    for (int labels : {3, 21})
        bench_crf(bgr, labels, amr::refine::deeplab_crf_options(), "DeepLab CRF (§6.3)", repeats);
    amr::refine::DenseCrfOptions serial = seeds;
    serial.threads = 1;
    bench_crf(bgr, 3, serial, "label CRF, 1 thread", repeats);

    const int seed_images = argc > 2 ? std::max(1, std::atoi(argv[2])) : 16;
    const char* tmp = std::getenv("TMPDIR");
    const fs::path scratch = argc > 3 ? fs::path(argv[3]) : fs::path(tmp ? tmp : "/tmp");
    bench_make_seeds(scratch, seed_images, rng);
    return 0;
}
