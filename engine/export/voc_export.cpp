#include "engine/export/voc_export.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <mutex>
#include <sstream>
#include <thread>
#include <unordered_map>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/data/voc_xml.h"
#include "engine/export/export_manifest.h"
#include "engine/export/mask_boxes.h"

namespace amr::voc {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestName = ".amr-export.json";
// What --overwrite may delete: exactly what export_voc writes, nothing else.
const std::vector<std::string> kOwnedFolders{"JPEGImages", "SegmentationClass",
                                             "SegmentationClassAug", "Annotations",
                                             "ImageSets/Segmentation"};
const std::vector<std::string> kOwnedFiles{"classes.txt", "labels.txt", kManifestName};

struct Paths {
    fs::path root, jpeg, seg, aug, xml, lists;
    explicit Paths(const fs::path& voc)
        : root(voc),
          jpeg(voc / "JPEGImages"),
          seg(voc / "SegmentationClass"),
          aug(voc / "SegmentationClassAug"),
          xml(voc / "Annotations"),
          lists(voc / "ImageSets" / "Segmentation") {}
};

// One image to export, chosen before any file is written.
struct Task {
    std::size_t index = 0;  // into the dataset
    std::optional<MaskRef> mask;
};

struct Outcome {
    bool done = false;
    bool unchanged = false;
    std::optional<ManifestEntry> entry;  // set when the image is in the export
    std::vector<std::string> notes;
    std::string skipped;  // "<file>: <problem>" with skip_bad
    std::exception_ptr error;
};

bool is_inside(const fs::path& canonical_file, const fs::path& canonical_folder) {
    auto fi = canonical_file.begin();
    for (auto di = canonical_folder.begin(); di != canonical_folder.end(); ++di, ++fi)
        if (fi == canonical_file.end() || *fi != *di)
            return false;
    return true;
}

bool is_jpeg(std::string_view bytes) {
    return bytes.size() > 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
           static_cast<unsigned char>(bytes[1]) == 0xD8 &&
           static_cast<unsigned char>(bytes[2]) == 0xFF;
}

bool folder_is_empty(const fs::path& dir) {
    std::error_code ec;
    return fs::directory_iterator(dir, ec) == fs::directory_iterator();
}

std::string settings_key(const VocExportOptions& o) {
    std::ostringstream s;
    s << "classes=";
    for (const auto& n : o.dataset->classes().names())
        s << n << ',';
    s << ";min_box_area=" << o.min_box_area << ";aug=" << o.write_aug
      << ";jpeg_quality=" << o.jpeg_quality << ";include_unmasked=" << o.include_unmasked;
    return s.str();
}

std::string class_name(const data::ClassList& classes, int label) {
    return classes.names()[static_cast<std::size_t>(label - 1)];
}

class Exporter {
public:
    Exporter(const VocExportOptions& o, const JobContext& ctx)
        : o_(o), ctx_(ctx), ds_(*o.dataset), paths_(voc_export_root(o.output)) {}

    VocExportResult run() {
        result_.voc_root = paths_.root;
        select();
        prepare_output();
        process_all();
        finish();
        return std::move(result_);
    }

private:
    // Picks each image's mask and refuses sources that live inside the tree we write.
    void select() {
        std::vector<char> wanted(ds_.size(), o_.only_ids ? 0 : 1);
        if (o_.only_ids)
            for (const auto& id : *o_.only_ids)
                wanted[static_cast<std::size_t>(ds_.find(id))] = 1;
        const bool out_exists = fs::exists(paths_.root);
        for (std::size_t i = 0; i < ds_.size(); ++i) {
            if (!wanted[i]) {
                ++result_.not_selected;
                continue;
            }
            const auto& rec = ds_[i];
            Task t{i, pick_mask(*o_.masks, rec, o_.priority)};
            if (out_exists) {
                refuse_inside(rec.image);
                if (t.mask)
                    refuse_inside(t.mask->path);
            }
            if (!t.mask) {
                ++result_.without_mask;
                if (!o_.include_unmasked)
                    continue;
            }
            tasks_.push_back(std::move(t));
        }
    }

