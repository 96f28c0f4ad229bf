#include "engine/export/voc_validate.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/core/text.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/data/voc_xml.h"
#include "engine/export/mask_boxes.h"

namespace amr::voc {
namespace fs = std::filesystem;

namespace {

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

// Regular files of a folder, sorted by name; empty when the folder is missing.
std::vector<fs::path> sorted_files(const fs::path& dir) {
    std::vector<fs::path> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_regular_file(ec) && e.path().filename().string()[0] != '.')
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

std::string join_values(const std::vector<int>& values) {
    std::string out;
    for (std::size_t i = 0; i < values.size() && i < 10; ++i)
        out += (i ? ", " : "") + std::to_string(values[i]);
    if (values.size() > 10)
        out += ", ...";
    return out;
}

std::string size_text(cv::Size s) {
    return std::to_string(s.width) + "x" + std::to_string(s.height);
}

class Validator {
public:
    Validator(const VocValidateOptions& o, const JobContext& ctx, fs::path root)
        : o_(o), ctx_(ctx) {
        r_.voc_root = std::move(root);
    }

    VocValidateReport run() {
        check_layout();
        load_classes();
        const auto jpegs = sorted_files(r_.voc_root / "JPEGImages");
        const auto masks = sorted_files(r_.voc_root / "SegmentationClass");
        const auto aug = sorted_files(r_.voc_root / "SegmentationClassAug");
        const auto xmls = sorted_files(r_.voc_root / "Annotations");
        total_ = jpegs.size() + masks.size() + aug.size() + xmls.size();
        for (const auto& f : jpegs)
            check_image(f);
        for (const auto& f : masks)
            check_mask(f, mask_ids_);
        for (const auto& f : aug)
            check_mask(f, aug_ids_);
        for (const auto& f : xmls)
            check_annotation(f);
        check_lists();
        ctx_.report(total_, total_, "done");
        return std::move(r_);
    }

private:
    void error(const fs::path& file, std::string problem) {
        r_.problems.push_back({Severity::Error, file, std::move(problem)});
    }
    void warning(const fs::path& file, std::string problem) {
        r_.problems.push_back({Severity::Warning, file, std::move(problem)});
    }
    void step(const fs::path& file) {
        ctx_.check_cancel();
        ctx_.report(++done_, total_, file.filename().string());
    }

    void check_layout() {
        const fs::path& root = r_.voc_root;
        if (root.filename() != "VOC2012" || root.parent_path().filename() != "VOCdevkit")
            warning(root,
                    "torchvision's VOCSegmentation(root, year='2012') reads "
                    "root/VOCdevkit/VOC2012; this folder is not laid out that way");
        if (!is_dir(root / "JPEGImages"))
            error(root / "JPEGImages", "missing folder");
        if (!is_dir(root / "SegmentationClass"))
            error(root / "SegmentationClass", "missing folder: VOC segmentation masks go here");
    }

    void load_classes() {
        if (o_.classes) {
            r_.classes = *o_.classes;
            r_.classes_from = "the given class list";
            return;
        }
        const fs::path file = r_.voc_root / "classes.txt";
        std::error_code ec;
        if (fs::exists(file, ec)) {
            try {
                r_.classes = data::ClassList::load(file);
                r_.classes_from = file.string();
                return;
            } catch (const Error& e) {
                error(file, e.problem() + "; checking against the 20 VOC classes instead");
            }
        }
        r_.classes = data::ClassList::voc();
        r_.classes_from = "the 20 PASCAL VOC classes";
    }

    void check_image(const fs::path& file) {
        step(file);
        const std::string ext = lower_ascii(file.extension().string());
        const std::string id = file.stem().string();
        if (ext != ".jpg") {
            if (data::is_image_extension(file))
                warning(file,
                        "torchvision and mmsegmentation only read JPEGImages/<id>.jpg; "
                        "this image is invisible to them");
            return;
        }
        ++r_.images;
        try {
            image_sizes_[id] = data::read_image_size(file);
        } catch (const Error& e) {
            error(file, e.problem());
            image_sizes_[id] = cv::Size();  // present, size unknown
        }
    }

