#pragma once
// Brings existing label masks into AMR Studio as a mask version folder (<id>.png, re-encoded as
// VOC palette PNGs) with provenance "imported" recorded in its provenance.json.
//
// Accepted sources: a VOC dataset (its SegmentationClass/ is used), a SegmentationClass folder,
// or any folder of <id>.png label images in palette or 8-bit grayscale mode. RGB PNGs are
// refused: their pixels are colours, not class indices. Every refused file is reported with its
// reason (not a PNG, unknown id, size differs from the image, values outside the classes); the
// others are imported.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/dataset.h"
#include "engine/export/file_problem.h"

namespace amr::voc {

struct MaskImportOptions {
    std::filesystem::path source;
    const data::Dataset* dataset = nullptr;  // ids, image sizes and classes to check against
    std::filesystem::path output;            // the mask version folder to write into
    std::string version = "imported";        // recorded in provenance.json
    // A non-empty output is refused unless update is set: then masks with the same id are
    // replaced, others kept, and this import is appended to provenance.json.
    bool update = false;

    void check() const;
};

struct MaskImportResult {
    std::filesystem::path source_folder;  // the folder the masks were read from
    std::size_t imported = 0;
    std::size_t refused = 0;
    std::vector<FileProblem> problems;  // one per refused or ignored file
};

MaskImportResult import_masks(const MaskImportOptions& options, const JobContext& ctx = {});

// The folder of masks for `source`: SOURCE/VOCdevkit/VOC2012/SegmentationClass,
// SOURCE/VOC2012/SegmentationClass, SOURCE/SegmentationClass, else SOURCE itself.
std::filesystem::path resolve_mask_folder(const std::filesystem::path& source);

}  // namespace amr::voc
