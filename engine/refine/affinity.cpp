#include "engine/refine/affinity.h"

#include "engine/core/error.h"
#include "engine/dist/data_parallel.h"

namespace amr::refine {

using torch::indexing::Slice;

namespace {

// The B×rows×cols window of `maps` (B×h×w) whose top-left corner is (ρ + dy, ρ + dx) relative
// to the source region's origin (0, ρ).
torch::Tensor window(const torch::Tensor& maps, const PathIndices& p, int dy, int dx) {
    const int64_t h = maps.size(1), w = maps.size(2);
    const int64_t rows = p.source_rows(static_cast<int>(h));
    const int64_t cols = p.source_cols(static_cast<int>(w));
    const int64_t x0 = p.radius_floor + dx;
    return maps.index({Slice(), Slice(dy, dy + rows), Slice(x0, x0 + cols)});
}

torch::Tensor squeeze_channel(const torch::Tensor& t) {
    if (t.dim() == 4) {
        if (t.size(1) != 1)
            throw Error("affinity: expected one channel, got " + std::to_string(t.size(1)));
        return t.select(1, 0);
    }
    if (t.dim() != 3)
        throw Error("affinity: expected B×h×w maps");
    return t;
}

void check_size(const torch::Tensor& maps, const PathIndices& p) {
    if (p.source_rows(static_cast<int>(maps.size(1))) < 1 ||
        p.source_cols(static_cast<int>(maps.size(2))) < 1)
        throw Error("affinity: a " + std::to_string(maps.size(1)) + "×" +
                    std::to_string(maps.size(2)) + " map is too small for radius " +
                    std::to_string(p.radius));
}

}  // namespace

AffinityLabels affinity_labels(const torch::Tensor& labels_in, const PathIndices& p) {
    auto labels = squeeze_channel(labels_in).to(torch::kInt32);
    check_size(labels, p);
    auto src = window(labels, p, 0, 0);
    auto src_valid = src.ne(255);
    const int64_t n = labels.size(0);
    std::vector<torch::Tensor> bg, fg, ng;
    for (const Offset& d : p.directions) {
        auto dst = window(labels, p, d.dy, d.dx);
        auto valid = src_valid.logical_and(dst.ne(255));
        auto same = src.eq(dst).logical_and(valid);
        bg.push_back(same.logical_and(src.eq(0)).reshape({n, -1}));
        fg.push_back(same.logical_and(src.gt(0)).reshape({n, -1}));
        ng.push_back(src.ne(dst).logical_and(valid).reshape({n, -1}));
    }
    return {torch::stack(bg, 1).to(torch::kFloat32), torch::stack(fg, 1).to(torch::kFloat32),
            torch::stack(ng, 1).to(torch::kFloat32)};
}

torch::Tensor affinity_from_boundary(const torch::Tensor& boundary_in, const PathIndices& p) {
    auto b = squeeze_channel(boundary_in);
    check_size(b, p);
    const int64_t n = b.size(0);
    std::vector<torch::Tensor> out;
    out.reserve(p.directions.size());
    for (const auto& path : p.paths) {
        torch::Tensor m;
        for (const Offset& q : path) {
            auto wq = window(b, p, q.dy, q.dx);
            m = m.defined() ? torch::maximum(m, wq) : wq;
        }
        out.push_back((1 - m).reshape({n, -1}));
    }
    return torch::stack(out, 1);
}

IrnLoss irn_edge_loss(const torch::Tensor& edge_logits, const torch::Tensor& labels,
                      const PathIndices& p, dist::Communicator* comm) {
    auto lab = affinity_labels(labels, p);
    auto a = affinity_from_boundary(torch::sigmoid(edge_logits), p);
    IrnLoss l;
    auto count_bg = lab.bg_pos.sum(), count_fg = lab.fg_pos.sum(), count_neg = lab.neg.sum();
    double world = 1;
    if (comm) {
        const auto c = dist::sum(
            comm, {count_bg.item<double>(), count_fg.item<double>(), count_neg.item<double>()},
            "the sum of the ranks' affinity pair counts");
        const auto opts = count_bg.options();
        count_bg = torch::tensor(c[0], opts), count_fg = torch::tensor(c[1], opts);
        count_neg = torch::tensor(c[2], opts);
        world = comm->world_size();
    }
    l.pos_bg = (lab.bg_pos * -torch::log(a + 1e-5)).sum() / (count_bg + 1e-5) * world;
    l.pos_fg = (lab.fg_pos * -torch::log(a + 1e-5)).sum() / (count_fg + 1e-5) * world;
    l.neg = (lab.neg * -torch::log(1 + 1e-5 - a)).sum() / (count_neg + 1e-5) * world;
    l.total = (l.pos_bg / 2 + l.pos_fg / 2 + l.neg) / 2;
    return l;
}

}  // namespace amr::refine