    // Sources are mostly in a few folders: each folder is resolved once.
    void refuse_inside(const fs::path& source) {
        const std::string parent = source.parent_path().string();
        auto [it, inserted] = inside_cache_.emplace(parent, false);
        if (inserted) {
            const auto dir = fs::weakly_canonical(source.parent_path());
            for (const auto& sub : kOwnedFolders)
                it->second = it->second || is_inside(dir, fs::weakly_canonical(paths_.root / sub));
        }
        if (it->second)
            throw Error(source, "is inside the export folder " + paths_.root.string() +
                                    ", which the export writes; export somewhere else");
    }

    void prepare_output() {
        std::error_code ec;
        if (fs::exists(o_.output, ec) && !fs::is_directory(o_.output, ec))
            throw Error(o_.output, "exists and is not a folder");
        auto previous = read_export_manifest(paths_.root / kManifestName);
        const bool unfinished = previous && !previous->complete;
        if (o_.existing == ExistingOutput::Overwrite) {
            for (const auto& sub : kOwnedFolders) {
                fs::remove_all(paths_.root / sub, ec);
                if (ec)
                    throw Error(paths_.root / sub, "cannot delete: " + ec.message());
            }
            for (const auto& f : kOwnedFiles) {
                fs::remove(paths_.root / f, ec);
                if (ec)
                    throw Error(paths_.root / f, "cannot delete: " + ec.message());
            }
            previous.reset();
        } else if (fs::exists(o_.output, ec) && !folder_is_empty(o_.output) && !unfinished &&
                   o_.existing != ExistingOutput::Update) {
            throw Error(o_.output,
                        "is not empty; choose what to do with what is there: update it (--update: "
                        "keep existing files, write new and changed images) or overwrite it "
                        "(--overwrite: delete the previous export's VOCdevkit/VOC2012 folders "
                        "and files first, nothing else)");
        }
        manifest_.settings = settings_key(o_);
        if (previous && previous->settings == manifest_.settings) {
            previous_ = std::move(previous->images);
            manifest_.images = previous_;
        } else if (previous) {
            result_.notes.push_back(
                "the previous export used other settings; every image is written again");
            manifest_.images = std::move(previous->images);
        }
        manifest_.complete = false;
        std::vector<fs::path> dirs{paths_.jpeg, paths_.seg, paths_.xml, paths_.lists};
        if (o_.write_aug)
            dirs.push_back(paths_.aug);
        for (const auto& dir : dirs) {
            fs::create_directories(dir, ec);
            if (ec)
                throw Error(dir, "cannot create the folder: " + ec.message());
        }
    }

    void process_all() {
        const std::size_t n = tasks_.size();
        outcomes_.assign(n, {});
        // Writers mostly wait for fsync, so more of them than cores pays off.
        int threads =
            o_.threads > 0
                ? o_.threads
                : static_cast<int>(std::clamp(2u * std::thread::hardware_concurrency(), 8u, 16u));
        threads = static_cast<int>(
            std::min<std::size_t>(static_cast<std::size_t>(threads), std::max<std::size_t>(n, 1)));
        std::atomic<std::size_t> next{0};
        std::atomic<bool> stop{false};
        std::mutex mu;
        std::condition_variable cv;
        std::vector<std::size_t> finished;  // indices done since the main thread last looked

        auto worker = [&] {
            for (;;) {
                if (stop.load())
                    return;
                const std::size_t i = next.fetch_add(1);
                if (i >= n)
                    return;
                Outcome out;
                try {
                    process(tasks_[i], out);
                } catch (...) {
                    out.error = std::current_exception();
                }
                std::lock_guard lock(mu);
                outcomes_[i] = std::move(out);
                outcomes_[i].done = true;
                finished.push_back(i);
                cv.notify_one();
            }
        };
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t)
            pool.emplace_back(worker);

