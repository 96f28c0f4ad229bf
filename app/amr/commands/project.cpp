// amr project create|info|status|runs: the project folder (engine/project) from the command line.
// A project made here opens in the GUI and the other way round: both use the same database.

#include <cstdio>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "cli_common.h"
#include "engine/core/error.h"
#include "engine/data/dataset.h"
#include "engine/project/project.h"

namespace amr::cli {
namespace {

namespace fs = std::filesystem;
using project::Project;
using project::ReviewStatus;

struct ProjectArgs {
    std::string dir;
    std::string dataset;
    std::string name;
    std::string id;
    std::string status;
    std::string version;
    std::string provenance;
    bool json = false;
};

constexpr ReviewStatus kStatuses[] = {ReviewStatus::New, ReviewStatus::Accepted,
                                      ReviewStatus::Corrected, ReviewStatus::NeedsWork};

// The project's dataset, or nullopt with a warning when it cannot be read (moved, unmounted):
// the database is still useful without it.
std::optional<data::Dataset> try_dataset(const Project& p, std::string* problem) {
    try {
        return data::open_dataset(p.dataset());
    } catch (const Error& e) {
        *problem = e.what();
        return std::nullopt;
    }
}

void run_create(const ProjectArgs& a) {
    // Refuse a folder that is not a dataset now rather than when the GUI opens the project.
    const data::Dataset ds = data::open_dataset(a.dataset);
    Project p = Project::create(a.dir, ds.root(), a.name);
    std::printf("created project '%s' in %s\n", p.name().c_str(), p.dir().c_str());
    std::printf("dataset %s (%zu images, %d classes)\n", p.dataset().c_str(), ds.size(),
                ds.classes().size());
}

void run_info(const ProjectArgs& a) {
    Project p = Project::open(a.dir);
    std::string problem;
    const auto ds = try_dataset(p, &problem);
    auto counts = p.status_counts();
    if (ds) {
        // Images never touched are "new" too.
        std::size_t stored = 0;
        for (const auto& [s, n] : counts)
            stored += n;
        std::size_t stale = 0;  // states of ids the dataset no longer has
        for (const auto& st : p.image_states())
            stale += ds->find(st.id) < 0 ? 1 : 0;
        counts[ReviewStatus::New] += ds->size() + stale - stored;
    }
    const auto masks = p.mask_counts();
    const auto runs = p.runs();

    if (a.json) {
        nlohmann::ordered_json j;
        j["name"] = p.name();
        j["folder"] = p.dir().string();
        j["database"] = p.database_path().string();
        j["dataset"] = p.dataset().string();
        j["dataset_images"] = ds ? nlohmann::ordered_json(ds->size()) : nullptr;
        if (!ds)
            j["dataset_problem"] = problem;
        j["created"] = p.created();
        j["tool_version"] = p.tool_version();
        j["status"] = nlohmann::ordered_json::object();
        for (auto s : kStatuses)
            j["status"][to_string(s)] = counts.count(s) ? counts.at(s) : 0;
        j["masks"] = nlohmann::ordered_json::object();
        for (const auto& [v, n] : masks)
            j["masks"][v] = n;
        j["runs"] = runs.size();
        std::printf("%s\n", j.dump(2).c_str());
        return;
    }
    std::printf("Project           %s\n", p.name().c_str());
    std::printf("Folder            %s\n", p.dir().c_str());
    std::printf("Dataset           %s\n", p.dataset().c_str());
    if (ds)
        std::printf("Images            %zu\n", ds->size());
    else
        std::printf("Images            unknown: %s\n", problem.c_str());
    std::printf("Created           %s by amr %s\n", p.created().c_str(), p.tool_version().c_str());
    std::printf("\n  %-12s %7s\n", "Status", "Images");
    for (auto s : kStatuses)
        std::printf("  %-12s %7zu\n", to_string(s), counts.count(s) ? counts.at(s) : 0);
    std::printf("\n  %-12s %7s\n", "Mask version", "Masks");
    if (masks.empty())
        std::printf("  (none yet)\n");
    for (const auto& [v, n] : masks)
        std::printf("  %-12s %7zu\n", v.c_str(), n);
    std::printf("\nRuns              %zu", runs.size());
    if (!runs.empty())
        std::printf(" (last: %s %s, %s)", runs.back().stage.c_str(), to_string(runs.back().status),
                    runs.back().started.c_str());
    std::printf("\n");
}

void run_status(const ProjectArgs& a) {
    const ReviewStatus status = project::parse_review_status(a.status, "STATUS");
    Project p = Project::open(a.dir);
    // A typo in the id would silently create a state for an image that does not exist.
    std::string problem;
    const auto ds = try_dataset(p, &problem);
    if (!ds)
        throw Error(p.dataset(),
                    "cannot check the image id against the project's dataset: " + problem);
    if (ds->find(a.id) < 0)
        throw Error(p.dataset(), "has no image '" + a.id + "'");
    const auto before = p.image_state(a.id).status;
    p.set_status(a.id, status);
    std::printf("%s: %s -> %s\n", a.id.c_str(), to_string(before), to_string(status));
}

void run_runs(const ProjectArgs& a) {
    Project p = Project::open(a.dir);
    const auto runs = p.runs();
    if (a.json) {
        auto list = nlohmann::ordered_json::array();
        for (const auto& r : runs) {
            nlohmann::ordered_json j;
            j["id"] = r.id;
            j["stage"] = r.stage;
            j["status"] = to_string(r.status);
            j["started"] = r.started;
            j["finished"] =
                r.finished.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(r.finished);
            j["options"] = r.options_json.empty() ? nlohmann::ordered_json::object()
                                                  : nlohmann::ordered_json::parse(r.options_json);
            j["summary"] = r.summary_json.empty() ? nlohmann::ordered_json::object()
                                                  : nlohmann::ordered_json::parse(r.summary_json);
            j["message"] = r.message;
            j["metrics_file"] = r.metrics_file.string();
            list.push_back(std::move(j));
        }
        std::printf("%s\n", list.dump(2).c_str());
        return;
    }
    if (runs.empty()) {
        std::printf("no runs yet in %s\n", p.dir().c_str());
        return;
    }
    std::printf("%5s  %-12s %-10s %-20s %-20s %s\n", "Id", "Stage", "Status", "Started", "Finished",
                "Summary");
    for (const auto& r : runs) {
        const std::string detail = !r.message.empty() ? r.message : r.summary_json;
        std::printf("%5lld  %-12s %-10s %-20s %-20s %s\n", static_cast<long long>(r.id),
                    r.stage.c_str(), to_string(r.status), r.started.c_str(),
                    r.finished.empty() ? "-" : r.finished.c_str(), detail.c_str());
    }
}

void run_sync_masks(const ProjectArgs& a) {
    Project p = Project::open(a.dir);
    nlohmann::json prov = nlohmann::json::object();
    if (!a.provenance.empty()) {
        try {
            prov = nlohmann::json::parse(a.provenance);
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("--provenance: not valid JSON: ") + e.what());
        }
        if (!prov.is_object())
            throw Error("--provenance: must be a JSON object, e.g. {\"stage\":\"cam\"}");
    }
    if (!prov.contains("stage"))
        prov["stage"] = a.version;
    const std::size_t n = p.sync_mask_version(a.version, prov.dump());
    std::printf("%zu masks recorded for version '%s' (%s)\n", n, a.version.c_str(),
                p.mask_dir(a.version).c_str());
}

}  // namespace

