// VOC export throughput on 10,000 demo-sized images (200x200 JPEG + label PNG each).
// JPEG sources are byte-copied, so no JPEG encoding is measured; masks are decoded, checked,
// boxed and re-encoded as palette PNGs, and every file is written atomically (fsync + rename).
//
//   bench_voc_export [images=10000] [scratch folder=$TMPDIR] [writer counts to compare: 1,4,16]
// Goal: >= 300 images/s.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/core/atomic_file.h"
#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/export/voc_export.h"

namespace fs = std::filesystem;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// A few distinct images and masks, written under many ids: generation stays quick.
amr::data::Dataset make_dataset(const fs::path& root, int count) {
    const int kVariants = 16;
    fs::create_directories(root);
    std::mt19937 rng(7);
    std::vector<std::string> jpegs, masks;
    std::vector<std::vector<std::uint16_t>> tags;
    for (int v = 0; v < kVariants; ++v) {
        cv::Mat image(200, 200, CV_8UC3);
        cv::randu(image, 0, 255);
        cv::GaussianBlur(image, image, {9, 9}, 3);
        std::vector<uchar> bytes;
        cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 90});
        jpegs.emplace_back(bytes.begin(), bytes.end());
        cv::Mat labels(200, 200, CV_8UC1, cv::Scalar(0));
        std::vector<std::uint16_t> t;
        for (int k = 0; k < 3; ++k) {
            const int cls = static_cast<int>(rng() % 10);
            const int x = static_cast<int>(rng() % 140), y = static_cast<int>(rng() % 140);
            cv::rectangle(
                labels,
                {x, y, 28 + static_cast<int>(rng() % 30), 28 + static_cast<int>(rng() % 30)},
                cv::Scalar(cls + 1), cv::FILLED);
            cv::rectangle(labels, {x, y, 30, 30}, cv::Scalar(255), 1);  // a void outline
            t.push_back(static_cast<std::uint16_t>(cls));
        }
        std::sort(t.begin(), t.end());
        t.erase(std::unique(t.begin(), t.end()), t.end());
        tags.push_back(t);
        const fs::path tmp = root / "variant.png";
        amr::data::write_label_png(tmp, labels);
        masks.push_back(amr::read_file(tmp));
        fs::remove(tmp);
    }
    amr::data::Dataset ds(
        root, amr::data::DatasetFormat::Folder,
        amr::data::ClassList({"c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9"}));
    const std::uint32_t train = ds.split_bit("train"), val = ds.split_bit("val");
    fs::create_directories(root / "images");
    fs::create_directories(root / "masks");
    for (int i = 0; i < count; ++i) {
        char id[32];
        std::snprintf(id, sizeof id, "img_%06d", i);
        const int v = i % kVariants;
        amr::data::ImageRecord rec;
        rec.id = id;
        rec.image = root / "images" / (rec.id + ".jpg");
        rec.mask = root / "masks" / (rec.id + ".png");
        rec.tags = tags[v];
        rec.splits = i % 5 == 0 ? val : train;
        // Plain writes: the source data needs no crash safety.
        std::FILE* f = std::fopen(rec.image.c_str(), "wb");
        std::fwrite(jpegs[v].data(), 1, jpegs[v].size(), f);
        std::fclose(f);
        f = std::fopen(rec.mask->c_str(), "wb");
        std::fwrite(masks[v].data(), 1, masks[v].size(), f);
        std::fclose(f);
        ds.add(std::move(rec), root);
    }
    return ds;
}

void run(const char* label, amr::data::Dataset& ds, amr::voc::MaskSource& masks,
         const fs::path& out, int threads, amr::voc::ExistingOutput existing) {
    amr::voc::VocExportOptions o;
    o.dataset = &ds;
    o.masks = &masks;
    o.output = out;
    o.priority = {"gt"};
    o.threads = threads;
    o.existing = existing;
    const auto t0 = std::chrono::steady_clock::now();
    const auto r = amr::voc::export_voc(o);
    const double s = seconds_since(t0);
    std::printf("%-34s %6zu images (%zu written, %zu unchanged) in %6.2f s = %7.0f images/s\n",
                label, r.exported, r.written, r.unchanged, s, double(r.exported) / s);
}

}  // namespace

int main(int argc, char** argv) {
    const int count = argc > 1 ? std::atoi(argv[1]) : 10000;
    const char* tmpdir = std::getenv("TMPDIR");
    const fs::path base = argc > 2 ? fs::path(argv[2]) : fs::path(tmpdir ? tmpdir : "/tmp");
    const fs::path root = base / "amr_bench_voc_export";
    fs::remove_all(root);
    auto t0 = std::chrono::steady_clock::now();
    amr::data::Dataset ds = make_dataset(root / "src", count);
    std::printf("generated %d images + masks in %.1f s under %s\n", count, seconds_since(t0),
                root.c_str());
    amr::voc::FolderMaskSource masks;

    // Optional: writer counts to compare, e.g. "1,4,16".
    if (argc > 3)
        for (std::string rest = argv[3]; !rest.empty();) {
            const auto comma = rest.find(',');
            const int writers = std::atoi(rest.substr(0, comma).c_str());
            rest = comma == std::string::npos ? "" : rest.substr(comma + 1);
            const std::string label = "export, " + std::to_string(writers) + " writers";
            run(label.c_str(), ds, masks, root / ("out" + std::to_string(writers)), writers,
                amr::voc::ExistingOutput::Refuse);
        }
    run("export, automatic writers", ds, masks, root / "out", 0, amr::voc::ExistingOutput::Refuse);
    run("rerun --update (all unchanged)", ds, masks, root / "out", 0,
        amr::voc::ExistingOutput::Update);
    run("--overwrite (delete + export)", ds, masks, root / "out", 0,
        amr::voc::ExistingOutput::Overwrite);
    fs::remove_all(root);
    return 0;
}