    void check_mask(const fs::path& file, std::set<std::string>& ids) {
        step(file);
        if (lower_ascii(file.extension().string()) != ".png") {
            warning(file, "not a .png; VOC readers only read <id>.png masks");
            return;
        }
        ++r_.masks;
        const std::string id = file.stem().string();
        ids.insert(id);
        data::PngInfo info;
        try {
            info = data::read_png_info(file);
        } catch (const Error& e) {
            error(file, e.problem());
            return;
        }
        if (info.color_type == 2 || info.color_type == 6) {
            error(file, "is an " + info.color_type_name() +
                            " PNG: its pixels are colours, not class indices. torchvision hands "
                            "the colours to the loss unchanged; VOC masks are single-channel "
                            "palette PNGs whose pixel values are class indices");
            return;
        }
        if (info.color_type == 4) {
            error(file, "is a grayscale+alpha PNG; VOC masks are single-channel palette PNGs");
            return;
        }
        if (info.bit_depth == 16) {
            error(file, "is a 16-bit PNG; VOC masks are 8-bit palette PNGs (values 0..255)");
            return;
        }
        if (info.is_gray())
            error(file,
                  "is a grayscale PNG, but VOC masks are palette PNGs (PIL mode 'P') with "
                  "the VOC colormap. torchvision would still read the values as class "
                  "indices, but VOC tools and image viewers expect the palette (the mask "
                  "looks black); convert it with 'amr import-masks' then 'amr export-voc'");
        cv::Mat labels;
        try {
            labels = data::read_label_png(file);
        } catch (const Error& e) {
            error(file, e.problem());
            return;
        }
        const auto counts = label_histogram(labels);
        std::vector<int> bad;
        for (int v = r_.classes.num_labels(); v < 255; ++v)
            if (counts[v])
                bad.push_back(v);
        if (!bad.empty())
            error(file, "holds value" + std::string(bad.size() > 1 ? "s " : " ") +
                            join_values(bad) + " outside 0.." + std::to_string(r_.classes.size()) +
                            " and 255 (void); the classes are " + r_.classes_from);
        if (info.is_palette())
            check_palette(file, info, counts);
        auto it = image_sizes_.find(id);
        if (it == image_sizes_.end())
            error(file, "has no image JPEGImages/" + id + ".jpg");
        else if (!it->second.empty() && it->second != labels.size())
            error(file, "mask is " + size_text(labels.size()) + " but JPEGImages/" + id +
                            ".jpg is " + size_text(it->second));
    }

    // Other colours do not change the indices readers get; only what viewers show.
    void check_palette(const fs::path& file, const data::PngInfo& info,
                       const std::array<std::size_t, 256>& counts) {
        const auto& voc = data::voc_palette();
        for (int v = 0; v < 256; ++v) {
            if (!counts[v])
                continue;
            if (v >= static_cast<int>(info.palette.size())) {
                error(file, "uses value " + std::to_string(v) + " but its palette has only " +
                                std::to_string(info.palette.size()) + " entries");
                return;
            }
            if (info.palette[v] != voc[v]) {
                warning(file, "its palette is not the VOC colormap (value " + std::to_string(v) +
                                  " is not shown in its VOC colour); class indices are "
                                  "unaffected");
                return;
            }
        }
    }

    void check_annotation(const fs::path& file) {
        step(file);
        if (lower_ascii(file.extension().string()) != ".xml")
            return;
        ++r_.annotations;
        const std::string id = file.stem().string();
        data::VocAnnotation ann;
        try {
            ann = data::read_voc_annotation(file);
        } catch (const Error& e) {
            error(file, e.problem());
            return;
        }
        auto it = image_sizes_.find(id);
        cv::Size image;
        if (it == image_sizes_.end())
            warning(file, "has no image JPEGImages/" + id + ".jpg");
        else
            image = it->second;
        if (!image.empty() && (ann.width != image.width || ann.height != image.height))
            error(file, "<size> says " + std::to_string(ann.width) + "x" +
                            std::to_string(ann.height) + " but JPEGImages/" + id + ".jpg is " +
                            size_text(image));
        const int w = image.empty() ? ann.width : image.width;
        const int h = image.empty() ? ann.height : image.height;
        int index = 0;
        for (const auto& obj : ann.objects) {
            ++index;
            const std::string where = "object " + std::to_string(index) + " ('" + obj.name + "')";
            if (r_.classes.index_of(obj.name) < 0)
                error(file, where + " names an unknown class; the classes are " + r_.classes_from);
            if (obj.xmin < 1 || obj.ymin < 1 || obj.xmin > obj.xmax || obj.ymin > obj.ymax ||
                (w > 0 && obj.xmax > w) || (h > 0 && obj.ymax > h))
                error(file, where + " has the box (" + std::to_string(obj.xmin) + "," +
                                std::to_string(obj.ymin) + ")-(" + std::to_string(obj.xmax) + "," +
                                std::to_string(obj.ymax) + "), not inside the 1-based image " +
                                std::to_string(w) + "x" + std::to_string(h));
        }
    }

    std::vector<std::string> read_list(const fs::path& file) {
        std::vector<std::string> ids;
        std::string text;
        try {
            text = read_file(file);
        } catch (const Error& e) {
            error(file, e.problem());
            return ids;
        }
        std::istringstream in(text);
        std::string line;
        std::set<std::string> seen;
        int line_no = 0;
        while (std::getline(in, line)) {
            ++line_no;
            auto b = line.find_first_not_of(" \t\r");
            if (b == std::string::npos)
                continue;
            auto e = line.find_last_not_of(" \t\r");
            std::string id = line.substr(b, e - b + 1);
            if (!seen.insert(id).second) {
                warning(file, "line " + std::to_string(line_no) + ": '" + id + "' is listed twice");
                continue;
            }
            ids.push_back(std::move(id));
        }
        return ids;
    }

