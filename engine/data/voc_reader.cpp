#include "engine/data/voc_reader.h"
#include "engine/core/text.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <limits>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <pugixml.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/file_index.h"
#include "engine/data/folder_reader.h"
#include "engine/data/image_io.h"

namespace amr::data {
namespace {

namespace fs = std::filesystem;

bool is_dir(const fs::path& p) {
    std::error_code ec;
    return fs::is_directory(p, ec);
}

bool is_file(const fs::path& p) {
    std::error_code ec;
    return fs::is_regular_file(p, ec);
}

// The *.txt files directly in `dir`, sorted by name.
std::vector<fs::path> list_files(const fs::path& dir) {
    std::vector<fs::path> out;
    if (!is_dir(dir))
        return out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        std::error_code type_ec;
        if (it->is_regular_file(type_ec) && it->path().extension() == ".txt")
            out.push_back(it->path());
    }
    if (ec)
        throw Error(dir, "cannot list the folder: " + ec.message());
    std::sort(out.begin(), out.end());
    return out;
}

// 1-based line of a byte offset, from a fresh read (the parse buffer was modified in place).
int line_of_offset(const fs::path& file, std::ptrdiff_t offset) {
    std::string text;
    try {
        text = read_file(file);
    } catch (const Error&) {
        return 0;
    }
    auto end = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, offset));
    end = std::min(end, text.size());
    return 1 + static_cast<int>(std::count(text.begin(), text.begin() + end, '\n'));
}

// Reads the file `name` of the open folder `dir_fd` into `buffer`; false when it does not
// exist. Plain POSIX calls relative to the folder: this runs once per image, where path
// objects, FILE* and full-path lookups cost measurable time.
bool read_if_exists(int dir_fd, const std::string& name, const fs::path& dir, std::string& buffer) {
    int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        int err = errno;
        if (err == ENOENT)
            return false;
        throw Error(dir / name, "cannot open the annotation: " + errno_text(err));
    }
    buffer.clear();
    std::size_t used = 0;
    for (;;) {
        if (buffer.size() < used + 4096)
            buffer.resize(used + 16384);
        ssize_t n = ::read(fd, buffer.data() + used, buffer.size() - used);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int err = errno;
            ::close(fd);
            throw Error(dir / name, "cannot read the annotation: " + errno_text(err));
        }
        if (n == 0)
            break;
        used += static_cast<std::size_t>(n);
    }
    ::close(fd);
    buffer.resize(used);
    return true;
}

// Tags of one Annotations XML: every annotation/object/name (parts have their own names,
// which are not image tags). Reuses the caller's buffer and document across files.
std::vector<std::uint16_t> xml_tags(const fs::path& dir, const std::string& name,
                                    const ClassList& classes, std::string& buffer,
                                    pugi::xml_document& doc) {
    auto file = [&] { return dir / name; };  // built only for error messages
    pugi::xml_parse_result res =
        doc.load_buffer_inplace(buffer.data(), buffer.size(), pugi::parse_default);
    if (!res) {
        int line = line_of_offset(file(), res.offset);
        throw Error(file(), at_line(line) + "malformed XML: " + res.description());
    }
    pugi::xml_node ann = doc.child("annotation");
    if (!ann)
        throw Error(file(), "not a VOC annotation: no <annotation> root element");
    std::vector<std::uint16_t> tags;
    for (pugi::xml_node obj : ann.children("object")) {
        pugi::xml_node name_node = obj.child("name");
        std::string_view name = trim(name_node.child_value());
        if (name.empty())
            throw Error(file(), at_line(line_of_offset(file(), obj.offset_debug())) +
                                    "an <object> has no <name>");
        int cls = classes.index_of(name);
        if (cls < 0)
            throw Error(file(), at_line(line_of_offset(file(), name_node.offset_debug())) +
                                    "unknown class '" + std::string(name) + "' (the dataset has " +
                                    std::to_string(classes.size()) +
                                    " classes; fix the name or list it in classes.txt)");
        tags.push_back(static_cast<std::uint16_t>(cls));
    }
    std::sort(tags.begin(), tags.end());
    tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    return tags;
}

