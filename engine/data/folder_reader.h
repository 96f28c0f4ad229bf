#pragma once
// The plain-folder dataset format:
//
//   ROOT/tags.csv       image,tags[,split]  (header line optional; tags separated by ';')
//   ROOT/classes.txt    optional; without it the classes are the sorted unique tag names
//   ROOT/images/        the images (or directly in ROOT); id = file stem
//   ROOT/masks/<id>.png optional ground-truth label PNGs
//
// A row's image is a file name ("cat 1.jpg") or an id ("cat 1"); the split column holds any
// name and defaults to "train". With a header line, the split column exists only when the header
// names it (image,tags,split), and a row with more fields than the header is an error. Fields
// may be double-quoted ("a, b.jpg"), with "" for a quote.

#include <filesystem>
#include <string>
#include <vector>

#include "engine/data/dataset.h"

namespace amr::data {

// One data row of a tags file.
struct TagRow {
    std::string image;              // as written: a file name or an id
    std::vector<std::string> tags;  // trimmed, empty names dropped, in file order
    std::string split;              // empty when the row has no split column
    int line = 0;                   // 1-based line where the row starts
};

// Reads a tags file (tags.csv, also used by VOC folders to override XML tags).
// Throws amr::Error naming the file and line for malformed rows.
std::vector<TagRow> read_tags_csv(const std::filesystem::path& file);

// Opens a plain folder dataset. Throws amr::Error naming the file (and line) at fault: unknown
// tags when classes.txt exists, duplicate ids, rows whose image is missing.
Dataset read_folder(const std::filesystem::path& root);

}  // namespace amr::data