    void check_lists() {
        const fs::path dir = r_.voc_root / "ImageSets" / "Segmentation";
        if (!is_dir(dir)) {
            error(dir,
                  "missing folder: torchvision and mmsegmentation take their image lists "
                  "(train.txt, val.txt) from here");
            return;
        }
        std::map<std::string, std::vector<std::string>> lists;
        for (const auto& f : sorted_files(dir))
            if (lower_ascii(f.extension().string()) == ".txt")
                lists[f.stem().string()] = read_list(f);
        r_.lists = lists.size();
        for (const char* name : {"train", "val"})
            if (!lists.count(name))
                warning(dir / (std::string(name) + ".txt"),
                        std::string("missing: VOCSegmentation(image_set='") + name +
                            "') cannot load this folder");
        std::set<std::string> listed;
        for (const auto& [name, ids] : lists) {
            const fs::path file = dir / (name + ".txt");
            const bool aug_list = name.find("aug") != std::string::npos;
            if (ids.empty())
                warning(file, "lists no image");
            for (const auto& id : ids) {
                listed.insert(id);
                if (!image_sizes_.count(id))
                    error(file, "lists '" + id + "' but JPEGImages/" + id + ".jpg does not exist");
                const bool has_mask = mask_ids_.count(id) || (aug_list && aug_ids_.count(id));
                if (!has_mask)
                    error(file,
                          "lists '" + id + "' but " +
                              (aug_list ? "neither SegmentationClassAug/" + id +
                                              ".png nor SegmentationClass/" + id + ".png exists"
                                        : "SegmentationClass/" + id + ".png does not exist"));
            }
        }
        if (lists.count("train") && lists.count("val") && lists.count("trainval")) {
            std::set<std::string> expected(lists["train"].begin(), lists["train"].end());
            expected.insert(lists["val"].begin(), lists["val"].end());
            const std::set<std::string> actual(lists["trainval"].begin(), lists["trainval"].end());
            if (expected != actual)
                warning(dir / "trainval.txt", "is not the union of train.txt and val.txt");
        }
        for (const auto& id : mask_ids_)
            if (!listed.count(id))
                warning(r_.voc_root / "SegmentationClass" / (id + ".png"),
                        "is in no list of ImageSets/Segmentation, so readers never load it");
    }

    const VocValidateOptions& o_;
    const JobContext& ctx_;
    VocValidateReport r_;
    std::map<std::string, cv::Size> image_sizes_;  // JPEGImages/<id>.jpg; empty size = unreadable
    std::set<std::string> mask_ids_, aug_ids_;
    std::size_t done_ = 0, total_ = 0;
};

}  // namespace

void VocValidateOptions::check() const {
    if (dir.empty())
        throw Error("validate: no folder given");
    if (!is_dir(dir))
        throw Error(dir, "no such folder");
}

std::optional<fs::path> locate_voc_root(const fs::path& dir) {
    for (const fs::path& p : {dir / "VOCdevkit" / "VOC2012", dir / "VOC2012", dir})
        if (is_dir(p / "JPEGImages") || is_dir(p / "SegmentationClass"))
            return p;
    return std::nullopt;
}

VocValidateReport validate_voc(const VocValidateOptions& options, const JobContext& ctx) {
    options.check();
    auto root = locate_voc_root(options.dir);
    if (!root)
        throw Error(options.dir,
                    "is not a VOC folder: expected VOCdevkit/VOC2012/, VOC2012/ or "
                    "JPEGImages/ in it");
    return Validator(options, ctx, *root).run();
}

std::string format_validation_text(const VocValidateReport& r) {
    std::string out;
    for (const auto& p : r.problems)
        out += p.to_string() + "\n";
    out += r.voc_root.string() + ": " + std::to_string(r.images) + " images, " +
           std::to_string(r.masks) + " masks, " + std::to_string(r.annotations) + " annotations, " +
           std::to_string(r.lists) + " lists; classes from " + r.classes_from + " (" +
           std::to_string(r.classes.size()) + ")\n";
    const auto e = r.errors(), w = r.warnings();
    if (e == 0 && w == 0)
        out += "no problems found\n";
    else
        out += std::to_string(e) + (e == 1 ? " error, " : " errors, ") + std::to_string(w) +
               (w == 1 ? " warning\n" : " warnings\n");
    return out;
}

std::string validation_to_json(const VocValidateReport& r) {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r.problems)
        problems.push_back({{"severity", p.severity == Severity::Error ? "error" : "warning"},
                            {"file", p.file.string()},
                            {"problem", p.problem}});
    nlohmann::json doc{{"voc_root", r.voc_root.string()},
                       {"classes_from", r.classes_from},
                       {"classes", r.classes.names()},
                       {"images", r.images},
                       {"masks", r.masks},
                       {"annotations", r.annotations},
                       {"lists", r.lists},
                       {"errors", r.errors()},
                       {"warnings", r.warnings()},
                       {"problems", std::move(problems)}};
    return doc.dump(2);
}

}  // namespace amr::voc
