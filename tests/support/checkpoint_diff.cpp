#include "support/checkpoint_diff.h"

#include <algorithm>

#include "engine/nn/checkpoint.h"

namespace amr::test {

double checkpoint_max_diff(const std::filesystem::path& a, const std::filesystem::path& b) {
    const auto ca = nn::read_checkpoint(a);
    const auto cb = nn::read_checkpoint(b);
    if (ca.tensors.size() != cb.tensors.size())
        return -1;
    double worst = 0;
    for (std::size_t i = 0; i < ca.tensors.size(); ++i) {
        if (ca.tensors[i].first != cb.tensors[i].first)
            return -1;
        worst = std::max(worst, (ca.tensors[i].second.to(torch::kFloat64) -
                                 cb.tensors[i].second.to(torch::kFloat64))
                                    .abs()
                                    .max()
                                    .item<double>());
    }
    return worst;
}

}  // namespace amr::test
