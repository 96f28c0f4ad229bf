// run_training_on: the step loop of train-cam and train-amr, in one process or data parallel.
#include <cmath>
#include <fstream>

#include "engine/core/error.h"
#include "engine/dist/data_parallel.h"
#include "engine/dist/grad_averager.h"
#include "engine/train/cancellable_step.h"
#include "engine/train/resume_state.h"
#include "engine/train/train_loop.h"

namespace amr::train {

namespace {

double scalar(const torch::Tensor& t) {
    return t.detach().to(torch::kCPU).item<double>();
}

}  // namespace

std::vector<torch::Tensor> trained_params(std::initializer_list<const Sgd*> optimisers) {
    std::vector<torch::Tensor> out;
    for (const Sgd* sgd : optimisers)
        for (const auto& g : sgd->groups())
            for (const auto& p : g.params)
                if (p.requires_grad())
                    out.push_back(p);
    return out;
}

TrainResult run_training_on(dist::Communicator* comm, const TrainCommonOptions& options,
                            const data::Dataset& dataset, const std::vector<std::size_t>& indices,
                            nn::ResNetLayout layout, Stage& stage, const torch::Device& device,
                            const JobContext& ctx, const MetricsSink& metrics) {
    const int world = comm ? comm->world_size() : 1;
    const int rank = comm ? comm->rank() : 0;
    const bool lead = rank == 0;  // writes the checkpoint, the metrics and the resume state
    const long global_batch = static_cast<long>(options.batch) * world;
    if (static_cast<long>(indices.size()) < global_batch)
        throw Error(options.dataset,
                    "split '" + options.split + "' has " + std::to_string(indices.size()) +
                        " images, fewer than one global batch of " + std::to_string(global_batch) +
                        " (" + std::to_string(world) + " processes × batch " +
                        std::to_string(options.batch) + ")");
    const long per_epoch = static_cast<long>(indices.size()) / global_batch;  // drop_last
    const long total = per_epoch * options.epochs;

    TrainResult result;
    result.split = options.split;
    result.device = device.is_cuda() ? "cuda" : "cpu";
    result.total_steps = total;
    ResumeState resume(stage.name, stage.options_json);
    resume.world_size = world;
    long step = resume.start(options, *stage.model, {stage.sgd}, total, device, result);
    if (comm)  // the same resume step everywhere, then rank 0's weights and buffers to all
        dist::agree_on_start(*comm, step, options.resume_path(), *stage.model);
    auto save_resume = [&] {
        if (lead)
            resume.save(options.resume_path(), *stage.model, {stage.sgd}, step, total);
    };

    std::ofstream jsonl;
    if (lead)
        jsonl = open_metrics(options, result.resumed_from >= 0);

    AugmentOptions aug;
    aug.crop = options.crop;
    aug.scale_min = options.scale_min;
    aug.scale_max = options.scale_max;
    aug.scale_of_image = options.scale_reference == "image";
    aug.flip = options.flip;
    aug.color_jitter = options.color_jitter;
    aug.cutout = options.cutout;
    aug.cutmix = options.cutmix;
    aug.layout = layout;

    std::unique_ptr<dist::GradAverager> averager;
    if (comm)
        averager = std::make_unique<dist::GradAverager>(*comm, trained_params({stage.sgd}));

    stage.model->train();
    StepClock clock;
    const long stop_at = options.max_steps > 0 ? std::min<long>(total, options.max_steps) : total;

    while (step < stop_at) {
        const int epoch = static_cast<int>(step / per_epoch);
        const int first = static_cast<int>(step % per_epoch);
        const int last = static_cast<int>(std::min<long>(per_epoch, first + (stop_at - step)));
        auto order = epoch_order(indices, options.seed, epoch);
        if (comm)
            order = dist::shard_order(order, options.batch, rank, world);
        BatchLoader loader(dataset, std::move(order), options.batch, first, last, aug, options.seed,
                           epoch, options.loader_threads, options.prefetch);
        for (int b = first; b < last; ++b) {
            // Every rank stops at the same step when any is cancelled.
            if (comm)
                comm->mark_step(step);
            if (dist::any(comm, ctx.cancel && ctx.cancel->cancelled(), "the cancel check")) {
                save_resume();
                throw Cancelled();
            }
            clock.step_started();
            Batch batch = loader.next();
            TrainProgress p;
            std::vector<double> values;
            try {
                // Mid-step cancellation would leave the other ranks waiting in a collective.
                run_cancellable_step(*stage.model, comm ? nullptr : ctx.cancel, [&] {
                    batch.images = batch.images.to(device);
                    batch.labels = batch.labels.to(device);
                    stage.sgd->set_poly_lr(step, total, options.poly_power);
                    stage.sgd->zero_grad();
                    LossTerms terms;
                    if (averager)
                        averager->begin_step();
                    torch::Tensor loss = stage.loss(batch, terms);
                    loss.backward();
                    if (averager)
                        averager->finish();
                    stage.sgd->step();
                    values.push_back(scalar(loss));
                    for (auto& [name, t] : terms) {
                        p.terms.emplace_back(name, 0.0);
                        values.push_back(scalar(t));
                    }
                });
            } catch (const Cancelled&) {
                save_resume();
                throw;
            } catch (const c10::Error& e) {
                rethrow_step_error(e, "training", result.device);
            }
            // The metrics of the global batch: the ranks' means averaged.
            values = dist::average(comm, values, "the average of the step's losses");
            p.loss = values[0];
            for (std::size_t i = 0; i < p.terms.size(); ++i)
                p.terms[i].second = values[i + 1];
            ++step;
            // Every rank sees the same averaged loss, so all stop here together. The weights are
            // spoilt: no resume state is written over the last good one (an epoch end).
            if (!std::isfinite(p.loss))
                throw Error(options.output,
                            "training diverged at step " + std::to_string(step) + " of " +
                                std::to_string(total) +
                                ": the loss is not a finite number. Lower the learning rate "
                                "(--lr) or use a preset made for short runs (docs/training.md)" +
                                (std::filesystem::exists(options.resume_path())
                                     ? "; " + options.resume_path().string() +
                                           " holds the last epoch end"
                                     : ""));
            clock.step_done();

            p.stage = stage.name;
            p.step = step;
            p.total_steps = total;
            p.epoch = epoch + 1;
            p.epochs = options.epochs;
            for (auto& g : stage.sgd->groups())
                p.lr.emplace_back(g.name, g.lr);
            p.images_per_s = clock.images_per_s(static_cast<double>(global_batch));
            p.eta_s = clock.eta_s(total - step);
            result.last_loss = p.loss;

            if (lead)
                publish_step(p, jsonl, metrics, ctx, epoch_message(p));
        }
        if (step % per_epoch == 0 && step < total)
            save_resume();
    }

    result.steps = step;
    result.images_per_s = clock.run_images_per_s(static_cast<double>(global_batch));
    if (step < total) {  // stopped by max_steps: leave a resume state
        save_resume();
        result.resume = options.resume_path();
        if (comm)
            comm->barrier("the final barrier");
        return result;
    }
    if (lead)
        finish_run(result, options, *stage.model, stage.meta);
    if (comm)  // the others end only once rank 0 wrote the checkpoint
        comm->barrier("the final barrier");
    result.output = options.output;
    result.finished = true;
    return result;
}

}  // namespace amr::train
