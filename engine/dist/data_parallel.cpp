#include "engine/dist/data_parallel.h"

#include "engine/core/error.h"

namespace amr::dist {

std::vector<std::size_t> shard_order(const std::vector<std::size_t>& order, int batch, int rank,
                                     int world) {
    const std::size_t b = static_cast<std::size_t>(batch);
    const std::size_t g = b * static_cast<std::size_t>(world);
    const std::size_t steps = order.size() / g;
    std::vector<std::size_t> out;
    out.reserve(steps * b);
    for (std::size_t s = 0; s < steps; ++s) {
        auto first = order.begin() + static_cast<std::ptrdiff_t>(s * g + rank * b);
        out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(b));
    }
    return out;
}

void broadcast_module(Communicator& comm, torch::nn::Module& module) {
    torch::NoGradGuard no_grad;
    std::vector<torch::Tensor> tensors;
    for (auto& p : module.parameters())
        tensors.push_back(p);
    for (auto& b : module.buffers())
        tensors.push_back(b);
    // c10d broadcasts in place into contiguous tensors; parameters always are.
    comm.broadcast(tensors, "the broadcast of rank 0's initial weights");
}

void agree_on_start(Communicator& comm, long step, const std::filesystem::path& resume_file,
                    torch::nn::Module& module) {
    auto t = torch::tensor({static_cast<double>(step)}, torch::kFloat64);
    auto lo = -t;
    comm.all_reduce_max(t, "the agreement on the resume step");
    comm.all_reduce_max(lo, "the agreement on the resume step");
    if (t.item<double>() != -lo.item<double>())
        throw Error(resume_file, "is not the same on every rank (rank " +
                                     std::to_string(comm.rank()) + " resumes at step " +
                                     std::to_string(step) +
                                     "); every rank needs the same resume state");
    broadcast_module(comm, module);
}

std::vector<double> average(Communicator* comm, const std::vector<double>& values,
                            const char* what) {
    if (!comm || values.empty())
        return values;
    auto t = torch::tensor(values, torch::kFloat64);
    comm->all_reduce_sum(t, what);
    t.div_(comm->world_size());
    return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

std::vector<double> sum(Communicator* comm, const std::vector<double>& values, const char* what) {
    if (!comm || values.empty())
        return values;
    auto t = torch::tensor(values, torch::kFloat64);
    comm->all_reduce_sum(t, what);
    return {t.data_ptr<double>(), t.data_ptr<double>() + t.numel()};
}

bool any(Communicator* comm, bool value, const char* what) {
    if (!comm)
        return value;
    auto t = torch::tensor({value ? 1 : 0}, torch::kInt32);
    comm->all_reduce_max(t, what);
    return t.item<int>() != 0;
}

}  // namespace amr::dist
