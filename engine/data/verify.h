#pragma once
// The dataset checker: goes through every image and mask of a dataset and collects all the
// problems it finds (rather than stopping at the first), for `amr check-data` and the GUI.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/core/job.h"
#include "engine/data/dataset.h"

namespace amr::data {

struct CheckOptions {
    bool decode = false;  // fully decode images; otherwise read their size from the header
    int threads = 0;      // worker threads; 0 = OpenCV's thread count (set by init_runtime)

    // Throws amr::Error explaining the first invalid field.
    void check() const;
};

struct CheckProblem {
    std::filesystem::path file;  // the image, mask, list or folder at fault
    std::string problem;         // what is wrong with it
    std::string id;              // the image id it belongs to
};

struct CheckReport {
    std::size_t images = 0;              // images checked
    std::size_t masks = 0;               // masks checked
    std::vector<CheckProblem> problems;  // in dataset order, image before mask

    bool ok() const { return problems.empty(); }
};

// Reports the dataset's empty lists and folders (Dataset::empty_sources), then checks each
// image (readable; decodable when options.decode) and each mask (a readable label
// PNG, the size of its image, values 0..classes and 255). Reports progress per image; throws
// amr::Cancelled when ctx's token is set.
CheckReport check_dataset(const Dataset& dataset, const CheckOptions& options,
                          const JobContext& ctx = {});

}  // namespace amr::data
