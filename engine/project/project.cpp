#include "engine/project/project.h"

#include <algorithm>
#include <system_error>
#include <utility>

#include <nlohmann/json.hpp>

#include "engine/core/error.h"
#include "engine/core/runtime.h"
#include "engine/project/schema.h"
#include "engine/project/sqlite.h"

namespace amr::project {
namespace fs = std::filesystem;

namespace {

constexpr const char* kStatusNames[] = {"new", "accepted", "corrected", "needs-work"};
constexpr const char* kRunNames[] = {"running", "finished", "failed", "cancelled"};

std::string now_utc() {
    return voc::utc_timestamp();
}

// Version names become folder names: keep them to a safe alphabet.
void check_version_name(std::string_view version, const fs::path& db) {
    bool ok = !version.empty() && version.size() <= 64;
    for (char c : version)
        ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_');
    if (!ok)
        throw Error(db, "mask version '" + std::string(version) +
                            "' must be lower-case letters, digits, '-' or '_'");
}

std::string checked_json_object(std::string_view text, const fs::path& db,
                                const std::string& what) {
    if (text.empty())
        return "{}";
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(db, what + " is not valid JSON: " + e.what());
    }
    if (!doc.is_object())
        throw Error(db, what + " must be a JSON object");
    return std::string(text);
}

fs::path resolve_database(const fs::path& dir) {
    std::error_code ec;
    if (fs::is_regular_file(dir, ec))
        return dir;
    return dir / kDatabaseName;
}

}  // namespace

const char* to_string(ReviewStatus status) {
    return kStatusNames[static_cast<int>(status)];
}

ReviewStatus parse_review_status(std::string_view name, const std::string& what) {
    for (int i = 0; i < 4; ++i)
        if (name == kStatusNames[i])
            return static_cast<ReviewStatus>(i);
    if (name == "needs_work" || name == "needswork")
        return ReviewStatus::NeedsWork;
    throw Error(what + ": unknown review status '" + std::string(name) +
                "' (known: new, accepted, corrected, needs-work)");
}

const char* to_string(RunStatus status) {
    return kRunNames[static_cast<int>(status)];
}

RunStatus parse_run_status(std::string_view name, const std::string& what) {
    for (int i = 0; i < 4; ++i)
        if (name == kRunNames[i])
            return static_cast<RunStatus>(i);
    throw Error(what + ": unknown run status '" + std::string(name) + "'");
}

struct Project::Impl {
    fs::path dir;
    sql::Database db;

    Impl(fs::path d, sql::Database database) : dir(std::move(d)), db(std::move(database)) {}

    std::string info(const char* column) const {
        auto q = db.prepare(std::string("SELECT ") + column + " FROM project_info WHERE id = 1");
        if (!q.step())
            throw Error(db.file(), "the project database has no project_info row");
        return q.text(0);
    }

    fs::path absolute_mask_path(const std::string& stored) const {
        fs::path p(stored);
        // Stored paths are already normal (sync writes them so, record_mask normalises).
        return p.is_absolute() ? p : dir / p;
    }

    std::string stored_mask_path(const fs::path& path) const {
        const fs::path abs = fs::absolute(path).lexically_normal();
        const fs::path rel = abs.lexically_relative(dir);
        if (!rel.empty() && *rel.begin() != "..")
            return rel.generic_string();
        return abs.string();  // outside the project folder: keep it absolute
    }

    MaskRecord mask_row(const sql::Statement& q) const {
        MaskRecord r;
        r.image_id = q.text(0);
        r.version = q.text(1);
        r.path = absolute_mask_path(q.text(2));
        r.provenance = q.text(3);
        r.created = q.text(4);
        if (!q.is_null(5))
            r.run_id = q.integer(5);
        return r;
    }

    RunRecord run_row(const sql::Statement& q) const {
        RunRecord r;
        r.id = q.integer(0);
        r.stage = q.text(1);
        r.options_json = q.text(2);
        r.started = q.text(3);
        r.finished = q.text(4);
        r.status = parse_run_status(q.text(5), db.file().string());
        r.summary_json = q.text(6);
        r.message = q.text(7);
        r.metrics_file = dir / "runs" / (std::to_string(r.id) + ".metrics.jsonl");
        return r;
    }

