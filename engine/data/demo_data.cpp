#include "engine/data/demo_data.h"

#include <fcntl.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/error.h"
#include "engine/data/demo_canvas.h"
#include "engine/data/fashion_mnist.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_xml.h"

namespace amr::data {
namespace {

namespace fs = std::filesystem;

constexpr int kMaxImages = 100000;  // ids have six digits
// Train canvases draw from the first 20,000 train items (2,000 per class, plenty of variety;
// reading all 60,000 would take longer than generating the default demo).
constexpr std::size_t kTrainItemsUsed = 20000;

std::string image_id(int n) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "demo_%06d", n);
    return buf;
}

bool is_empty_dir(const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir, ec) && fs::is_empty(dir, ec) && !ec;
}

// Removes the partial folder unless the job got to the final rename.
class PartialFolder {
public:
    explicit PartialFolder(fs::path path) : path_(std::move(path)) {
        std::error_code ec;
        fs::remove_all(path_, ec);  // a leftover of an earlier process with our pid
        if (!fs::create_directories(path_, ec) || ec)
            throw Error(path_, "cannot create the folder: " + ec.message());
    }
    ~PartialFolder() {
        if (!done_) {
            std::error_code ec;
            fs::remove_all(path_, ec);
        }
    }
    PartialFolder(const PartialFolder&) = delete;
    PartialFolder& operator=(const PartialFolder&) = delete;
    const fs::path& path() const { return path_; }
    void release() { done_ = true; }

private:
    fs::path path_;
    bool done_ = false;
};

// Files inside the partial folder need neither an atomic replace (nobody looks at the folder
// before the final rename) nor an fsync each (hundreds of those take seconds on a busy disk):
// one syncfs() before the rename makes them all durable.
void write_plain(const fs::path& file, std::string_view bytes) {
    FILE* f = std::fopen(file.c_str(), "wb");
    if (!f) {
        int err = errno;
        throw Error(file, "cannot create the file: " + errno_text(err));
    }
    int err = 0;
    if (std::fwrite(bytes.data(), 1, bytes.size(), f) != bytes.size())
        err = errno ? errno : EIO;
    if (std::fclose(f) != 0 && err == 0)
        err = errno;
    if (err != 0)
        throw Error(file, "cannot write: " + errno_text(err));
}

void sync_folder(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd < 0) {
        int err = errno;
        throw Error(dir, "cannot open the folder: " + errno_text(err));
    }
    int rc = ::syncfs(fd);
    int err = errno;
    ::close(fd);
    if (rc != 0)
        throw Error(dir, "cannot flush the files to disk: " + errno_text(err));
}

void write_list(const fs::path& file, const std::vector<std::string>& ids) {
    std::string text;
    for (const auto& id : ids)
        text += id + "\n";
    write_plain(file, text);
}

}  // namespace

void DemoDataOptions::check() const {
    auto bad = [](const std::string& what) { throw Error("demo data: " + what); };
    if (output.empty())
        bad("no output folder given");
    if (fashion_mnist_dir.empty())
        bad("no Fashion-MNIST folder given");
    if (train_images < 1 || train_images > kMaxImages)
        bad("train images must be 1.." + std::to_string(kMaxImages) + ", got " +
            std::to_string(train_images));
    if (val_images < 1 || val_images > kMaxImages)
        bad("val images must be 1.." + std::to_string(kMaxImages) + ", got " +
            std::to_string(val_images));
    if (canvas_size < 64 || canvas_size > 2048)
        bad("canvas size must be 64..2048 pixels, got " + std::to_string(canvas_size));
    if (min_items < 1 || min_items > 8)
        bad("min items must be 1..8, got " + std::to_string(min_items));
    if (max_items < min_items || max_items > 8)
        bad("max items must be " + std::to_string(min_items) + "..8 (at least min items), got " +
            std::to_string(max_items));
}

const std::vector<std::string>& demo_class_names() {
    static const std::vector<std::string> names = {"tshirt", "trouser",  "pullover", "dress",
                                                   "coat",   "sandal",   "shirt",    "sneaker",
                                                   "bag",    "ankleboot"};
    return names;
}