// Fills records[i].tags from ann_dir/<id>.xml on all cores and returns, per record, whether
// the XML exists. Opening each file directly costs no more than listing the folder first.
// Workers catch everything, so the folder descriptor is always closed.
// The error of the smallest index wins, so the message does not depend on thread timing.
std::vector<char> read_xml_tags(std::vector<ImageRecord>& records, const fs::path& ann_dir,
                                const ClassList& classes, const JobContext& ctx) {
    const std::size_t n = records.size();
    const int dir_fd = ::open(ann_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd < 0) {
        int err = errno;
        throw Error(ann_dir, "cannot open the folder: " + errno_text(err));
    }
    std::vector<char> has_xml(n, 0);
    constexpr std::size_t kChunk = 64;
    constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> first_error{kNone};
    std::mutex error_mutex;
    std::exception_ptr error;

    // Only the calling thread reports progress, so callbacks need not be thread-safe.
    auto work = [&](bool calling_thread) {
        std::string buffer, name;
        pugi::xml_document doc;
        for (;;) {
            if (ctx.cancel && ctx.cancel->cancelled())
                return;
            std::size_t start = next.fetch_add(kChunk);
            if (start >= n || start > first_error.load())
                return;
            if (calling_thread && start % (kChunk * 16) == 0)
                ctx.report(start, n, "reading annotations");
            std::size_t stop = std::min(n, start + kChunk);
            for (std::size_t i = start; i < stop && i < first_error.load(); ++i) {
                try {
                    name.assign(records[i].id).append(".xml");
                    if (!read_if_exists(dir_fd, name, ann_dir, buffer))
                        continue;
                    has_xml[i] = 1;
                    records[i].tags = xml_tags(ann_dir, name, classes, buffer, doc);
                } catch (...) {
                    std::lock_guard lock(error_mutex);
                    if (i < first_error.load()) {
                        first_error.store(i);
                        error = std::current_exception();
                    }
                }
            }
        }
    };

    std::size_t threads = std::max(1u, std::thread::hardware_concurrency());
    threads = std::min(threads, (n + 255) / 256);
    if (threads <= 1) {
        work(true);
    } else {
        std::vector<std::thread> pool;
        for (std::size_t t = 1; t < threads; ++t)
            pool.emplace_back(work, false);
        work(true);
        for (auto& th : pool)
            th.join();
    }
    ::close(dir_fd);
    if (error)
        std::rethrow_exception(error);
    ctx.check_cancel();
    ctx.report(n, n, "reading annotations");
    return has_xml;
}

// The id a list line names: its first word; "/JPEGImages/x.jpg"-style paths (as in some
// train_aug.txt files) and "x.jpg" give their stem.
std::string_view list_id(std::string_view line) {
    line = trim(line);
    std::string_view word = line.substr(0, line.find_first_of(" \t"));
    auto slash = word.rfind('/');
    if (slash != std::string_view::npos)
        word = word.substr(slash + 1);
    auto dot = word.rfind('.');
    if (dot != std::string_view::npos && dot > 0 &&
        (slash != std::string_view::npos || is_image_extension(fs::path(word))))
        word = word.substr(0, dot);
    return word;
}

struct Index {
    std::vector<ImageRecord> records;
    struct Slot {
        std::size_t record;
        int list;  // the list file that named it last, and on which line
        int line;
    };
    std::unordered_map<std::string, Slot> by_id;
};

