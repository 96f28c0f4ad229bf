#pragma once
// PASCAL VOC 2012 export that torchvision, mmsegmentation and PIL read unchanged:
//
//   OUT/VOCdevkit/VOC2012/JPEGImages/<id>.jpg            byte copy of a JPEG source, else
//                                                        re-encoded (quality jpeg_quality)
//   OUT/VOCdevkit/VOC2012/SegmentationClass/<id>.png     8-bit palette PNG, VOC colormap,
//                                                        pixel = class index, 255 = void
//   OUT/VOCdevkit/VOC2012/SegmentationClassAug/<id>.png  the same masks (write_aug)
//   OUT/VOCdevkit/VOC2012/Annotations/<id>.xml           one <object> per connected component
//                                                        of each class in the mask
//   OUT/VOCdevkit/VOC2012/ImageSets/Segmentation/{train,val,trainval}.txt (+ train_aug.txt)
//   OUT/VOCdevkit/VOC2012/classes.txt                    foreground classes, one a line (the
//                                                        file amr's dataset reader picks up)
//   OUT/VOCdevkit/VOC2012/labels.txt                     line i = the name of pixel value i,
//                                                        "background" first (mmseg/labelme style)
//   OUT/VOCdevkit/VOC2012/.amr-export.json               the resume manifest
//
// Each image's mask is the first version of `priority` that has one. Every file is written
// atomically; the list files last. An interrupted export resumes: finished images whose
// sources are unchanged (path, size, modification time, tags) are skipped.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/dataset.h"
#include "engine/export/mask_source.h"

namespace amr::voc {

// What to do when the output folder is not empty (an unfinished export of ours always resumes).
enum class ExistingOutput {
    Refuse,     // stop with an error that explains the two choices below
    Update,     // keep every existing file; write new and changed images; resume
    Overwrite,  // first delete our previous export: the subfolders and files listed above in
                // VOCdevkit/VOC2012, nothing else
};

struct VocExportOptions {
    const data::Dataset* dataset = nullptr;
    const MaskSource* masks = nullptr;
    std::filesystem::path output;  // the folder that holds (or will hold) VOCdevkit/
    std::vector<std::string> priority = default_mask_priority();
    // Export only these image ids (e.g. the reviewed ones); nullopt = every image.
    std::optional<std::vector<std::string>> only_ids;
    ExistingOutput existing = ExistingOutput::Refuse;
    bool write_aug = false;  // SegmentationClassAug/ and train_aug.txt (= train.txt)
    // Also export images without a mask in any version: JPEG and XML only (one whole-image
    // box per tag, since there is no mask to box), left out of the Segmentation lists.
    bool include_unmasked = false;
    // A bad mask or image (wrong size, unknown values, undecodable) stops the export with an
    // amr::Error naming the file; with skip_bad it is reported in the result and left out.
    bool skip_bad = false;
    int min_box_area = 16;  // smaller components get no box (see component_boxes)
    int jpeg_quality = 95;  // for sources that are not JPEG
    int threads = 0;        // parallel writers; 0 = automatic (8 to 16)

    // Throws amr::Error explaining the first invalid field (unknown ids in only_ids included).
    void check() const;
};

struct VocExportResult {
    std::filesystem::path voc_root;  // OUT/VOCdevkit/VOC2012
    std::size_t exported = 0;        // images in the export now
    std::size_t with_mask = 0;       // of those, with a SegmentationClass mask
    std::size_t written = 0;         // images written by this run
    std::size_t unchanged = 0;       // images a previous run finished, left as they were
    std::size_t without_mask = 0;    // selected images with no mask in any priority version
    std::size_t not_selected = 0;    // images left out by only_ids
    std::size_t train = 0;           // ids in train.txt, val.txt, trainval.txt
    std::size_t val = 0;
    std::size_t trainval = 0;
    std::map<std::string, std::size_t> by_version;  // exported masks per mask version
    // Per image findings that do not stop the export, e.g. a tagged class without pixels.
    std::vector<std::string> notes;
    // Images left out because of a bad input (skip_bad), each "<file>: <problem>".
    std::vector<std::string> skipped;
};

VocExportResult export_voc(const VocExportOptions& options, const JobContext& ctx = {});

// The VOC root of an export: output/VOCdevkit/VOC2012.
std::filesystem::path voc_export_root(const std::filesystem::path& output);

// Reads a list of image ids: one per line, blank lines and '#' comments skipped, surrounding
// spaces trimmed. Throws amr::Error naming the file when it cannot be read.
std::vector<std::string> read_id_list(const std::filesystem::path& file);

}  // namespace amr::voc
