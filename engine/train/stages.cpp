#include "engine/train/stages.h"

#include "engine/train/losses.h"

namespace amr::train {

void add_cam_groups(Sgd& sgd, const nn::SpotlightNet& net, const TrainCamOptions& options) {
    sgd.add_group("backbone", options.lr_backbone, *net, {"backbone."});
    sgd.add_group("classifier", options.lr_classifier, *net, {"classifier."});
}

torch::Tensor cam_loss(nn::SpotlightNet& net, const Batch& batch, LossTerms& terms) {
    auto loss = multilabel_soft_margin(net->forward(batch.images), batch.labels);
    terms.emplace_back("cls", loss);
    return loss;
}

void add_amr_groups(Sgd& sgd, const nn::AmrNet& net, const TrainAmrOptions& options) {
    sgd.add_group("spotlight", options.lr_spotlight, *net, {"spotlight.backbone."});
    sgd.add_group("compensation", options.lr_compensation, *net, {"compensation.backbone."});
    // The official single group for W_s and W_c, unless W_s has its own rate (the demo freezes
    // it, so that CPS cannot drag a good spotlight towards a still-random compensation CAM).
    if (options.lr_classifier_s == options.lr_classifier) {
        sgd.add_group("classifier", options.lr_classifier, *net,
                      {"spotlight.classifier.", "compensation.classifier."});
    } else {
        sgd.add_group("classifier", options.lr_classifier, *net, {"compensation.classifier."});
        sgd.add_group("classifier_s", options.lr_classifier_s, *net, {"spotlight.classifier."});
    }
}

torch::Tensor amr_loss(nn::AmrNet& net, const Batch& batch, const TrainAmrOptions& options,
                       LossTerms& terms) {
    nn::AmrNetImpl::KeepMask keep;
    if (options.erase_top > 0)
        keep = [&](const torch::Tensor& cam_s) {
            return spotlight_keep_mask(cam_s, batch.labels, options.erase_top);
        };
    auto out = net->forward(batch.images, keep);
    auto cls_s = multilabel_soft_margin(out.logits_s, batch.labels);
    auto cls_c = multilabel_soft_margin(out.logits_c, batch.labels);
    auto cps = options.cps_mode == "flip-merge" ? cps_loss_flip_merge(out.cam_s, out.cam_c)
                                                : cps_loss_own(out.cam_s, out.cam_c);
    terms.emplace_back("cls_s", cls_s);
    terms.emplace_back("cls_c", cls_c);
    terms.emplace_back("cps", cps);
    return options.weight_cls_s * cls_s + options.weight_cls_c * cls_c + options.weight_cps * cps;
}

}  // namespace amr::train
