#pragma once
// A dataset is an index of images, each with image-level tags, an optional ground-truth mask
// and its split membership. Opening one reads list files, tag files and XML only: no image
// or mask is decoded until asked for (see sample.h).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/class_list.h"

namespace amr::data {

enum class DatasetFormat { Voc, Folder };

struct ImageRecord {
    std::string id;                             // e.g. "2007_000032"; never parsed as a number
    std::filesystem::path image;                // absolute path of the image file
    std::vector<std::uint16_t> tags;            // 0-based class indices, ascending, unique
    std::optional<std::filesystem::path> mask;  // ground-truth label PNG, when one exists
    std::uint32_t splits = 0;                   // bit i set = member of Dataset::split_names()[i]

    bool has_tag(int cls) const;
};

// A file or folder that should name images but names none (read by the dataset readers).
struct EmptySource {
    std::filesystem::path file;  // e.g. ImageSets/Segmentation/val.txt, JPEGImages/, tags.csv
    std::string problem;         // e.g. "the list names no images"
};

class Dataset {
public:
    Dataset() = default;
    Dataset(std::filesystem::path root, DatasetFormat format, ClassList classes);

    const std::filesystem::path& root() const { return root_; }
    DatasetFormat format() const { return format_; }
    const ClassList& classes() const { return classes_; }
    const std::vector<ImageRecord>& images() const { return images_; }
    std::size_t size() const { return images_.size(); }
    const ImageRecord& operator[](std::size_t i) const { return images_[i]; }

    // Index of the image with this id, or -1.
    long find(std::string_view id) const;

    const std::vector<std::string>& split_names() const { return split_names_; }
    // Bit for a split name (added when new); at most 32 splits.
    std::uint32_t split_bit(const std::string& name);
    // Indices of the images in a split, in dataset order; empty for an unknown split.
    std::vector<std::size_t> split(std::string_view name) const;
    // The split that `requested` names: "auto" is "train_aug" when the dataset has images in
    // it (the official training list on VOC: train + SBD, docs/method.md §1.2), else "train";
    // any other name is returned as given.
    std::string resolve_split(const std::string& requested) const;

    // Multi-hot tag vector (length classes().size()) of image i.
    std::vector<float> multi_hot(std::size_t i) const;
    std::size_t count_with_mask() const;

    // Adds an image; throws amr::Error naming `source` when the id is already present.
    void add(ImageRecord record, const std::filesystem::path& source);

    // Non-fatal findings while reading (e.g. "12 images have no tags"), for the user to see.
    std::vector<std::string>& warnings() { return warnings_; }
    const std::vector<std::string>& warnings() const { return warnings_; }

    // Why a dataset has no images: its lists or folders that name none. `amr check-data`
    // reports each as a problem. Empty when the dataset has images.
    std::vector<EmptySource>& empty_sources() { return empty_sources_; }
    const std::vector<EmptySource>& empty_sources() const { return empty_sources_; }

private:
    std::filesystem::path root_;
    DatasetFormat format_ = DatasetFormat::Folder;
    ClassList classes_;
    std::vector<ImageRecord> images_;
    std::unordered_map<std::string, std::size_t> by_id_;
    std::vector<std::string> split_names_;
    std::vector<std::string> warnings_;
    std::vector<EmptySource> empty_sources_;
};

// Opens a dataset folder, detecting its format:
// - VOC: `root/VOCdevkit/VOC2012`, or a folder holding JPEGImages/ (see voc_reader.h);
// - plain folder: a folder holding tags.csv (see folder_reader.h).
// Throws amr::Error naming the folder or file at fault. Reading the annotations of a large VOC
// dataset reports progress through `ctx` and stops with amr::Cancelled when it is cancelled.
Dataset open_dataset(const std::filesystem::path& root, const JobContext& ctx = {});

}  // namespace amr::data
