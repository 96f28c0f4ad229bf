#pragma once
// The active review queue: images still to look at (status "new" or "needs work"), lowest
// confidence score first. Images without a score come after every scored one, in dataset order.

#include <optional>
#include <string>
#include <vector>

#include "engine/project/project.h"

namespace amr::review {

// `ids`: every image of the dataset, in dataset order. `states`: the stored review states
// (Project::image_states(); images without one are new and unscored).
std::vector<std::string> review_queue(const std::vector<std::string>& ids,
                                      const std::vector<project::ImageState>& states);

// The head of the queue other than `current` (the image on screen), or nothing when the queue
// holds no other image.
std::optional<std::string> next_in_queue(const std::vector<std::string>& ids,
                                         const std::vector<project::ImageState>& states,
                                         const std::string& current);

}  // namespace amr::review
