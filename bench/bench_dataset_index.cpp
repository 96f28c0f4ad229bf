// Indexing speed and memory of open_dataset on a 100,000-image dataset, for both formats.
// Goal: under 2 s and under 300 MB of extra peak memory. Images are zero-byte files: opening
// is lazy and never reads them. Usage: bench_dataset_index [IMAGES] [SCRATCH_DIR]

#include <malloc.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

#include "engine/core/error.h"
#include "engine/data/dataset.h"

namespace fs = std::filesystem;
using amr::data::ClassList;
using amr::data::Dataset;

namespace {

constexpr double kGoalSeconds = 2.0;
constexpr double kGoalMegabytes = 300.0;

void write(const fs::path& file, const std::string& text) {
    std::ofstream out(file, std::ios::binary);
    out << text;
    if (!out)
        throw amr::Error(file, "cannot write");
}

std::string make_id(int i) {
    char id[32];
    std::snprintf(id, sizeof id, "%04d_%06d", 2007 + i / 100000, i % 100000);
    return id;
}

// Two or three objects of the VOC classes per image, one of them with parts.
std::vector<std::string> pick_tags(std::mt19937& rng) {
    static const ClassList voc = ClassList::voc();
    const auto& names = voc.names();
    std::vector<std::string> out;
    int n = 1 + static_cast<int>(rng() % 3);
    for (int k = 0; k < n; ++k)
        out.push_back(names[rng() % names.size()]);
    return out;
}

void build_voc(const fs::path& root, int n) {
    fs::path voc = root / "VOCdevkit" / "VOC2012";
    for (auto sub : {"JPEGImages", "Annotations", "SegmentationClass", "ImageSets/Segmentation"})
        fs::create_directories(voc / sub);
    std::mt19937 rng(1);
    std::string train, val;
    for (int i = 0; i < n; ++i) {
        std::string id = make_id(i);
        write(voc / "JPEGImages" / (id + ".jpg"), "");
        std::string xml = "<annotation>\n\t<folder>VOC2012</folder>\n\t<filename>" + id +
                          ".jpg</filename>\n\t<size><width>500</width><height>375</height>"
                          "<depth>3</depth></size>\n\t<segmented>1</segmented>\n";
        for (const auto& t : pick_tags(rng))
            xml += "\t<object>\n\t\t<name>" + t +
                   "</name>\n\t\t<pose>Left</pose>\n\t\t<truncated>0</truncated>\n\t\t"
                   "<difficult>0</difficult>\n\t\t<bndbox><xmin>1</xmin><ymin>2</ymin>"
                   "<xmax>100</xmax><ymax>200</ymax></bndbox>\n\t\t<part><name>head</name>"
                   "</part>\n\t</object>\n";
        write(voc / "Annotations" / (id + ".xml"), xml + "</annotation>\n");
        if (i % 10 == 0)
            write(voc / "SegmentationClass" / (id + ".png"), "");
        (i % 10 == 9 ? val : train) += id + "\n";
    }
    write(voc / "ImageSets/Segmentation/train.txt", train);
    write(voc / "ImageSets/Segmentation/val.txt", val);
}

void build_folder(const fs::path& root, int n) {
    fs::create_directories(root / "images");
    fs::create_directories(root / "masks");
    std::mt19937 rng(2);
    std::string csv = "image,tags,split\n";
    for (int i = 0; i < n; ++i) {
        std::string id = make_id(i);
        write(root / "images" / (id + ".jpg"), "");
        if (i % 10 == 0)
            write(root / "masks" / (id + ".png"), "");
        std::string tags;
        for (const auto& t : pick_tags(rng))
            tags += (tags.empty() ? "" : ";") + t;
        csv += id + ".jpg," + tags + (i % 10 == 9 ? ",val\n" : ",train\n");
    }
    write(root / "tags.csv", csv);
    ClassList::voc().save(root / "classes.txt");
}

// A field of /proc/self/status in MB (VmRSS, VmHWM).
double status_mb(const char* field) {
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind(field, 0) == 0)
            return std::atof(line.c_str() + std::strlen(field) + 1) / 1024.0;
    return -1;
}

// Resets VmHWM to the current RSS (Linux 4.0+), so the peak belongs to what follows.
bool reset_peak() {
    std::ofstream out("/proc/self/clear_refs");
    out << "5";
    out.flush();
    return static_cast<bool>(out);
}

// CPU seconds of the process (all threads), user + system.
double cpu_seconds() {
    rusage u{};
    ::getrusage(RUSAGE_SELF, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6;
}

// The first field of /proc/loadavg: on a busy machine wall times say little.
std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string first;
    in >> first;
    return first.empty() ? "?" : first;
}

struct Run {
    double seconds = 0;
    double cpu = 0;      // CPU seconds, all threads
    double peak_mb = 0;  // VmHWM during the run minus VmRSS before it
    std::size_t images = 0;
};

Run time_open(const fs::path& root) {
    Run r;
    ::malloc_trim(0);  // memory freed by an earlier run must not hide this run's growth
    bool reset = reset_peak();
    double rss_before = status_mb("VmRSS:");
    double hwm_before = status_mb("VmHWM:");
    double cpu0 = cpu_seconds();
    auto t0 = std::chrono::steady_clock::now();
    {
        Dataset ds = amr::data::open_dataset(root);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        r.cpu = cpu_seconds() - cpu0;
        r.images = ds.size();
    }
    double hwm_after = status_mb("VmHWM:");
    r.peak_mb = hwm_after - (reset ? rss_before : hwm_before);
    return r;
}

bool report(const char* format, const fs::path& root, int n) {
    Run first = time_open(root);
    Run second = time_open(root);
    bool ok = true;
    for (const Run* r : {&first, &second}) {
        bool fast = r->seconds < kGoalSeconds, small = r->peak_mb < kGoalMegabytes;
        ok = ok && fast && small && r->images == static_cast<std::size_t>(n);
        std::printf(
            "  %-7s run %d: %zu images in %.3f s (%s; %.3f CPU s), peak +%.1f MB (%s), load %s\n",
            format, r == &first ? 1 : 2, r->images, r->seconds, fast ? "ok" : "SLOW", r->cpu,
            r->peak_mb, small ? "ok" : "TOO MUCH", load_average().c_str());
    }
    return ok;
}

}  // namespace

int main(int argc, char** argv) {
    int n = argc > 1 ? std::atoi(argv[1]) : 100000;
    fs::path scratch = argc > 2 ? fs::path(argv[2]) : fs::temp_directory_path();
    fs::path dir = scratch / ("amr_bench_index_" + std::to_string(::getpid()));
    struct Cleanup {
        fs::path dir;
        ~Cleanup() {
            std::error_code ec;
            fs::remove_all(dir, ec);
        }
    } cleanup{dir};

    try {
        std::printf("bench_dataset_index: %d images per format, %u hardware threads, in %s\n", n,
                    std::thread::hardware_concurrency(), dir.c_str());
        auto t0 = std::chrono::steady_clock::now();
        build_voc(dir / "voc", n);
        build_folder(dir / "folder", n);
        std::printf("  (fixtures written in %.1f s)\n",
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        std::printf("goals: < %.0f s and < %.0f MB extra peak memory\n", kGoalSeconds,
                    kGoalMegabytes);
        bool ok = report("voc", dir / "voc", n);
        ok = report("folder", dir / "folder", n) && ok;
        std::printf("goals %s\n", ok ? "met" : "NOT met");
        return ok ? 0 : 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_dataset_index: %s\n", e.what());
        return 2;
    }
}