DemoDataResult make_demo_data(const DemoDataOptions& options, const JobContext& ctx) {
    options.check();
    fs::path out = options.output.lexically_normal();
    if (!out.has_filename())
        out = out.parent_path();  // "demo/" -> "demo"
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw Error(out, "already exists and is not a folder; choose a new folder");
    if (fs::exists(out, ec) && !is_empty_dir(out))
        throw Error(out, "already exists and is not empty; choose a new folder or remove it");
    const int total = options.train_images + options.val_images;
    ctx.report(0, std::size_t(total), "reading Fashion-MNIST");

    const DemoItemPool train(
        read_fashion_mnist(options.fashion_mnist_dir, FashionMnistSet::Train, kTrainItemsUsed));
    const DemoItemPool test(read_fashion_mnist(options.fashion_mnist_dir, FashionMnistSet::Test));
    const DemoCanvasOptions canvas_options{options.canvas_size, options.min_items,
                                           options.max_items};
    ctx.check_cancel();

    fs::path parent = out.has_parent_path() ? out.parent_path() : fs::path(".");
    fs::create_directories(parent, ec);
    PartialFolder partial(parent /
                          (out.filename().string() + ".partial-" + std::to_string(::getpid())));
    const fs::path voc = partial.path() / "VOCdevkit" / "VOC2012";
    for (const char* sub :
         {"JPEGImages", "SegmentationClass", "Annotations", "ImageSets/Segmentation"}) {
        fs::create_directories(voc / sub, ec);
        if (ec)
            throw Error(voc / sub, "cannot create the folder: " + ec.message());
    }

    std::vector<std::string> train_ids, val_ids;
    for (int n = 0; n < total; ++n) {
        ctx.check_cancel();
        bool is_train = n < options.train_images;
        std::string id = image_id(n + 1);
        DemoCanvas canvas =
            compose_demo_canvas(is_train ? train : test, canvas_options, options.seed, n);

        const fs::path jpeg_file = voc / "JPEGImages" / (id + ".jpg");
        std::vector<std::uint8_t> jpeg;
        if (!cv::imencode(".jpg", canvas.image, jpeg, {cv::IMWRITE_JPEG_QUALITY, 95}))
            throw Error(jpeg_file, "cannot encode the JPEG");
        write_plain(jpeg_file,
                    std::string_view(reinterpret_cast<const char*>(jpeg.data()), jpeg.size()));
        write_plain(voc / "SegmentationClass" / (id + ".png"), encode_label_png(canvas.labels));
        VocAnnotation annotation;
        annotation.filename = id + ".jpg";
        annotation.database = "AMR Studio demo (Fashion-MNIST)";
        annotation.width = annotation.height = options.canvas_size;
        annotation.segmented = true;
        annotation.objects = std::move(canvas.objects);
        write_plain(voc / "Annotations" / (id + ".xml"), voc_annotation_xml(annotation));
        (is_train ? train_ids : val_ids).push_back(id);
        ctx.report(std::size_t(n + 1), std::size_t(total), id);
    }
    ctx.check_cancel();

    std::string class_lines;
    for (const auto& name : demo_class_names())
        class_lines += name + "\n";
    write_plain(voc / "classes.txt", class_lines);
    fs::path lists = voc / "ImageSets" / "Segmentation";
    write_list(lists / "train.txt", train_ids);
    write_list(lists / "val.txt", val_ids);
    std::vector<std::string> all = train_ids;
    all.insert(all.end(), val_ids.begin(), val_ids.end());
    write_list(lists / "trainval.txt", all);
    sync_folder(partial.path());

    // An empty target folder is replaced; a non-empty one (created meanwhile) makes rename fail.
    fs::rename(partial.path(), out, ec);
    if (ec)
        throw Error(out, "cannot move the finished demo into place: " + ec.message());
    partial.release();
    int fd = ::open(parent.c_str(), O_RDONLY | O_DIRECTORY);  // make the rename durable too
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
    return {out, total};
}

fs::path default_demo_dir() {
    fs::path cache;
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    if (xdg && *xdg && fs::path(xdg).is_absolute()) {  // the spec says to ignore relative ones
        cache = xdg;
    } else {
        const char* home = std::getenv("HOME");
        if (!home || !*home) {
            const passwd* pw = ::getpwuid(::getuid());
            home = pw ? pw->pw_dir : "/tmp";
        }
        cache = fs::path(home) / ".cache";
    }
    return cache / "amr-studio" / "demo";
}

fs::path ensure_demo_data(const fs::path& dir, const JobContext& ctx) {
    std::error_code ec;
    if (fs::is_regular_file(dir / "VOCdevkit/VOC2012/ImageSets/Segmentation/trainval.txt", ec))
        return dir;
    DemoDataOptions options;
    options.output = dir;
    return make_demo_data(options, ctx).root;
}

}  // namespace amr::data
