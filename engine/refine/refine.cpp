#include "engine/refine/refine.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "engine/cam/cam_store.h"
#include "engine/cam/recalibrate.h"
#include "engine/core/atomic_file.h"
#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"
#include "engine/core/option_check.h"
#include "engine/data/image_io.h"
#include "engine/data/label_png.h"
#include "engine/dist/sharded.h"
#include "engine/refine/irn_net.h"
#include "engine/refine/random_walk.h"
#include "engine/train/train_loop.h"

namespace amr::refine {

namespace fs = std::filesystem;

void RefineOptions::check() const {
    constexpr OptionCheck require{"refine options"};
    require(!dataset.empty(), "dataset: no dataset folder given");
    require(!split.empty(), "split: empty split name");
    require(!cam_store.empty(), "cam_store: no CAM store folder given");
    require(!checkpoint.empty(), "checkpoint: no train-irn checkpoint given");
    require(!output.empty(), "output: no output folder given");
    require(alpha >= 0 && alpha <= 1, "alpha must be in [0, 1]");
    require(radius >= 2 && radius <= 20, "radius must be in [2, 20]");
    require(pad_to >= kPadAuto && pad_to <= 4096, "pad_to must be -1 (auto) or in [0, 4096]");
    require(beta > 0, "beta must be positive");
    require(exp_times >= 0 && exp_times <= 12, "exp_times must be in [0, 12]");
    require(cam_power > 0, "cam_power must be positive");
    require(bg_threshold >= 0 && bg_threshold <= 1, "bg_threshold must be in [0, 1]");
    require(device == "auto" || device == "cpu" || device == "cuda",
            "device must be 'auto', 'cpu' or 'cuda' (got '" + device + "')");
}

int resolve_pad_to(int pad_to, const IrnTrainingInfo& info) {
    if (pad_to != RefineOptions::kPadAuto)
        return pad_to;
    return info.crop > 0 ? info.crop : 512;
}

RefineResult refine_labels(const RefineOptions& o, const JobContext& ctx) {
    o.check();
    data::Dataset dataset = data::open_dataset(o.dataset);
    const auto indices = dataset.split(o.split);
    if (indices.empty())
        throw Error(o.dataset, "has no images in split '" + o.split + "'");
    if (!fs::is_directory(o.cam_store))
        throw Error(o.cam_store, "CAM store folder not found (run amr make-cam)");
    const torch::Device device = train::resolve_device(o.device);
    IrnTrainingInfo trained;
    IrnNet net = load_irn(o.checkpoint, &trained);
    const int pad_to = resolve_pad_to(o.pad_to, trained);
    net->to(device);
    net->eval();
    fs::create_directories(o.output);
    if (!o.boundary_output.empty())
        fs::create_directories(o.boundary_output);

    RefineResult result;
    // In a distributed job (docs/distributed.md) each rank refines its share of the images (one
    // PNG each, written atomically); the counts are summed over the ranks.
    const auto comm = dist::world();
    const dist::Shard shard(comm.get());
    result.pad_to = pad_to;
    return shard.run([&] {
        std::optional<cam::CamStore> store;
        // The network's blocks stop an image part-way (nothing of it is written yet).
        const CancelScope cancel_scope(ctx.cancel);
        shard.for_each(indices.size(), ctx, [&](std::size_t n) {
            const auto& rec = dataset[indices[n]];
            const fs::path out = o.output / (rec.id + ".png");
            ctx.report(n, indices.size(), rec.id);
            if (!o.overwrite && fs::exists(out)) {
                ++result.skipped;
                return;
            }
            const fs::path cam_file = cam::CamStore(o.cam_store, "").path_of(rec.id);
            if (!fs::exists(cam_file)) {
                ++result.without_cams;
                return;
            }
            if (!store)  // the model of the first entry is the one every entry must come from
                store.emplace(cam::CamStore::of_entry(o.cam_store, rec.id));
            cam::CamEntry entry = store->get(rec.id);
            cv::Mat bgr = data::read_image(rec.image);
            if (bgr.rows != entry.height || bgr.cols != entry.width)
                throw Error(cam_file, "CAMs are for a " + std::to_string(entry.width) + "×" +
                                          std::to_string(entry.height) + " image, " +
                                          rec.image.string() + " is " + std::to_string(bgr.cols) +
                                          "×" + std::to_string(bgr.rows));
            cv::Mat rgb;
            cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
            cv::Mat boundary = boundary_map(net, rgb, device, pad_to);
            auto cams =
                cam::weighted_cam(entry.spotlight.strided, entry.compensation.strided, o.alpha);
            for (const cv::Mat& c : cams)
                if (c.size() != boundary.size())
                    throw Error(cam_file, "stride-4 CAMs are " + std::to_string(c.cols) + "×" +
                                              std::to_string(c.rows) + ", expected " +
                                              std::to_string(boundary.cols) + "×" +
                                              std::to_string(boundary.rows));
            WalkLabelOptions wo;
            wo.radius = o.radius;
            wo.beta = o.beta;
            wo.exp_times = o.exp_times;
            wo.cam_power = o.cam_power;
            wo.bg_threshold = o.bg_threshold;
            cv::Mat label = walk_to_label(boundary, cams, entry.keys, bgr.size(), wo, device);
            if (!o.boundary_output.empty()) {
                cv::Mat b8;
                boundary.convertTo(b8, CV_8UC1, 255.0);
                std::vector<unsigned char> png;
                cv::imencode(".png", b8, png);
                write_file_atomically(
                    o.boundary_output / (rec.id + ".png"),
                    std::string_view(reinterpret_cast<const char*>(png.data()), png.size()));
            }
            data::write_label_png(out, label);
            ++result.written;
        });
        std::vector<std::int64_t> counts{static_cast<std::int64_t>(result.written),
                                         static_cast<std::int64_t>(result.skipped),
                                         static_cast<std::int64_t>(result.without_cams)};
        shard.sum(counts, "the sum of the ranks' image counts");
        result.written = static_cast<std::size_t>(counts[0]);
        result.skipped = static_cast<std::size_t>(counts[1]);
        result.without_cams = static_cast<std::size_t>(counts[2]);
        shard.barrier("the final barrier");
        ctx.report(indices.size(), indices.size(), "done");
        return result;
    });
}

}  // namespace amr::refine