// Adds the images a list names; returns how many lines named an image.
std::size_t add_list(Index& index, Dataset& ds, const fs::path& list_file, int list_no,
                     const FileIndex& images) {
    const std::uint32_t bit = ds.split_bit(list_file.stem().string());
    const std::string text = read_file(list_file);
    std::string_view rest = text;
    int line = 0;
    std::size_t named = 0;
    std::string id;
    while (!rest.empty()) {
        ++line;
        auto nl = rest.find('\n');
        std::string_view raw = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        std::string_view word = list_id(raw);
        if (word.empty() || word[0] == '#')
            continue;
        id.assign(word);
        ++named;
        auto [slot, fresh] = index.by_id.try_emplace(id, Index::Slot{0, list_no, line});
        if (!fresh) {
            if (slot->second.list == list_no)
                throw Error(list_file, at_line(line) + "image id '" + id +
                                           "' is listed twice (also on line " +
                                           std::to_string(slot->second.line) + ")");
            slot->second.list = list_no;
            slot->second.line = line;
            index.records[slot->second.record].splits |= bit;
            continue;
        }
        const std::string* file = images.image_for_stem(id);
        if (!file)
            throw Error(list_file, at_line(line) + "image '" + id + "' is listed but " +
                                       images.dir().string() + " has no image file named " + id +
                                       ".jpg (or another image type)");
        slot->second.record = index.records.size();
        ImageRecord rec;
        rec.id = id;
        rec.image = images.dir() / *file;
        rec.splits = bit;
        index.records.push_back(std::move(rec));
    }
    return named;
}

// Tags from a tags.csv instead of XML. Returns the number of images it does not cover.
std::size_t apply_tags_csv(Index& index, const fs::path& tags_file, const ClassList& classes,
                           std::vector<std::string>& warnings) {
    std::vector<TagRow> rows = read_tags_csv(tags_file);
    std::vector<int> row_line(index.records.size(), 0);
    std::size_t unknown_images = 0;
    for (const auto& row : rows) {
        auto it = index.by_id.find(row.image);
        if (it == index.by_id.end() && is_image_extension(row.image))
            it = index.by_id.find(fs::path(row.image).stem().string());
        if (it == index.by_id.end()) {
            ++unknown_images;
            continue;
        }
        std::size_t r = it->second.record;
        if (row_line[r] != 0)
            throw Error(tags_file, at_line(row.line) + "duplicate image id '" +
                                       index.records[r].id + "' (also on line " +
                                       std::to_string(row_line[r]) + ")");
        row_line[r] = row.line;
        auto& tags = index.records[r].tags;
        for (const auto& name : row.tags) {
            int cls = classes.index_of(name);
            if (cls < 0)
                throw Error(tags_file, at_line(row.line) + "unknown class '" + name +
                                           "' (the dataset has " + std::to_string(classes.size()) +
                                           " classes; fix the name or list it in classes.txt)");
            tags.push_back(static_cast<std::uint16_t>(cls));
        }
        std::sort(tags.begin(), tags.end());
        tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
    }
    if (unknown_images > 0)
        warnings.push_back(std::to_string(unknown_images) + " rows of " + tags_file.string() +
                           " name images that are not in the dataset");
    return static_cast<std::size_t>(std::count(row_line.begin(), row_line.end(), 0));
}

std::string examples(const std::vector<std::string>& ids) {
    std::string s;
    for (std::size_t i = 0; i < ids.size() && i < 3; ++i)
        s += (i ? ", " : "") + ids[i];
    if (ids.size() > 3)
        s += ", ...";
    return s;
}

}  // namespace

std::optional<fs::path> find_voc_root(const fs::path& root) {
    for (const fs::path& cand : {root / "VOCdevkit" / "VOC2012", root / "VOC2012", root})
        if (is_dir(cand / "JPEGImages"))
            return cand;
    if (is_dir(root / "VOCdevkit" / "VOC2012"))
        return root / "VOCdevkit" / "VOC2012";
    return std::nullopt;
}

