#include "engine/eval/report_format.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace amr::eval {
namespace {

// Ordered, so the JSON reads in the same order as the table.
using json = nlohmann::ordered_json;

json number(double v) {
    return std::isnan(v) ? json(nullptr) : json(v);
}

json metrics_json(const Metrics& m, const data::ClassList& classes) {
    json per_class = json::array();
    for (std::size_t k = 0; k < m.classes.size(); ++k) {
        const ClassMetrics& c = m.classes[k];
        per_class.push_back({{"label", k},
                             {"name", classes.label_name(static_cast<int>(k))},
                             {"iou", number(c.iou)},
                             {"precision", number(c.precision)},
                             {"recall", number(c.recall)},
                             {"fp", number(c.fp)},
                             {"fn", number(c.fn)},
                             {"gt_pixels", c.gt_pixels},
                             {"pred_pixels", c.pred_pixels}});
    }
    return {{"classes", std::move(per_class)},
            {"miou", number(m.miou)},
            {"pixel_accuracy", number(m.pixel_accuracy)},
            {"background_fp", number(m.bg_fp)},
            {"background_fn", number(m.bg_fn)},
            {"foreground_fp", number(m.fg_fp)},
            {"foreground_fn", number(m.fg_fn)},
            {"fg_pred_on_bg", number(m.fg_pred_on_bg)},
            {"pixels", m.total_pixels}};
}

std::string format(const char* fmt, double v) {
    if (std::isnan(v))
        return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, fmt, v);
    return buf;
}

std::string percent(double v) {
    return format("%.2f", 100.0 * v);
}
std::string rate(double v) {
    return format("%.3f", v);
}

std::string pad_left(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}
std::string pad_right(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

std::string table(const Metrics& m, const data::ClassList& classes,
                  std::vector<std::pair<std::string, std::string>> extra) {
    std::vector<std::string> names;
    std::size_t name_width = 5;  // "class"
    for (std::size_t k = 0; k < m.classes.size(); ++k) {
        names.push_back(classes.label_name(static_cast<int>(k)));
        name_width = std::max(name_width, names.back().size());
    }
    const std::vector<std::pair<std::string, std::size_t>> columns = {
        {"IoU %", 7}, {"precision %", 12}, {"recall %", 9},
        {"FP", 7},    {"FN", 7},           {"GT pixels", 12}};

    std::string out = pad_right("class", name_width);
    for (const auto& [title, width] : columns)
        out += pad_left(title, width);
    out += '\n';
    for (std::size_t k = 0; k < m.classes.size(); ++k) {
        const ClassMetrics& c = m.classes[k];
        const std::string cells[] = {percent(c.iou),    percent(c.precision),
                                     percent(c.recall), rate(c.fp),
                                     rate(c.fn),        std::to_string(c.gt_pixels)};
        out += pad_right(names[k], name_width);
        for (std::size_t i = 0; i < columns.size(); ++i)
            out += pad_left(cells[i], columns[i].second);
        out += '\n';
    }

    std::vector<std::pair<std::string, std::string>> summary = {
        {"mIoU", percent(m.miou) + " %"},
        {"pixel accuracy", percent(m.pixel_accuracy) + " %"},
        {"background FP / FN", rate(m.bg_fp) + " / " + rate(m.bg_fn)},
        {"foreground FP / FN (mean)", rate(m.fg_fp) + " / " + rate(m.fg_fn)},
        {"predicted fg on GT background", percent(m.fg_pred_on_bg) + " %"},
        {"pixels", std::to_string(m.total_pixels)},
    };
    for (auto& e : extra)
        summary.push_back(std::move(e));
    std::size_t label_width = 0;
    for (const auto& s : summary)
        label_width = std::max(label_width, s.first.size());
    out += '\n';
    for (const auto& [label, value] : summary)
        out += pad_right(label + ":", label_width + 2) + value + '\n';
    return out;
}

}  // namespace

std::string to_json(const Metrics& metrics, const data::ClassList& classes, int indent) {
    return metrics_json(metrics, classes).dump(indent);
}

std::string to_json(const EvalReport& report, const data::ClassList& classes, int indent) {
    json j = metrics_json(report.metrics, classes);
    j["images"] = report.images;
    const int n = report.confusion.num_labels();
    json rows = json::array();
    for (int r = 0; r < n; ++r) {
        json row = json::array();
        for (int c = 0; c < n; ++c)
            row.push_back(report.confusion.at(r, c));
        rows.push_back(std::move(row));
    }
    j["confusion"] = std::move(rows);
    return j.dump(indent);
}

std::string format_table(const Metrics& metrics, const data::ClassList& classes) {
    return table(metrics, classes, {});
}

std::string format_table(const EvalReport& report, const data::ClassList& classes) {
    return table(report.metrics, classes, {{"images", std::to_string(report.images)}});
}

}  // namespace amr::eval