void add_project_command(CLI::App& app) {
    auto args = std::make_shared<ProjectArgs>();
    auto* cmd = app.add_subcommand(
        "project",
        "Create and inspect project folders: a dataset with its review state, mask versions and "
        "runs in an SQLite database that the GUI opens too");
    cmd->require_subcommand(1);

    auto* create = cmd->add_subcommand("create", "Create a project folder bound to a dataset");
    create->add_option("DIR", args->dir, "The project folder (created when missing)")->required();
    create->add_option("--dataset", args->dataset, "The dataset folder (VOC or plain folder)")
        ->required();
    create->add_option("--name", args->name, "A name for people (default: the folder's name)");
    create->callback([args] { run_create(*args); });

    auto* info = cmd->add_subcommand(
        "info", "The project's dataset, images per review status, mask versions and runs");
    info->add_option("DIR", args->dir, "The project folder")->required();
    info->add_flag("--json", args->json, "Print JSON instead of a table");
    info->callback([args] { run_info(*args); });

    auto* status = cmd->add_subcommand("status", "Set one image's review status");
    status->add_option("DIR", args->dir, "The project folder")->required();
    status->add_option("ID", args->id, "The image id")->required();
    status->add_option("STATUS", args->status, "accepted, corrected, needs-work or new")
        ->required();
    status->callback([args] { run_status(*args); });

    auto* runs = cmd->add_subcommand("runs", "The history of runs, oldest first");
    runs->add_option("DIR", args->dir, "The project folder")->required();
    runs->add_flag("--json", args->json, "Print JSON instead of a table");
    runs->callback([args] { run_runs(*args); });

    auto* sync = cmd->add_subcommand(
        "sync-masks",
        "Record every masks/VERSION/<id>.png of the project in its database (after copying "
        "masks in by hand); records whose file is gone are dropped");
    sync->add_option("DIR", args->dir, "The project folder")->required();
    sync->add_option("VERSION", args->version, "cam, seeds, refined, deeplab, human, imported")
        ->required();
    sync->add_option("--provenance", args->provenance,
                     "A JSON object stored with each mask, e.g. {\"stage\":\"cam\",\"alpha\":0.5}");
    sync->callback([args] { run_sync_masks(*args); });
}

}  // namespace amr::cli
