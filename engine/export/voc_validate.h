#pragma once
// Checks a PASCAL VOC segmentation folder the way its readers (torchvision, mmsegmentation,
// PIL) will use it, and reports every problem with its file:
//
// - masks are 8-bit (or less) palette PNGs: grayscale is an error (readers get indices, but the
//   format and every VOC viewer expect a palette), RGB is an error (colours are not indices);
// - mask values are within 0..C and 255, and each mask has the size of its image;
// - each id of ImageSets/Segmentation/*.txt has JPEGImages/<id>.jpg and a mask; masks in no
//   list, missing train/val lists and a trainval that is not train + val are warnings;
// - Annotations/*.xml parse, name known classes, and have boxes inside the image.

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/class_list.h"
#include "engine/export/file_problem.h"

namespace amr::voc {

struct VocValidateOptions {
    // The folder holding VOCdevkit/, VOCdevkit/ itself, its VOC2012/, or any folder holding
    // JPEGImages/.
    std::filesystem::path dir;
    // The classes masks and XML may use; default: the VOC folder's classes.txt when it has one,
    // else the 20 PASCAL VOC classes.
    std::optional<data::ClassList> classes;

    void check() const;
};

struct VocValidateReport {
    std::filesystem::path voc_root;  // the folder holding JPEGImages/
    data::ClassList classes;
    std::string classes_from;  // "classes.txt", "--classes FILE" or "the 20 VOC classes"
    std::size_t images = 0;
    std::size_t masks = 0;  // SegmentationClass and SegmentationClassAug
    std::size_t annotations = 0;
    std::size_t lists = 0;
    std::vector<FileProblem> problems;

    std::size_t errors() const { return count_problems(problems, Severity::Error); }
    std::size_t warnings() const { return count_problems(problems, Severity::Warning); }
};

// Throws amr::Error only when `dir` is not a VOC folder at all; everything else is a problem.
VocValidateReport validate_voc(const VocValidateOptions& options, const JobContext& ctx = {});

// The folder holding JPEGImages/ for `dir` (see VocValidateOptions::dir), or nullopt.
std::optional<std::filesystem::path> locate_voc_root(const std::filesystem::path& dir);

// One line per problem, then a summary.
std::string format_validation_text(const VocValidateReport& report);
std::string validation_to_json(const VocValidateReport& report);

}  // namespace amr::voc