Dataset read_voc(const fs::path& folder, const JobContext& ctx) {
    const fs::path root = absolute_folder(folder);
    std::optional<fs::path> found = find_voc_root(root);
    if (!found)
        throw Error(root, "not a VOC dataset: expected VOCdevkit/VOC2012/ or JPEGImages/ in it");
    const fs::path voc = *found;
    const fs::path jpeg_dir = voc / "JPEGImages";
    if (!is_dir(jpeg_dir))
        throw Error(jpeg_dir, "no such folder: a VOC dataset keeps its images in JPEGImages/");

    // classes.txt and tags.csv may sit next to JPEGImages or in the folder given.
    auto optional_file = [&](const char* name) -> std::optional<fs::path> {
        if (is_file(voc / name))
            return voc / name;
        if (is_file(root / name))
            return root / name;
        return std::nullopt;
    };
    std::optional<fs::path> classes_file = optional_file("classes.txt");
    Dataset ds(voc, DatasetFormat::Voc,
               classes_file ? ClassList::load(*classes_file) : ClassList::voc());

    const FileIndex images(jpeg_dir);
    Index index;
    std::vector<fs::path> lists = list_files(voc / "ImageSets" / "Segmentation");
    for (auto& extra : list_files(voc / "ImageSets" / "SegmentationAug"))
        lists.push_back(extra);
    if (lists.empty()) {
        std::vector<std::string> stems;
        stems.reserve(images.image_count());
        for (const auto& [stem, name] : images.images())
            stems.push_back(stem);
        std::sort(stems.begin(), stems.end());
        const std::uint32_t bit = ds.split_bit("all");
        index.records.reserve(stems.size());
        for (auto& stem : stems) {
            ImageRecord rec;
            rec.image = jpeg_dir / *images.image_for_stem(stem);
            rec.splits = bit;
            rec.id = std::move(stem);
            index.by_id.emplace(rec.id, Index::Slot{index.records.size(), -1, 0});
            index.records.push_back(std::move(rec));
        }
        if (index.records.empty()) {
            ds.warnings().push_back(jpeg_dir.string() + " holds no images");
            ds.empty_sources().push_back(
                {jpeg_dir, "holds no images (and ImageSets/Segmentation has no lists)"});
        }
    } else {
        std::vector<fs::path> empty;
        for (std::size_t i = 0; i < lists.size(); ++i)
            if (add_list(index, ds, lists[i], static_cast<int>(i), images) == 0) {
                ds.warnings().push_back(lists[i].string() + " names no images");
                empty.push_back(lists[i]);
            }
        // One empty list beside others (an export's empty val.txt) is only a warning; a dataset
        // whose every list is empty is unusable.
        if (index.records.empty())
            for (const auto& list : empty)
                ds.empty_sources().push_back({list,
                                              "the list names no images, and no other list "
                                              "names any: the dataset is empty"});
    }

    if (std::optional<fs::path> tags_file = optional_file("tags.csv")) {
        std::size_t uncovered = apply_tags_csv(index, *tags_file, ds.classes(), ds.warnings());
        if (uncovered > 0)
            ds.warnings().push_back(std::to_string(uncovered) + " of " +
                                    std::to_string(index.records.size()) + " images are not in " +
                                    tags_file->string() + ", so they have no tags");
    } else {
        const fs::path ann_dir = voc / "Annotations";
        std::vector<char> has_xml = is_dir(ann_dir)
                                        ? read_xml_tags(index.records, ann_dir, ds.classes(), ctx)
                                        : std::vector<char>(index.records.size(), 0);
        std::vector<std::string> missing;
        for (std::size_t i = 0; i < index.records.size(); ++i)
            if (!has_xml[i])
                missing.push_back(index.records[i].id);
        if (!missing.empty())
            ds.warnings().push_back(std::to_string(missing.size()) + " of " +
                                    std::to_string(index.records.size()) +
                                    " images have no XML in " + ann_dir.string() +
                                    ", so they have no tags (" + examples(missing) + ")");
        std::size_t untagged = 0;
        for (std::size_t i = 0; i < index.records.size(); ++i)
            if (has_xml[i] && index.records[i].tags.empty())
                ++untagged;
        if (untagged > 0)
            ds.warnings().push_back(std::to_string(untagged) +
                                    " images have an XML that names no objects, so no tags");
    }

    const fs::path seg_dir = voc / "SegmentationClass";
    const fs::path aug_dir = voc / "SegmentationClassAug";
    const FileIndex seg(seg_dir);
    const FileIndex aug(aug_dir);
    index.by_id = {};  // free the id map before the dataset builds its own
    for (auto& rec : index.records) {
        std::string name = rec.id + ".png";
        if (seg.contains(name))
            rec.mask = seg_dir / name;
        else if (aug.contains(name))
            rec.mask = aug_dir / name;
        ds.add(std::move(rec), voc);
    }
    return ds;
}

}  // namespace amr::data