    // Sets the WAL journal (kept in the file) and checks the file is one of our projects.
    static std::unique_ptr<Impl> connect(const fs::path& dir, const fs::path& file,
                                         sql::Database::Mode mode) {
        sql::Database db(file, mode);
        const auto app_id = [&] {
            auto q = db.prepare("PRAGMA application_id");  // finalized at once: no open read
            q.step();
            return q.integer(0);
        }();
        const int version = detail::stored_schema_version(db);
        if (mode == sql::Database::Mode::ReadWrite) {
            if (app_id != detail::kApplicationId || version == 0)
                throw Error(file, "is an SQLite database but not an AMR Studio project");
            if (version > kSchemaVersion)
                throw Error(file, "was written by a newer AMR Studio (schema version " +
                                      std::to_string(version) + "; this amr " + amr::version() +
                                      " reads up to " + std::to_string(kSchemaVersion) +
                                      "): update AMR Studio to open it");
        }
        const std::string journal = [&] {
            auto q = db.prepare("PRAGMA journal_mode = WAL");
            return q.step() ? q.text(0) : std::string();
        }();
        if (journal != "wal")
            throw Error(file,
                        "cannot switch the project database to WAL mode (is the folder on "
                        "a network file system?)");
        // NORMAL is durable enough in WAL mode (a power cut may lose the last commit, never
        // corrupts) and much faster for many small review edits.
        db.exec("PRAGMA synchronous = NORMAL");
        if (version < kSchemaVersion)
            detail::migrate(db, version);
        return std::make_unique<Impl>(dir, std::move(db));
    }
};

