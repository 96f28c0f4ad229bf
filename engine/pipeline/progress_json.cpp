#include "engine/pipeline/progress_json.h"

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/nn/weights_files.h"

namespace amr::pipeline {

using nlohmann::json;

namespace {

// [["cls", 0.7], ...]: an array keeps the engine's order of the series (an object would sort).
json pairs(const std::vector<std::pair<std::string, double>>& v) {
    json j = json::array();
    for (const auto& [k, x] : v)
        j.push_back(json::array({k, x}));
    return j;
}

std::vector<std::pair<std::string, double>> pairs(const json& j) {
    std::vector<std::pair<std::string, double>> v;
    if (j.is_array())
        for (const auto& e : j)
            if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_number())
                v.emplace_back(e[0].get<std::string>(), e[1].get<double>());
    return v;
}

StageEvent::Kind kind_of(const std::string& s) {
    for (auto k : {StageEvent::Kind::Started, StageEvent::Kind::Skipped, StageEvent::Kind::Finished,
                   StageEvent::Kind::Failed, StageEvent::Kind::Cancelled})
        if (s == to_string(k))
            return k;
    throw json::other_error::create(501, "unknown stage event kind", nullptr);
}

}  // namespace

std::string progress_line(const ProgressEvent& e) {
    return json{{"amr", "progress"}, {"done", e.done}, {"total", e.total}, {"message", e.message}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string stage_line(const StageEvent& e) {
    return json{{"amr", "stage"},
                {"kind", to_string(e.kind)},
                {"stage", e.stage},
                {"index", e.index},
                {"count", e.count},
                {"run_id", e.run_id},
                {"summary", e.summary_json},
                {"message", e.message}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string metrics_line(const train::TrainProgress& p) {
    return json{{"amr", "metrics"},  {"stage", p.stage},
                {"step", p.step},    {"total_steps", p.total_steps},
                {"epoch", p.epoch},  {"epochs", p.epochs},
                {"loss", p.loss},    {"terms", pairs(p.terms)},
                {"lr", pairs(p.lr)}, {"images_per_s", p.images_per_s},
                {"eta_s", p.eta_s}}
        .dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string error_line(const std::exception& e) {
    json j{{"amr", "error"},
           {"message", e.what()},
           {"missing_weights", dynamic_cast<const nn::MissingWeights*>(&e) != nullptr}};
    if (const auto* error = dynamic_cast<const Error*>(&e)) {
        j["file"] = error->file().string();
        j["problem"] = error->problem();
    }
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

void ProgressMessage::rethrow() const {
    if (missing_weights)
        throw nn::MissingWeights(error_file, error_problem, 0);
    if (!error_file.empty())
        throw Error(error_file, error_problem);
    throw Error(error);
}

ProgressMessage parse_progress_line(const std::string& line) {
    ProgressMessage m;
    if (line.empty() || line.front() != '{')
        return m;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("amr") || !j["amr"].is_string())
        return m;
    try {
        const std::string type = j["amr"];
        if (type == "progress") {
            m.progress.done = j.at("done").get<std::size_t>();
            m.progress.total = j.at("total").get<std::size_t>();
            m.progress.message = j.value("message", "");
            m.type = ProgressMessage::Type::Progress;
        } else if (type == "stage") {
            m.stage.kind = kind_of(j.at("kind").get<std::string>());
            m.stage.stage = j.at("stage").get<std::string>();
            m.stage.index = j.value("index", std::size_t(0));
            m.stage.count = j.value("count", std::size_t(0));
            m.stage.run_id = j.value("run_id", std::int64_t(0));
            m.stage.summary_json = j.value("summary", "");
            m.stage.message = j.value("message", "");
            m.type = ProgressMessage::Type::Stage;
        } else if (type == "metrics") {
            auto& p = m.metrics;
            p.stage = j.at("stage").get<std::string>();
            p.step = j.at("step").get<long>();
            p.total_steps = j.value("total_steps", 0L);
            p.epoch = j.value("epoch", 0);
            p.epochs = j.value("epochs", 0);
            p.loss = j.value("loss", 0.0);
            p.terms = pairs(j.value("terms", json::array()));
            p.lr = pairs(j.value("lr", json::array()));
            p.images_per_s = j.value("images_per_s", 0.0);
            p.eta_s = j.value("eta_s", 0.0);
            m.type = ProgressMessage::Type::Metrics;
        } else if (type == "error") {
            m.error = j.at("message").get<std::string>();
            m.error_file = j.value("file", "");
            m.error_problem = j.value("problem", m.error);
            m.missing_weights = j.value("missing_weights", false);
            m.type = ProgressMessage::Type::Error;
        }
    } catch (const json::exception&) {
        return ProgressMessage{};  // a field of the wrong type: not a progress message
    }
    return m;
}

}  // namespace amr::pipeline
