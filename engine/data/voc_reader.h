#pragma once
// The PASCAL VOC layout (plus the SBD "aug" extras):
//
//   VOC/JPEGImages/<id>.jpg                   images (another image type is accepted)
//   VOC/Annotations/<id>.xml                  tags = every annotation/object/name
//   VOC/SegmentationClass/<id>.png            ground truth, else
//   VOC/SegmentationClassAug/<id>.png
//   VOC/ImageSets/Segmentation/*.txt          one split per list (train, val, train_aug, ...)
//   VOC/ImageSets/SegmentationAug/*.txt       more lists
//   VOC/classes.txt                           optional; the 20 VOC classes otherwise
//   VOC/tags.csv                              optional; replaces the XML tags (folder_reader.h)
//
// VOC is the folder given, or its VOCdevkit/VOC2012 (or VOC2012) subfolder. The dataset's
// images are the union of the lists, in order of first appearance; without lists, every image
// of JPEGImages in a split named "all".

#include <filesystem>
#include <optional>

#include "engine/data/dataset.h"

namespace amr::data {

// The folder holding JPEGImages/ for a VOC dataset given as `root`, or nullopt when `root`
// does not look like one.
std::optional<std::filesystem::path> find_voc_root(const std::filesystem::path& root);

// Opens a VOC dataset. Throws amr::Error naming the file (and line) at fault: malformed XML,
// unknown class names, ids listed twice in one list, listed ids without an image.
Dataset read_voc(const std::filesystem::path& root);

}  // namespace amr::data
