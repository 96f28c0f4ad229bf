#include "engine/deeplab/seg_loss.h"

#include "engine/data/sample.h"

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
                       std::vector<torch::Tensor>* terms) {
    torch::Tensor total;
    for (const auto& out : outputs) {
        auto l = seg_cross_entropy(out, labels);
        if (terms)
            terms->push_back(l);
        total = total.defined() ? total + l : l;
    }
    return total;
}

SegEvaluation evaluate_deeplab(DeepLabV2& net, const data::Dataset& dataset,
                               const std::vector<std::size_t>& indices,
                               const std::vector<double>& scales, const torch::Device& device,
                               const JobContext& ctx) {
    eval::ConfusionMatrix cm(dataset.classes().num_labels());
    SegEvaluation result;
    const auto layout = net->options().backbone.layout;
    for (std::size_t n = 0; n < indices.size(); ++n) {
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
    result.metrics = eval::compute_metrics(cm);
    return result;
}

}  // namespace amr::deeplab
