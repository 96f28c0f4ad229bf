#include "engine/data/folder_reader.h"
#include "engine/core/text.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>

#include "engine/core/atomic_file.h"
#include "engine/core/error.h"
#include "engine/data/file_index.h"
#include "engine/data/image_io.h"

namespace amr::data {
namespace {

namespace fs = std::filesystem;

struct CsvRecord {
    std::vector<std::string> fields;
    int line = 0;
};

// RFC 4180 with two liberties: blanks around fields are trimmed, and \r\n or \n end a record.
class CsvParser {
public:
    CsvParser(const fs::path& file, std::string_view text) : file_(file), text_(text) {
        if (text_.substr(0, 3) == "\xEF\xBB\xBF")
            pos_ = 3;  // UTF-8 byte order mark
    }

    bool next(CsvRecord& rec) {
        if (pos_ >= text_.size())
            return false;
        rec.fields.clear();
        rec.line = line_;
        for (;;) {
            rec.fields.push_back(field());
            if (pos_ >= text_.size())
                return true;
            char c = text_[pos_++];
            if (c == '\n') {
                ++line_;
                return true;
            }
            // c == ',': another field follows
        }
    }

private:
    std::string field() {
        std::size_t start = pos_;
        while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t'))
            ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '"')
            return quoted();
        pos_ = start;
        while (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n') {
            if (text_[pos_] == '"')
                throw Error(file_, at_line(line_) +
                                       "a double quote inside an unquoted field (quote the "
                                       "whole field and write \"\" for a quote)");
            ++pos_;
        }
        return std::string(trim(text_.substr(start, pos_ - start)));
    }

    std::string quoted() {
        int open_line = line_;
        ++pos_;  // opening quote
        std::string out;
        for (;;) {
            if (pos_ >= text_.size())
                throw Error(file_, at_line(open_line) + "a quoted field is never closed");
            char c = text_[pos_++];
            if (c == '"') {
                if (pos_ < text_.size() && text_[pos_] == '"') {
                    out += '"';
                    ++pos_;
                    continue;
                }
                break;
            }
            if (c == '\n')
                ++line_;
            out += c;
        }
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\r'))
            ++pos_;
        if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n')
            throw Error(file_, at_line(line_) + "unexpected text after a closing quote");
        return out;
    }

    const fs::path& file_;
    std::string_view text_;
    std::size_t pos_ = 0;
    int line_ = 1;
};

bool is_header(const CsvRecord& rec) {
    static const std::set<std::string> kImage = {"image", "images", "file", "filename", "id"};
    static const std::set<std::string> kTags = {"tags", "tag", "labels", "classes"};
    return rec.fields.size() >= 2 && kImage.count(lower_ascii(rec.fields[0])) &&
           kTags.count(lower_ascii(rec.fields[1]));
}

// The number of columns a header allows: 2 (image,tags) or 3 when its third names the split.
std::size_t header_columns(const fs::path& file, const CsvRecord& header) {
    if (header.fields.size() == 2)
        return 2;
    if (header.fields.size() == 3 && lower_ascii(header.fields[2]) == "split")
        return 3;
    if (header.fields.size() == 3)
        throw Error(file, at_line(header.line) + "unknown third column '" + header.fields[2] +
                              "' in the header (expected image,tags[,split])");
    throw Error(file, at_line(header.line) + "the header has " +
                          std::to_string(header.fields.size()) +
                          " columns; expected image,tags[,split]");
}

std::vector<std::string> split_tags(std::string_view field) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (;;) {
        auto end = field.find(';', start);
        auto name = trim(field.substr(start, end == std::string_view::npos ? end : end - start));
        if (!name.empty())
            out.emplace_back(name);
        if (end == std::string_view::npos)
            return out;
        start = end + 1;
    }
}

ClassList classes_from_tags(const std::vector<TagRow>& rows) {
    std::set<std::string> names;
    for (const auto& r : rows)
        names.insert(r.tags.begin(), r.tags.end());
    return ClassList(std::vector<std::string>(names.begin(), names.end()));
}

}  // namespace

std::vector<TagRow> read_tags_csv(const fs::path& file) {
    std::string text = read_file(file);
    CsvParser parser(file, text);
    std::vector<TagRow> rows;
    CsvRecord rec;
    bool first = true;
    std::size_t columns = 3;   // without a header: image,tags[,split]
    bool have_header = false;  // with one, a row has at most its columns
    while (parser.next(rec)) {
        bool blank = rec.fields.size() == 1 && rec.fields[0].empty();
        if (blank)
            continue;
        if (first) {
            first = false;
            if (is_header(rec)) {
                columns = header_columns(file, rec);
                have_header = true;
                continue;
            }
        }
        if (rec.fields.size() > columns)
            throw Error(file,
                        at_line(rec.line) +
                            (have_header ? "the header has " + std::to_string(columns) + " columns"
                                         : std::string("expected image,tags[,split]")) +
                            " but this row has " + std::to_string(rec.fields.size()) +
                            " fields (separate tags with ';', not ',')");
        if (rec.fields[0].empty())
            throw Error(file, at_line(rec.line) + "the image name is empty");
        TagRow row;
        row.image = std::move(rec.fields[0]);
        if (rec.fields.size() >= 2)
            row.tags = split_tags(rec.fields[1]);
        if (rec.fields.size() == 3)
            row.split = std::move(rec.fields[2]);
        row.line = rec.line;
        rows.push_back(std::move(row));
    }
    return rows;
}