        std::size_t done = 0;
        bool cancelled = false;
        std::exception_ptr first_error;
        auto last_save = std::chrono::steady_clock::now();
        ctx_.report(0, n, "exporting");
        while (done < n && !stop.load()) {
            std::vector<std::size_t> batch;
            {
                std::unique_lock lock(mu);
                cv.wait_for(lock, std::chrono::milliseconds(100),
                            [&] { return !finished.empty(); });
                batch.swap(finished);
            }
            for (std::size_t i : batch) {
                ++done;
                if (collect(i) && !first_error) {
                    first_error = outcomes_[i].error;
                    stop = true;
                }
            }
            if (!batch.empty())
                ctx_.report(done, n, ds_[tasks_[batch.back()].index].id);
            if (ctx_.cancel && ctx_.cancel->cancelled()) {
                cancelled = true;
                stop = true;
            }
            const auto now = std::chrono::steady_clock::now();
            if (now - last_save > std::chrono::seconds(2)) {
                write_export_manifest(paths_.root / kManifestName, manifest_);
                last_save = now;
            }
        }
        for (auto& t : pool)
            t.join();
        for (std::size_t i : finished)  // what finished while the pool stopped
            if (collect(i) && !first_error)
                first_error = outcomes_[i].error;
        if (cancelled || first_error) {
            write_export_manifest(paths_.root / kManifestName, manifest_);
            if (first_error)
                std::rethrow_exception(first_error);
            throw Cancelled();
        }
    }

    // Records a finished image; returns true when it failed with an error that stops the export.
    bool collect(std::size_t i) {
        Outcome& out = outcomes_[i];
        if (out.error)
            return true;
        for (auto& note : out.notes)
            result_.notes.push_back(std::move(note));
        if (!out.skipped.empty()) {
            result_.skipped.push_back(out.skipped);
            manifest_.images.erase(ds_[tasks_[i].index].id);
            return false;
        }
        if (out.entry)
            manifest_.images[ds_[tasks_[i].index].id] = *out.entry;
        ++(out.unchanged ? result_.unchanged : result_.written);
        return false;
    }

    // Runs on a worker thread: reads only shared immutable state and writes only this image's
    // files, so workers need no lock.
    void process(const Task& task, Outcome& out) const {
        const auto& rec = ds_[task.index];
        if (rec.id.empty() || rec.id.find_first_of("/\\\n\r") != std::string::npos)
            throw Error(rec.image, "image id '" + rec.id + "' cannot be a VOC file name");
        ManifestEntry entry;
        entry.image = stamp_file(rec.image);
        if (task.mask) {
            entry.mask = stamp_file(task.mask->path);
            entry.version = task.mask->version;
        }
        entry.tags = rec.tags;
        const fs::path jpg = paths_.jpeg / (rec.id + ".jpg");
        const fs::path png = paths_.seg / (rec.id + ".png");
        const fs::path xml = paths_.xml / (rec.id + ".xml");
        const fs::path aug = paths_.aug / (rec.id + ".png");
        auto prev = previous_.find(rec.id);
        std::error_code ec;
        if (prev != previous_.end() && prev->second == entry && fs::exists(jpg, ec) &&
            fs::exists(xml, ec) && (!task.mask || fs::exists(png, ec)) &&
            (!task.mask || !o_.write_aug || fs::exists(aug, ec))) {
            out.unchanged = true;
            out.entry = std::move(entry);
            return;
        }

        // Read and check everything before writing anything, so a bad input leaves no files.
        std::string image_bytes;
        cv::Mat labels;
        cv::Size size;
        try {
            image_bytes = read_file(rec.image);
            if (is_jpeg(image_bytes)) {
                size = data::read_image_size(rec.image);
            } else {
                const cv::Mat image = data::read_image(rec.image);
                size = image.size();
                std::vector<uchar> encoded;
                if (!cv::imencode(".jpg", image, encoded,
                                  {cv::IMWRITE_JPEG_QUALITY, o_.jpeg_quality}))
                    throw Error(rec.image, "cannot encode the image as JPEG");
                image_bytes.assign(encoded.begin(), encoded.end());
            }
            if (task.mask) {
                labels = data::read_label_png(task.mask->path);
                data::check_label_image(labels, ds_.classes(), size, task.mask->path);
            }
        } catch (const Error& e) {
            if (!o_.skip_bad)
                throw;
            out.skipped = e.what();
            return;
        }

        write_file_atomically(jpg, image_bytes);
        data::VocAnnotation ann;
        ann.filename = rec.id + ".jpg";
        ann.database = "AMR Studio export";
        ann.width = size.width;
        ann.height = size.height;
        ann.segmented = task.mask.has_value();
        if (task.mask) {
            const std::string png_bytes = data::encode_label_png(labels);
            write_file_atomically(png, png_bytes);
            if (o_.write_aug)
                write_file_atomically(aug, png_bytes);
            add_mask_objects(rec, labels, ann, out.notes);
        } else {
            for (auto tag : rec.tags) {  // no mask to box: the whole image
                data::VocObject obj;
                obj.name = ds_.classes().names()[tag];
                obj.xmin = 1;
                obj.ymin = 1;
                obj.xmax = size.width;
                obj.ymax = size.height;
                ann.objects.push_back(std::move(obj));
            }
        }
        data::write_voc_annotation(xml, ann);
        out.entry = std::move(entry);
    }

