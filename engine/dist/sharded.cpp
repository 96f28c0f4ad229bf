#include "engine/dist/sharded.h"

namespace amr::dist {

void Shard::mark(std::size_t n) const {
    if (comm_)
        comm_->mark_step(static_cast<long>(n));
}

void Shard::sum(std::vector<std::int64_t>& values, const std::string& what) const {
    if (!comm_ || values.empty())
        return;
    auto t = torch::tensor(values, torch::kInt64);
    comm_->all_reduce_sum(t, what);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = t[static_cast<int64_t>(i)].item<int64_t>();
}

void Shard::barrier(const std::string& what) const {
    if (comm_)
        comm_->barrier(what);
}

}  // namespace amr::dist
