#pragma once
// A project folder binds one dataset to everything made from it: checkpoints, the CAM store,
// mask versions, review state and the history of runs. Its state lives in an SQLite database
// (WAL mode, every change in a transaction), so the CLI and the GUI can open the same project,
// even at the same time (one writer at a time; readers are never blocked).
//
// Layout of a project folder:
//   project.amrdb                 the SQLite database
//   checkpoints/<stage>.pt        "cam", "amr", "irn", "deeplab" (our checkpoint format)
//   cams/                         the CAM store (engine/cam/cam_store.h)
//   masks/<version>/<id>.png      palette label PNGs per mask version:
//                                 cam, seeds, refined, deeplab, human, imported
//   confidence/<id>.png           DeepLab's per-pixel confidence, 8-bit gray (255 = 1.0)
//   boundary/<id>.png             IRNet's boundary map, 8-bit gray (255 = 1.0), stride 4
//   runs/<run id>.metrics.jsonl   metrics of training runs (JSON lines)
//
// A Project object owns one SQLite connection: use it from one thread at a time (open a second
// Project on the same folder for another thread).

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/export/mask_source.h"

namespace amr::project {

inline constexpr const char* kDatabaseName = "project.amrdb";
// The schema this build writes; older databases are migrated on open, newer ones refused.
inline constexpr int kSchemaVersion = 1;

enum class ReviewStatus { New, Accepted, Corrected, NeedsWork };
const char* to_string(ReviewStatus status);  // "new", "accepted", "corrected", "needs-work"
// Throws amr::Error naming `what` for an unknown name.
ReviewStatus parse_review_status(std::string_view name, const std::string& what);

// Per-image review state.
struct ImageState {
    std::string id;
    ReviewStatus status = ReviewStatus::New;
    std::optional<double> score;  // review-queue confidence score (low = review first)
    std::string score_details;    // JSON object of the score's parts, may be empty
    std::string updated;          // ISO 8601 UTC of the last change
};

// One image's mask in one version, with where it came from.
struct MaskRecord {
    std::string image_id;
    std::string version;         // "cam", "seeds", "refined", "deeplab", "human", "imported"
    std::filesystem::path path;  // absolute
    std::string provenance;      // JSON object: {"stage":..,"checkpoint":..,"alpha":..,...}
    std::string created;         // ISO 8601 UTC
    std::optional<std::int64_t> run_id;  // the run that made it, when known
};

enum class RunStatus { Running, Finished, Failed, Cancelled };
const char* to_string(RunStatus status);  // "running", "finished", "failed", "cancelled"
RunStatus parse_run_status(std::string_view name, const std::string& what);

// One run of an engine stage (train-cam, make-cam, refine, ...).
struct RunRecord {
    std::int64_t id = 0;
    std::string stage;         // e.g. "train-amr"
    std::string options_json;  // the options the stage ran with
    std::string started;       // ISO 8601 UTC
    std::string finished;      // empty while running
    RunStatus status = RunStatus::Running;
    std::string summary_json;  // final metrics, e.g. {"miou":0.52,"loss":0.13}; may be empty
    std::string message;       // error text for a failed run
    std::filesystem::path metrics_file;  // runs/<id>.metrics.jsonl (may not exist)
};

class Project {
public:
    // Creates the folder (it must not hold a project yet) and its database, bound to `dataset`
    // (stored as an absolute path). Throws amr::Error naming the folder or file at fault.
    static Project create(const std::filesystem::path& dir, const std::filesystem::path& dataset,
                          const std::string& name = {});
    // Opens an existing project; `dir` may also be the database file itself. Throws amr::Error
    // when there is no project there, or the database is corrupt or of a newer schema.
    static Project open(const std::filesystem::path& dir);
    // True when `dir` holds a project database.
    static bool exists(const std::filesystem::path& dir);

    Project(Project&&) noexcept;
    Project& operator=(Project&&) noexcept;
    ~Project();

    const std::filesystem::path& dir() const;
    std::filesystem::path database_path() const;
    std::string name() const;
    std::filesystem::path dataset() const;
    void set_dataset(const std::filesystem::path& dataset);  // e.g. after the data moved
    std::string created() const;                             // ISO 8601 UTC
    std::string tool_version() const;  // the amr version that created the project

    // Conventional places (folders are not created here).
    std::filesystem::path checkpoint_path(std::string_view stage) const;  // checkpoints/<stage>.pt
    std::filesystem::path cam_store_dir() const;                          // cams/
    std::filesystem::path mask_dir(std::string_view version) const;       // masks/<version>/
    std::filesystem::path confidence_dir() const;                         // confidence/
    std::filesystem::path boundary_dir() const;                           // boundary/
    std::filesystem::path runs_dir() const;                               // runs/

    // Settings: free key/value text (e.g. "cam.alpha" = "0.5", "cam.threshold" = "0.2").
    std::optional<std::string> setting(std::string_view key) const;
    void set_setting(std::string_view key, std::string_view value);

    // Review state. Images never touched are "new" with no score.
    ImageState image_state(std::string_view id) const;
    std::vector<ImageState> image_states() const;  // only images with a stored state
    void set_status(std::string_view id, ReviewStatus status);
    void set_statuses(const std::vector<std::string>& ids, ReviewStatus status);  // one transaction
    // Images per status; "new" counts only images with a stored state.
    std::map<ReviewStatus, std::size_t> status_counts() const;
    // Ids whose stored status is one of `statuses` (untouched images are not listed), sorted.
    std::vector<std::string> ids_with_status(const std::vector<ReviewStatus>& statuses) const;
    // Many scores in one transaction: id -> (score, details JSON).
    void set_scores(const std::map<std::string, std::pair<double, std::string>>& scores);

    // Mask versions. record_mask upserts (one record per image and version).
    void record_mask(const MaskRecord& record);
    // Scans mask_dir(version) and records every <id>.png found, with this provenance, in one
    // transaction; records whose file is gone are removed. Returns the number of masks recorded.
    std::size_t sync_mask_version(std::string_view version, const std::string& provenance_json);
    // Forgets the record of one image's mask in one version (the file is the caller's);
    // returns whether there was one.
    bool remove_mask(std::string_view id, std::string_view version);
    std::optional<MaskRecord> mask(std::string_view id, std::string_view version) const;
    std::vector<MaskRecord> masks_of(std::string_view id) const;
    std::map<std::string, std::size_t> mask_counts() const;  // version -> number of masks
    std::vector<MaskRecord> all_masks() const;               // by version, then id

    // Runs.
    std::int64_t begin_run(std::string_view stage, std::string_view options_json);
    void finish_run(std::int64_t id, RunStatus status, std::string_view summary_json = {},
                    std::string_view message = {});
    std::vector<RunRecord> runs() const;  // oldest first
    std::optional<RunRecord> run(std::int64_t id) const;

private:
    struct Impl;
    explicit Project(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

// Mask versions of a project for the VOC exporter: folders masks/<version>/ with the provenance
// the database holds ("gt" through ImageRecord::mask as usual).
class ProjectMaskSource : public voc::MaskSource {
public:
    explicit ProjectMaskSource(const Project& project);
    std::vector<std::string> versions() const override;
    std::optional<voc::MaskRef> find(const data::ImageRecord& image,
                                     std::string_view version) const override;

private:
    const Project& project_;
    std::vector<std::string> versions_;                    // versions with records
    std::unordered_map<std::string, MaskRecord> records_;  // "version\nid" -> record
};

}  // namespace amr::project
