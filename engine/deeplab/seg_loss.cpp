#include "engine/deeplab/seg_loss.h"

#include "engine/data/sample.h"
#include "engine/dist/data_parallel.h"
#include "engine/dist/sharded.h"

namespace amr::deeplab {

namespace {

torch::Tensor nearest_index(int64_t in, int64_t out, const torch::Device& device) {
    auto i = torch::arange(out, torch::TensorOptions(torch::kDouble).device(device));
    return ((i + 0.5) * (static_cast<double>(in) / static_cast<double>(out)))
        .floor()
        .clamp_max(static_cast<double>(in - 1))
        .to(torch::kLong);
}

}  // namespace

torch::Tensor resize_labels_nearest(const torch::Tensor& labels, int64_t h, int64_t w) {
    if (labels.size(1) == h && labels.size(2) == w)
        return labels;
    return labels.index_select(1, nearest_index(labels.size(1), h, labels.device()))
        .index_select(2, nearest_index(labels.size(2), w, labels.device()));
}

torch::Tensor seg_cross_entropy(const torch::Tensor& logits, const torch::Tensor& labels) {
    auto target = resize_labels_nearest(labels, logits.size(2), logits.size(3));
    auto sum = torch::nn::functional::cross_entropy(
        logits, target,
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(255).reduction(torch::kSum));
    auto count = (target != 255).sum().clamp_min(1).to(logits.scalar_type());
    return sum / count;
}

torch::Tensor msc_loss(const std::vector<torch::Tensor>& outputs, const torch::Tensor& labels,
                       std::vector<torch::Tensor>* terms, dist::Communicator* comm) {
    std::vector<torch::Tensor> losses;
    if (!comm) {
        for (const auto& out : outputs)
            losses.push_back(seg_cross_entropy(out, labels));
    } else {
        // Sums and counts per output first, then one all-reduce of all the counts.
        std::vector<torch::Tensor> sums;
        std::vector<double> counts;
        for (const auto& out : outputs) {
            auto target = resize_labels_nearest(labels, out.size(2), out.size(3));
            sums.push_back(torch::nn::functional::cross_entropy(
                out, target,
                torch::nn::functional::CrossEntropyFuncOptions().ignore_index(255).reduction(
                    torch::kSum)));
            counts.push_back((target != 255).sum().item<double>());
        }
        counts = dist::sum(comm, counts, "the sum of the ranks' labelled-pixel counts");
        for (std::size_t k = 0; k < sums.size(); ++k)
            losses.push_back(sums[k] * (comm->world_size() / std::max(counts[k], 1.0)));
    }
    torch::Tensor total;
    for (auto& l : losses) {
        if (terms)
            terms->push_back(l);
        total = total.defined() ? total + l : l;
    }
    return total;
}

SegEvaluation evaluate_deeplab(DeepLabV2& net, const data::Dataset& dataset,
                               const std::vector<std::size_t>& indices,
                               const std::vector<double>& scales, const torch::Device& device,
                               const JobContext& ctx, dist::Communicator* comm) {
    const dist::Shard shard(comm);
    eval::ConfusionMatrix cm(dataset.classes().num_labels());
    SegEvaluation result;
    const auto layout = net->options().backbone.layout;
    for (std::size_t n = 0; n < indices.size(); ++n) {
        if (!shard.mine(n))
            continue;
        ctx.check_cancel();
        if (!dataset[indices[n]].mask)
            continue;
        auto sample = data::load_sample(dataset, indices[n], true);
        auto probs =
            predict_probabilities(net, image_input(sample.image, layout, device), scales, false);
        cv::Mat labels, confidence;
        labels_and_confidence(probs, labels, confidence);
        cm.add(sample.mask, labels);
        ++result.images;
        ctx.report(n + 1, indices.size(), dataset[indices[n]].id);
    }
    if (comm) {
        std::vector<std::int64_t> counts = cm.counts();
        counts.push_back(static_cast<std::int64_t>(result.images));
        shard.sum(counts, "the sum of the ranks' validation confusion matrices");
        result.images = static_cast<std::size_t>(counts.back());
        counts.pop_back();
        cm.clear();
        cm.merge_counts(counts);
    }
    result.metrics = eval::compute_metrics(cm);
    return result;
}

}  // namespace amr::deeplab