    void add_mask_objects(const data::ImageRecord& rec, const cv::Mat& labels,
                          data::VocAnnotation& ann, std::vector<std::string>& notes) const {
        const auto& classes = ds_.classes();
        const auto boxes = component_boxes(labels, classes.size(), o_.min_box_area);
        std::vector<char> boxed(static_cast<std::size_t>(classes.size()) + 1, 0);
        for (const auto& b : boxes) {
            data::VocObject obj;
            obj.name = class_name(classes, b.label);
            obj.truncated = b.touches_border;
            obj.xmin = b.xmin;
            obj.ymin = b.ymin;
            obj.xmax = b.xmax;
            obj.ymax = b.ymax;
            ann.objects.push_back(std::move(obj));
            boxed[static_cast<std::size_t>(b.label)] = 1;
        }
        for (auto tag : rec.tags)
            if (!boxed[tag + 1u])
                notes.push_back(rec.id + ": tagged '" + classes.names()[tag] +
                                "' but its mask has no such pixels; no box written");
        for (int label = 1; label <= classes.size(); ++label)
            if (boxed[static_cast<std::size_t>(label)] && !rec.has_tag(label - 1))
                notes.push_back(rec.id + ": its mask has '" + class_name(classes, label) +
                                "' pixels but the image is not tagged so; boxes written");
    }