Dataset read_folder(const fs::path& folder) {
    const fs::path root = absolute_folder(folder);
    const fs::path tags_file = root / "tags.csv";
    std::error_code ec;
    if (!fs::is_regular_file(tags_file, ec))
        throw Error(root, "not a plain-folder dataset: tags.csv is missing");
    std::vector<TagRow> rows = read_tags_csv(tags_file);

    const fs::path classes_file = root / "classes.txt";
    const bool have_classes_file = fs::is_regular_file(classes_file, ec);
    ClassList classes;
    if (have_classes_file) {
        classes = ClassList::load(classes_file);
    } else {
        try {
            classes = classes_from_tags(rows);
        } catch (const Error& e) {
            throw Error(tags_file, e.problem());
        }
    }

    FileIndex images(root / "images");
    if (!images.folder_exists())
        images = FileIndex(root);
    std::optional<FileIndex> root_images;  // fallback when images/ exists but misses a file
    const fs::path masks_dir = root / "masks";
    FileIndex masks(masks_dir);

    Dataset ds(root, DatasetFormat::Folder, classes);
    std::vector<int> line_of_image;  // tags.csv line of each added image
    line_of_image.reserve(rows.size());
    std::size_t untagged = 0;
    std::size_t listed_in_images = 0;
    for (auto& row : rows) {
        const FileIndex* where = &images;
        auto resolve =
            [&](const FileIndex& index) -> std::optional<std::pair<std::string, std::string>> {
            if (index.contains(row.image) && is_image_extension(row.image))
                return std::pair{fs::path(row.image).stem().string(), row.image};
            if (const std::string* name = index.image_for_stem(row.image))
                return std::pair{row.image, *name};
            return std::nullopt;
        };
        auto found = resolve(images);
        if (!found && images.dir() != root) {
            if (!root_images)
                root_images.emplace(root);
            where = &*root_images;
            found = resolve(*root_images);
        }
        if (!found)
            throw Error(tags_file, at_line(row.line) + "image '" + row.image + "' not found in " +
                                       images.dir().string());
        auto& [id, file_name] = *found;
        if (where == &images)
            ++listed_in_images;

        if (long prev = ds.find(id); prev >= 0)
            throw Error(tags_file, at_line(row.line) + "duplicate image id '" + id +
                                       "' (also on line " + std::to_string(line_of_image[prev]) +
                                       ")");
        line_of_image.push_back(row.line);

        ImageRecord rec;
        rec.image = where->dir() / file_name;
        for (const auto& tag : row.tags) {
            int cls = ds.classes().index_of(tag);
            if (cls < 0)
                throw Error(tags_file, at_line(row.line) + "unknown class '" + tag + "' (" +
                                           classes_file.filename().string() + " lists " +
                                           std::to_string(ds.classes().size()) + " classes)");
            rec.tags.push_back(static_cast<std::uint16_t>(cls));
        }
        std::sort(rec.tags.begin(), rec.tags.end());
        rec.tags.erase(std::unique(rec.tags.begin(), rec.tags.end()), rec.tags.end());
        if (rec.tags.empty())
            ++untagged;
        rec.splits = ds.split_bit(row.split.empty() ? std::string("train") : row.split);
        std::string mask_name = id + ".png";
        if (masks.contains(mask_name))
            rec.mask = masks_dir / mask_name;
        rec.id = std::move(id);
        ds.add(std::move(rec), tags_file);
    }

    if (ds.size() == 0) {
        ds.warnings().push_back("tags.csv lists no images");
        ds.empty_sources().push_back({tags_file, "lists no images"});
    }
    if (classes.empty())
        ds.warnings().push_back("the dataset has no classes (no tags and no classes.txt)");
    if (untagged > 0)
        ds.warnings().push_back(std::to_string(untagged) + " of " + std::to_string(ds.size()) +
                                " images have no tags");
    if (images.image_count() > listed_in_images)
        ds.warnings().push_back(std::to_string(images.image_count() - listed_in_images) +
                                " images in " + images.dir().string() +
                                " are not listed in tags.csv and are left out");
    return ds;
}

}  // namespace amr::data
