// amr info DATASET [--json]: what a dataset holds, without decoding any image.

#include <algorithm>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_common.h"
#include "engine/data/dataset.h"

namespace amr::cli {
namespace {

struct Summary {
    std::vector<std::pair<std::string, std::size_t>> splits;
    std::vector<std::size_t> tag_counts;  // images tagged with each class
    std::size_t untagged = 0;
};

Summary summarize(const data::Dataset& ds) {
    Summary s;
    std::vector<std::size_t> per_split(ds.split_names().size(), 0);
    s.tag_counts.assign(ds.classes().size(), 0);
    for (const auto& rec : ds.images()) {
        for (std::size_t b = 0; b < per_split.size(); ++b)
            if (rec.splits & (1u << b))
                ++per_split[b];
        for (auto t : rec.tags)
            ++s.tag_counts[t];
        if (rec.tags.empty())
            ++s.untagged;
    }
    for (std::size_t b = 0; b < per_split.size(); ++b)
        s.splits.emplace_back(ds.split_names()[b], per_split[b]);
    return s;
}

const char* format_name(data::DatasetFormat f) {
    return f == data::DatasetFormat::Voc ? "voc" : "folder";
}

void print_json(const data::Dataset& ds, const Summary& s) {
    nlohmann::ordered_json j;
    j["format"] = format_name(ds.format());
    j["root"] = ds.root().string();
    j["classes"] = ds.classes().names();
    j["images"] = ds.size();
    j["images_with_mask"] = ds.count_with_mask();
    j["images_without_tags"] = s.untagged;
    j["splits"] = nlohmann::ordered_json::object();
    for (const auto& [name, count] : s.splits)
        j["splits"][name] = count;
    j["tag_counts"] = nlohmann::ordered_json::object();
    for (int c = 0; c < ds.classes().size(); ++c)
        j["tag_counts"][ds.classes().names()[c]] = s.tag_counts[c];
    j["warnings"] = ds.warnings();
    std::printf("%s\n", j.dump(2).c_str());
}

void print_table(const data::Dataset& ds, const Summary& s) {
    std::printf("Dataset           %s\n", ds.root().c_str());
    std::printf("Format            %s\n",
                ds.format() == data::DatasetFormat::Voc ? "PASCAL VOC" : "plain folder");
    std::printf("Images            %zu\n", ds.size());
    std::printf("With mask         %zu\n", ds.count_with_mask());
    std::printf("Without tags      %zu\n", s.untagged);
    std::printf("Classes           %d\n", ds.classes().size());

    std::printf("\n  %-15s %6s\n", "Split", "Images");
    for (const auto& [name, count] : s.splits)
        std::printf("  %-15s %6zu\n", name.c_str(), count);

    int width = 5;
    for (const auto& n : ds.classes().names())
        width = std::max(width, static_cast<int>(n.size()));
    std::printf("\n  %-*s  %6s  %s\n", width, "Class", "Tagged", "Label");
    for (int c = 0; c < ds.classes().size(); ++c)
        std::printf("  %-*s  %6zu  %5d\n", width, ds.classes().names()[c].c_str(), s.tag_counts[c],
                    c + 1);

    if (!ds.warnings().empty()) {
        std::printf("\nWarnings\n");
        for (const auto& w : ds.warnings())
            std::printf("  - %s\n", w.c_str());
    }
}

}  // namespace

void add_info_command(CLI::App& app) {
    auto* cmd = app.add_subcommand(
        "info", "Describe a dataset: format, classes, splits, masks, tag counts, warnings");
    auto dataset = std::make_shared<std::string>();
    auto json = std::make_shared<bool>(false);
    cmd->add_option("DATASET", *dataset, "Dataset folder (VOC layout or a folder with tags.csv)")
        ->required();
    cmd->add_flag("--json", *json, "Print JSON instead of a table");
    cmd->callback([dataset, json] {
        data::Dataset ds = data::open_dataset(*dataset);
        Summary s = summarize(ds);
        if (*json)
            print_json(ds, s);
        else
            print_table(ds, s);
    });
}

}  // namespace amr::cli