    void finish() {
        // Lists follow the dataset's train/val membership; a dataset without either puts
        // everything in train so that image_set='train' finds it.
        const auto& names = ds_.split_names();
        auto bit_of = [&](const char* name) -> std::uint32_t {
            auto it = std::find(names.begin(), names.end(), name);
            return it == names.end() ? 0u : 1u << (it - names.begin());
        };
        const std::uint32_t train_bit = bit_of("train");
        const std::uint32_t val_bit = bit_of("val");
        const bool no_splits = train_bit == 0 && val_bit == 0;
        if (no_splits)
            result_.notes.push_back(
                "the dataset has no 'train' or 'val' split; every exported "
                "mask is listed in train.txt");
        std::string train, val, trainval;
        for (std::size_t i = 0; i < tasks_.size(); ++i) {
            const Outcome& out = outcomes_[i];
            if (!out.entry)
                continue;
            ++result_.exported;
            if (!tasks_[i].mask)
                continue;
            ++result_.with_mask;
            ++result_.by_version[tasks_[i].mask->version];
            const auto& rec = ds_[tasks_[i].index];
            const bool in_train = no_splits || (rec.splits & train_bit);
            const bool in_val = !no_splits && (rec.splits & val_bit);
            if (in_train)
                train += rec.id + "\n", ++result_.train;
            if (in_val)
                val += rec.id + "\n", ++result_.val;
            if (in_train || in_val)
                trainval += rec.id + "\n", ++result_.trainval;
        }
        write_file_atomically(paths_.lists / "train.txt", train);
        write_file_atomically(paths_.lists / "val.txt", val);
        write_file_atomically(paths_.lists / "trainval.txt", trainval);
        if (o_.write_aug)
            write_file_atomically(paths_.lists / "train_aug.txt", train);
        ds_.classes().save(paths_.root / "classes.txt");
        std::string labels = "background\n";
        for (const auto& n : ds_.classes().names())
            labels += n + "\n";
        write_file_atomically(paths_.root / "labels.txt", labels);
        manifest_.complete = true;
        write_export_manifest(paths_.root / kManifestName, manifest_);
        ctx_.report(tasks_.size(), tasks_.size(), "done");
    }

    const VocExportOptions& o_;
    const JobContext& ctx_;
    const data::Dataset& ds_;
    const Paths paths_;
    VocExportResult result_;
    std::vector<Task> tasks_;
    std::vector<Outcome> outcomes_;
    std::unordered_map<std::string, ManifestEntry> previous_;  // read-only while workers run
    std::unordered_map<std::string, bool> inside_cache_;
    ExportManifest manifest_;
};

}  // namespace

fs::path voc_export_root(const fs::path& output) {
    return output / "VOCdevkit" / "VOC2012";
}

void VocExportOptions::check() const {
    if (!dataset)
        throw Error("export: no dataset given");
    if (!masks)
        throw Error("export: no mask source given");
    if (output.empty())
        throw Error("export: no output folder given");
    if (priority.empty())
        throw Error("export: the mask priority list is empty");
    for (std::size_t i = 0; i < priority.size(); ++i) {
        if (!is_known_mask_version(priority[i]))
            throw Error("export: unknown mask version '" + priority[i] + "' in the priority list");
        if (std::find(priority.begin(), priority.begin() + i, priority[i]) != priority.begin() + i)
            throw Error("export: mask version '" + priority[i] + "' is listed twice");
    }
    const auto available = masks->versions();
    bool any = false;
    for (const auto& v : priority)
        any = any || std::find(available.begin(), available.end(), v) != available.end();
    if (!any) {
        std::string list;
        for (const auto& v : priority)
            list += (list.empty() ? "" : ",") + v;
        throw Error("export: no mask version of the priority list (" + list +
                    ") has masks; give mask folders (e.g. human=DIR), or put 'gt' in the "
                    "priority to export the dataset's own ground truth");
    }
    if (min_box_area < 1)
        throw Error("export: min_box_area must be at least 1 pixel");
    if (jpeg_quality < 1 || jpeg_quality > 100)
        throw Error("export: jpeg_quality must be within 1..100");
    if (threads < 0)
        throw Error("export: threads must be 0 (automatic) or more");
    if (only_ids)
        for (const auto& id : *only_ids)
            if (dataset->find(id) < 0)
                throw Error("export: image id '" + id +
                            "' of the selection is not in the dataset " + dataset->root().string());
}

VocExportResult export_voc(const VocExportOptions& options, const JobContext& ctx) {
    options.check();
    return Exporter(options, ctx).run();
}

std::vector<std::string> read_id_list(const fs::path& file) {
    std::istringstream in(read_file(file));
    std::vector<std::string> ids;
    std::string line;
    while (std::getline(in, line)) {
        auto b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos || line[b] == '#')
            continue;
        auto e = line.find_last_not_of(" \t\r");
        ids.push_back(line.substr(b, e - b + 1));
    }
    return ids;
}

}  // namespace amr::voc