Project::Project(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Project::Project(Project&&) noexcept = default;
Project& Project::operator=(Project&&) noexcept = default;
Project::~Project() = default;

bool Project::exists(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(resolve_database(dir), ec);
}

Project Project::create(const fs::path& dir, const fs::path& dataset, const std::string& name) {
    const fs::path abs_dir = fs::absolute(dir).lexically_normal();
    const fs::path file = abs_dir / kDatabaseName;
    std::error_code ec;
    if (fs::exists(file, ec))
        throw Error(file, "already exists: this folder holds a project already (open it instead)");
    if (fs::exists(abs_dir, ec) && !fs::is_directory(abs_dir, ec))
        throw Error(abs_dir, "is a file, not a folder for a project");
    if (dataset.empty())
        throw Error(abs_dir, "a project needs a dataset folder");
    const fs::path abs_dataset = fs::absolute(dataset).lexically_normal();
    if (!fs::exists(abs_dataset, ec))
        throw Error(abs_dataset, "no such dataset folder");
    fs::create_directories(abs_dir, ec);
    if (ec)
        throw Error(abs_dir, "cannot create the project folder: " + ec.message());

    auto impl = Impl::connect(abs_dir, file, sql::Database::Mode::ReadWriteCreate);
    const auto& db = impl->db;
    db.exec("PRAGMA application_id = " + std::to_string(detail::kApplicationId));
    std::string project_name = name;
    if (project_name.empty())
        project_name = abs_dir.filename().string();
    if (project_name.empty())
        project_name = "project";
    sql::Transaction tx(db);
    db.prepare(
          "INSERT INTO project_info (id, name, dataset, created, tool_version) "
          "VALUES (1, ?, ?, ?, ?)")
        .bind(1, project_name)
        .bind(2, abs_dataset.string())
        .bind(3, now_utc())
        .bind(4, amr::version())
        .run();
    tx.commit();
    return Project(std::move(impl));
}

Project Project::open(const fs::path& dir) {
    const fs::path file = fs::absolute(resolve_database(dir)).lexically_normal();
    std::error_code ec;
    if (!fs::exists(file, ec)) {
        if (!fs::exists(dir, ec))
            throw Error(dir, "no such project folder");
        throw Error(dir, std::string("not an AMR Studio project (no ") + kDatabaseName + ")");
    }
    return Project(Impl::connect(file.parent_path(), file, sql::Database::Mode::ReadWrite));
}

const fs::path& Project::dir() const {
    return impl_->dir;
}
fs::path Project::database_path() const {
    return impl_->db.file();
}
std::string Project::name() const {
    return impl_->info("name");
}
fs::path Project::dataset() const {
    return impl_->info("dataset");
}
std::string Project::created() const {
    return impl_->info("created");
}
std::string Project::tool_version() const {
    return impl_->info("tool_version");
}

void Project::set_dataset(const fs::path& dataset) {
    const auto& db = impl_->db;
    sql::Transaction tx(db);
    db.prepare("UPDATE project_info SET dataset = ? WHERE id = 1")
        .bind(1, fs::absolute(dataset).lexically_normal().string())
        .run();
    tx.commit();
}

fs::path Project::checkpoint_path(std::string_view stage) const {
    return impl_->dir / "checkpoints" / (std::string(stage) + ".pt");
}
fs::path Project::cam_store_dir() const {
    return impl_->dir / "cams";
}
fs::path Project::mask_dir(std::string_view version) const {
    return impl_->dir / "masks" / std::string(version);
}
fs::path Project::confidence_dir() const {
    return impl_->dir / "confidence";
}
fs::path Project::boundary_dir() const {
    return impl_->dir / "boundary";
}
fs::path Project::runs_dir() const {
    return impl_->dir / "runs";
}

std::optional<std::string> Project::setting(std::string_view key) const {
    auto q = impl_->db.prepare("SELECT value FROM settings WHERE key = ?");
    q.bind(1, key);
    if (!q.step())
        return std::nullopt;
    return q.text(0);
}

void Project::set_setting(std::string_view key, std::string_view value) {
    const auto& db = impl_->db;
    sql::Transaction tx(db);
    db.prepare(
          "INSERT INTO settings (key, value) VALUES (?, ?) "
          "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(1, key)
        .bind(2, value)
        .run();
    tx.commit();
}

namespace {

ImageState state_row(const sql::Statement& q, const fs::path& db) {
    ImageState s;
    s.id = q.text(0);
    s.status = parse_review_status(q.text(1), db.string());
    s.score = q.optional_real(2);
    s.score_details = q.text(3);
    s.updated = q.text(4);
    return s;
}

constexpr const char* kStateColumns =
    "SELECT id, status, score, score_details, updated FROM image_state";

}  // namespace

ImageState Project::image_state(std::string_view id) const {
    auto q = impl_->db.prepare(std::string(kStateColumns) + " WHERE id = ?");
    q.bind(1, id);
    if (q.step())
        return state_row(q, impl_->db.file());
    ImageState s;
    s.id = std::string(id);
    return s;
}

std::vector<ImageState> Project::image_states() const {
    auto q = impl_->db.prepare(std::string(kStateColumns) + " ORDER BY id");
    std::vector<ImageState> out;
    while (q.step())
        out.push_back(state_row(q, impl_->db.file()));
    return out;
}

void Project::set_status(std::string_view id, ReviewStatus status) {
    set_statuses({std::string(id)}, status);
}

void Project::set_statuses(const std::vector<std::string>& ids, ReviewStatus status) {
    const auto& db = impl_->db;
    sql::Transaction tx(db);
    auto q = db.prepare(
        "INSERT INTO image_state (id, status, updated) VALUES (?, ?, ?) "
        "ON CONFLICT (id) DO UPDATE SET status = excluded.status, "
        "updated = excluded.updated");
    const std::string now = now_utc();
    for (const auto& id : ids) {
        if (id.empty())
            throw Error(db.file(), "cannot set the review status of an empty image id");
        q.bind(1, id).bind(2, to_string(status)).bind(3, now).run();
        q.reset();
    }
    tx.commit();
}

void Project::set_scores(const std::map<std::string, std::pair<double, std::string>>& scores) {
    const auto& db = impl_->db;
    sql::Transaction tx(db);
    auto q = db.prepare(
        "INSERT INTO image_state (id, status, score, score_details, updated) "
        "VALUES (?, 'new', ?, ?, ?) ON CONFLICT (id) DO UPDATE SET score = excluded.score, "
        "score_details = excluded.score_details, updated = excluded.updated");
    const std::string now = now_utc();
    for (const auto& [id, value] : scores) {
        const std::string details =
            value.second.empty()
                ? std::string()
                : checked_json_object(value.second, db.file(), "the score details of '" + id + "'");
        q.bind(1, id).bind(2, value.first).bind(3, details).bind(4, now).run();
        q.reset();
    }
    tx.commit();
}

std::map<ReviewStatus, std::size_t> Project::status_counts() const {
    auto q = impl_->db.prepare("SELECT status, count(*) FROM image_state GROUP BY status");
    std::map<ReviewStatus, std::size_t> out;
    while (q.step())
        out[parse_review_status(q.text(0), impl_->db.file().string())] =
            static_cast<std::size_t>(q.integer(1));
    return out;
}

std::vector<std::string> Project::ids_with_status(const std::vector<ReviewStatus>& statuses) const {
    auto q = impl_->db.prepare("SELECT id, status FROM image_state ORDER BY id");
    std::vector<std::string> out;
    while (q.step()) {
        const auto s = parse_review_status(q.text(1), impl_->db.file().string());
        if (std::find(statuses.begin(), statuses.end(), s) != statuses.end())
            out.push_back(q.text(0));
    }
    return out;
}

void Project::record_mask(const MaskRecord& record) {
    const auto& db = impl_->db;
    check_version_name(record.version, db.file());
    if (record.image_id.empty())
        throw Error(db.file(), "a mask record needs an image id");
    if (record.path.empty())
        throw Error(db.file(), "the mask of '" + record.image_id + "' has no path");
    const std::string provenance = checked_json_object(
        record.provenance, db.file(),
        "the provenance of mask '" + record.version + "/" + record.image_id + "'");
    sql::Transaction tx(db);
    auto q = db.prepare(
        "INSERT INTO masks (image_id, version, path, provenance, created, run_id) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (image_id, version) DO UPDATE SET "
        "path = excluded.path, provenance = excluded.provenance, created = excluded.created, "
        "run_id = excluded.run_id");
    q.bind(1, record.image_id)
        .bind(2, record.version)
        .bind(3, impl_->stored_mask_path(record.path))
        .bind(4, provenance)
        .bind(5, record.created.empty() ? now_utc() : record.created);
    if (record.run_id)
        q.bind(6, *record.run_id);
    else
        q.bind_null(6);
    q.run();
    tx.commit();
}

bool Project::remove_mask(std::string_view id, std::string_view version) {
    const auto& db = impl_->db;
    check_version_name(version, db.file());
    sql::Transaction tx(db);
    const bool existed = mask(id, version).has_value();
    db.prepare("DELETE FROM masks WHERE image_id = ? AND version = ?")
        .bind(1, std::string(id))
        .bind(2, std::string(version))
        .run();
    tx.commit();
    return existed;
}

std::size_t Project::sync_mask_version(std::string_view version,
                                       const std::string& provenance_json) {
    const auto& db = impl_->db;
    check_version_name(version, db.file());
    const std::string provenance =
        checked_json_object(provenance_json, db.file(),
                            "the provenance of mask version '" + std::string(version) + "'");
    // Scan before taking the write lock, so other writers wait only for the database work.
    std::vector<std::string> ids;
    const fs::path folder = mask_dir(version);
    std::error_code ec;
    if (fs::is_directory(folder, ec)) {
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path& p = it->path();
            if (p.extension() == ".png" && it->is_regular_file(ec))
                ids.push_back(p.stem().string());
        }
        if (ec)
            throw Error(folder, "cannot list the mask folder: " + ec.message());
    }
    std::sort(ids.begin(), ids.end());

    sql::Transaction tx(db);
    // Records whose file is gone go away; the rest are refreshed below.
    std::vector<std::string> stale;
    {
        auto q = db.prepare("SELECT image_id FROM masks WHERE version = ?");
        q.bind(1, version);
        while (q.step()) {
            std::string id = q.text(0);
            if (!std::binary_search(ids.begin(), ids.end(), id))
                stale.push_back(std::move(id));
        }
    }
    auto del = db.prepare("DELETE FROM masks WHERE version = ? AND image_id = ?");
    for (const auto& id : stale) {
        del.bind(1, version).bind(2, id).run();
        del.reset();
    }
    auto up = db.prepare(
        "INSERT INTO masks (image_id, version, path, provenance, created) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT (image_id, version) DO UPDATE SET path = excluded.path, "
        "provenance = excluded.provenance, created = excluded.created");
    const std::string now = now_utc();
    const std::string folder_rel = "masks/" + std::string(version) + "/";
    for (const auto& id : ids) {
        up.bind(1, id).bind(2, version).bind(3, folder_rel + id + ".png").bind(4, provenance);
        up.bind(5, now).run();
        up.reset();
    }
    tx.commit();
    return ids.size();
}

namespace {
constexpr const char* kMaskColumns =
    "SELECT image_id, version, path, provenance, created, run_id FROM masks";
}

std::optional<MaskRecord> Project::mask(std::string_view id, std::string_view version) const {
    auto q = impl_->db.prepare(std::string(kMaskColumns) + " WHERE image_id = ? AND version = ?");
    q.bind(1, id).bind(2, version);
    if (!q.step())
        return std::nullopt;
    return impl_->mask_row(q);
}

std::vector<MaskRecord> Project::masks_of(std::string_view id) const {
    auto q = impl_->db.prepare(std::string(kMaskColumns) + " WHERE image_id = ? ORDER BY version");
    q.bind(1, id);
    std::vector<MaskRecord> out;
    while (q.step())
        out.push_back(impl_->mask_row(q));
    return out;
}

std::vector<MaskRecord> Project::all_masks() const {
    auto q = impl_->db.prepare(std::string(kMaskColumns) + " ORDER BY version, image_id");
    std::vector<MaskRecord> out;
    while (q.step())
        out.push_back(impl_->mask_row(q));
    return out;
}

std::map<std::string, std::size_t> Project::mask_counts() const {
    auto q = impl_->db.prepare("SELECT version, count(*) FROM masks GROUP BY version");
    std::map<std::string, std::size_t> out;
    while (q.step())
        out[q.text(0)] = static_cast<std::size_t>(q.integer(1));
    return out;
}

std::int64_t Project::begin_run(std::string_view stage, std::string_view options_json) {
    const auto& db = impl_->db;
    if (stage.empty())
        throw Error(db.file(), "a run needs a stage name");
    const std::string options = checked_json_object(
        options_json, db.file(), "the options of the " + std::string(stage) + " run");
    sql::Transaction tx(db);
    db.prepare("INSERT INTO runs (stage, options, started, status) VALUES (?, ?, ?, 'running')")
        .bind(1, stage)
        .bind(2, options)
        .bind(3, now_utc())
        .run();
    const std::int64_t id = db.last_insert_id();
    tx.commit();
    return id;
}

void Project::finish_run(std::int64_t id, RunStatus status, std::string_view summary_json,
                         std::string_view message) {
    const auto& db = impl_->db;
    if (status == RunStatus::Running)
        throw Error(db.file(), "run " + std::to_string(id) + " cannot finish as 'running'");
    const std::string summary =
        summary_json.empty() ? std::string()
                             : checked_json_object(summary_json, db.file(),
                                                   "the summary of run " + std::to_string(id));
    sql::Transaction tx(db);
    db.prepare("UPDATE runs SET finished = ?, status = ?, summary = ?, message = ? WHERE id = ?")
        .bind(1, now_utc())
        .bind(2, to_string(status))
        .bind(3, summary)
        .bind(4, message)
        .bind(5, id)
        .run();
    if (db.changes() == 0)
        throw Error(db.file(), "there is no run " + std::to_string(id));
    tx.commit();
}

namespace {
constexpr const char* kRunColumns =
    "SELECT id, stage, options, started, coalesce(finished, ''), status, summary, message "
    "FROM runs";
}

std::vector<RunRecord> Project::runs() const {
    auto q = impl_->db.prepare(std::string(kRunColumns) + " ORDER BY id");
    std::vector<RunRecord> out;
    while (q.step())
        out.push_back(impl_->run_row(q));
    return out;
}

std::optional<RunRecord> Project::run(std::int64_t id) const {
    auto q = impl_->db.prepare(std::string(kRunColumns) + " WHERE id = ?");
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return impl_->run_row(q);
}

}  // namespace amr::project
