#include "engine/deeplab/predict.h"

#include <algorithm>
#include <numeric>

#include <opencv2/imgcodecs.hpp>

#include "engine/core/atomic_file.h"
#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/data/dataset.h"
#include "engine/data/label_png.h"
#include "engine/data/sample.h"
#include "engine/deeplab/deeplab_net.h"
#include "engine/dist/sharded.h"

namespace amr::deeplab {

namespace fs = std::filesystem;

namespace {

constexpr OptionCheck require{"predict options"};

torch::Device pick_device(const std::string& device) {
    const bool cuda = torch::cuda::is_available();
    if (device == "cuda" && !cuda)
        throw Error("predict options: device 'cuda' asked for but no CUDA device is available");
    return device != "cpu" && cuda ? torch::Device(torch::kCUDA) : torch::Device(torch::kCPU);
}

void write_gray_png(const fs::path& file, const cv::Mat& gray) {
    std::vector<uchar> bytes;
    if (!cv::imencode(".png", gray, bytes))
        throw Error(file, "could not be encoded as PNG");
    write_file_atomically(
        file, std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
}

// Dense CRF on the softmax (docs/method.md §6.3): unary −ln(max(p, 1e-5)), then the argmax and the
// maximum of the CRF marginals.
void crf_labels(const torch::Tensor& probs, const cv::Mat& bgr,
                const refine::DenseCrfOptions& options, cv::Mat& labels, cv::Mat& confidence) {
    auto p = probs[0].to(torch::kCPU, torch::kFloat).contiguous();
    const int h = static_cast<int>(p.size(1)), w = static_cast<int>(p.size(2));
    std::vector<cv::Mat> planes;
    for (int64_t k = 0; k < p.size(0); ++k)
        planes.push_back(cv::Mat(h, w, CV_32FC1, p[k].data_ptr<float>()).clone());
    auto q = refine::dense_crf(refine::unary_from_probabilities(planes), bgr, options);
    labels = refine::argmax_planes(q);
    cv::Mat best = q[0].clone();
    for (std::size_t k = 1; k < q.size(); ++k)
        best = cv::max(best, q[k]);
    best.convertTo(confidence, CV_8UC1, 255.0);  // rounds and saturates
}

}  // namespace

PredictOptions::PredictOptions() : crf_options(refine::deeplab_crf_options()) {}

void PredictOptions::check() const {
    require(!dataset.empty(), "dataset: no dataset folder given");
    require(!split.empty(), "split: empty split name");
    require(!checkpoint.empty(), "checkpoint: no DeepLab checkpoint given");
    require(!output.empty(), "output: no output folder given");
    require(!scales.empty(), "scales: give at least one scale");
    for (double s : scales)
        require(s > 0 && s <= 4, "scales must be in (0, 4] (got " + std::to_string(s) + ")");
    require(device == "auto" || device == "cpu" || device == "cuda",
            "device must be 'auto', 'cpu' or 'cuda' (got '" + device + "')");
    if (crf)
        crf_options.check();
}

PredictResult predict(const PredictOptions& options, const JobContext& ctx) {
    options.check();
    data::Dataset dataset = data::open_dataset(options.dataset);
    std::vector<std::size_t> indices;
    if (options.split == "auto") {
        indices = dataset.split("val");
        if (indices.empty()) {
            indices.resize(dataset.size());
            std::iota(indices.begin(), indices.end(), std::size_t(0));
        }
    } else {
        const auto& names = dataset.split_names();
        if (std::find(names.begin(), names.end(), options.split) == names.end())
            throw Error(options.dataset, "has no split '" + options.split +
                                             "' (auto: val where there is one, else every image)");
        indices = dataset.split(options.split);
    }

    const torch::Device device = pick_device(options.device);
    auto model = load_deeplab(options.checkpoint, device);
    const int num_labels = dataset.classes().num_labels();
    if (model.meta.num_classes != num_labels)
        throw Error(options.checkpoint, "predicts " + std::to_string(model.meta.num_classes) +
                                            " labels, the dataset has " +
                                            std::to_string(num_labels) + " (background + " +
                                            std::to_string(num_labels - 1) + " classes)");
    const auto layout = model.meta.backbone.layout;
    fs::create_directories(options.output);
    if (!options.confidence.empty())
        fs::create_directories(options.confidence);

    eval::ConfusionMatrix cm(num_labels);
    PredictResult result;
    // In a distributed job (docs/distributed.md) each rank predicts and scores its share of the
    // images; the counts and the confusion matrix are summed over the ranks.
    const auto comm = dist::world();
    const dist::Shard shard(comm.get());
    return shard.run([&] {
        // The network's blocks stop an image part-way (nothing of it is written yet).
        const CancelScope cancel_scope(ctx.cancel);
        const std::size_t total = indices.size();
        shard.for_each(total, ctx, [&](std::size_t n) {
            const auto& rec = dataset[indices[n]];
            const fs::path out = options.output / (rec.id + ".png");
            const fs::path conf =
                options.confidence.empty() ? fs::path() : options.confidence / (rec.id + ".png");
            const bool done =
                !options.overwrite && fs::exists(out) && (conf.empty() || fs::exists(conf));
            cv::Mat labels;
            if (done) {
                ++result.skipped;
                if (rec.mask)
                    labels = data::read_label_png(out);
                ctx.report(n + 1, total, rec.id + " (skipped)");
            } else {
                auto sample = data::load_sample(dataset, indices[n], false);
                auto probs =
                    predict_probabilities(model.net, image_input(sample.image, layout, device),
                                          options.scales, options.flip);
                cv::Mat confidence;
                if (options.crf)
                    crf_labels(probs, sample.image, options.crf_options, labels, confidence);
                else
                    labels_and_confidence(probs, labels, confidence);
                data::write_label_png(out, labels);
                if (!conf.empty())
                    write_gray_png(conf, confidence);
                ++result.written;
                ctx.report(n + 1, total, rec.id);
            }
            if (rec.mask) {
                const cv::Mat gt = data::read_label_png(*rec.mask);
                if (labels.size() != gt.size())
                    throw Error(out, "is " + std::to_string(labels.cols) + "×" +
                                         std::to_string(labels.rows) + ", its ground truth " +
                                         std::to_string(gt.cols) + "×" + std::to_string(gt.rows) +
                                         "; rerun with overwrite to predict it again");
                try {
                    cm.add(gt, labels);
                } catch (const eval::LabelValueError& e) {
                    throw Error(e.in_prediction() ? out : *rec.mask, e.problem());
                }
                ++result.evaluated;
            }
        });
        if (shard.world_size() > 1) {
            std::vector<std::int64_t> counts{static_cast<std::int64_t>(result.written),
                                             static_cast<std::int64_t>(result.skipped),
                                             static_cast<std::int64_t>(result.evaluated)};
            std::vector<std::int64_t> matrix = cm.counts();
            counts.insert(counts.end(), matrix.begin(), matrix.end());
            shard.sum(counts, "the sum of the ranks' counts and confusion matrices");
            result.written = static_cast<std::size_t>(counts[0]);
            result.skipped = static_cast<std::size_t>(counts[1]);
            result.evaluated = static_cast<std::size_t>(counts[2]);
            cm.clear();
            cm.merge_counts({counts.begin() + 3, counts.end()});
            shard.barrier("the final barrier");
        }
        if (result.evaluated > 0)
            result.metrics = eval::compute_metrics(cm);
        return result;
    });
}

}  // namespace amr::deeplab
