#include "engine/cam/make_cams.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <fstream>

#include "engine/cam/cam_inference.h"
#include "engine/cam/cam_store.h"
#include "engine/core/cancel_scope.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/data/sample.h"
#include "engine/dist/sharded.h"

namespace amr::cam {

namespace fs = std::filesystem;

void MakeCamsOptions::check() const {
    if (dataset.empty())
        throw Error("make-cam options: no dataset given");
    if (checkpoint.empty())
        throw Error("make-cam options: no checkpoint given");
    if (store.empty())
        throw Error("make-cam options: no CAM store folder given");
    if (split.empty())
        throw Error("make-cam options: the split name is empty");
    if (scales.empty())
        throw Error("make-cam options: no scales given");
    for (double s : scales)
        if (!(s > 0.0 && s <= 8.0))
            throw Error("make-cam options: scale " + std::to_string(s) + " is out of range (0, 8]");
    if (adv_iterations < 1 || adv_iterations > 1000)
        throw Error("make-cam options: adv_iterations must be in [1, 1000] (got " +
                    std::to_string(adv_iterations) + ")");
    if (device != "auto" && device != "cpu" && device != "cuda")
        throw Error("make-cam options: device '" + device + "' is not auto, cpu or cuda");
}

std::string checkpoint_fingerprint(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in)
        throw Error(file, "cannot be read");
    std::uint64_t h = 14695981039346656037ull;
    std::uint64_t size = 0;
    std::vector<char> buf(1 << 20);
    while (in) {
        in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
        auto n = static_cast<std::size_t>(in.gcount());
        for (std::size_t i = 0; i < n; ++i) {
            h ^= static_cast<unsigned char>(buf[i]);
            h *= 1099511628211ull;
        }
        size += n;
    }
    if (in.bad())
        throw Error(file, "could not be read to the end");
    char text[64];
    std::snprintf(text, sizeof text, "fnv1a64:%016" PRIx64 ":%" PRIu64, h, size);
    return text;
}

namespace {

torch::Device pick_device(const std::string& device) {
    bool cuda = torch::cuda::is_available();
    if (device == "cuda" && !cuda)
        throw Error("make-cam options: device 'cuda' asked for but no CUDA device is available");
    if (device == "cpu" || !cuda)
        return torch::kCPU;
    return torch::kCUDA;
}

}  // namespace

MakeCamsResult make_cams(const MakeCamsOptions& requested, const JobContext& ctx) {
    requested.check();
    data::Dataset dataset = data::open_dataset(requested.dataset);
    MakeCamsOptions options = requested;
    options.split = dataset.resolve_split(requested.split);
    const auto& names = dataset.split_names();
    if (std::find(names.begin(), names.end(), options.split) == names.end())
        throw Error(options.dataset, "has no split '" + options.split + "'");
    auto indices = dataset.split(options.split);

    MakeCamsResult result;
    result.split = options.split;
    // Entries made another way (climbing, no Grad-CAM factor) are stale too.
    result.fingerprint = checkpoint_fingerprint(options.checkpoint);
    if (!options.gradcam_scale)
        result.fingerprint += ";no-gradcam-scale";
    if (options.adversarial)
        result.fingerprint += ";advcam:" + std::to_string(options.adv_iterations);
    CamNet net = load_cam_net(options.checkpoint, pick_device(options.device));
    if (net.num_classes != static_cast<int64_t>(dataset.classes().size()))
        throw Error(options.checkpoint, "was trained for " + std::to_string(net.num_classes) +
                                            " classes, the dataset has " +
                                            std::to_string(dataset.classes().size()));
    CamStore store(options.store, result.fingerprint);
    CamInferenceOptions io;
    io.scales = options.scales;
    io.flip = options.flip;
    io.high_res = options.high_res;
    io.gradcam_scale = options.gradcam_scale;
    io.adversarial = options.adversarial;
    io.climbing.iterations = options.adv_iterations;

    // In a distributed job (docs/distributed.md) each rank takes its share of the images; the
    // entries are files of their own, so the ranks write the store of a one-process run.
    const auto comm = dist::world();
    const dist::Shard shard(comm.get());
    return shard.run([&] {
        // The network's blocks stop an image part-way (nothing of it is written yet).
        const CancelScope cancel_scope(ctx.cancel);
        const std::size_t total = indices.size();
        shard.for_each(total, ctx, [&](std::size_t n) {
            const auto& rec = dataset[indices[n]];
            if (rec.tags.empty()) {
                ++result.untagged;
                ctx.report(n + 1, total, rec.id + " (no tags)");
                return;
            }
            if (store.has_fresh(rec.id)) {
                ++result.skipped;
                ctx.report(n + 1, total, rec.id + " (skipped)");
                return;
            }
            auto sample = data::load_sample(dataset, indices[n], false);
            std::vector<int> keys(rec.tags.begin(), rec.tags.end());
            store.put(rec.id, infer_cams(net, sample.image, keys, io));
            ++result.computed;
            ctx.report(n + 1, total, rec.id);
        });
        std::vector<std::int64_t> counts{static_cast<std::int64_t>(result.computed),
                                         static_cast<std::int64_t>(result.skipped),
                                         static_cast<std::int64_t>(result.untagged)};
        shard.sum(counts, "the sum of the ranks' image counts");
        result.computed = static_cast<std::size_t>(counts[0]);
        result.skipped = static_cast<std::size_t>(counts[1]);
        result.untagged = static_cast<std::size_t>(counts[2]);
        shard.barrier("the final barrier");
        return result;
    });
}

}  // namespace amr::cam
