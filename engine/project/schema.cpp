#include "engine/project/schema.h"

#include <string>
#include <vector>

#include "engine/core/error.h"
#include "engine/project/project.h"

namespace amr::project::detail {
namespace {

struct Migration {
    int to;           // the schema version after this step
    const char* sql;  // run inside one transaction
};

// Append new steps here; never edit a step that shipped. Step N turns schema N-1 into N.
const std::vector<Migration>& migrations() {
    static const std::vector<Migration> steps{
        {1, R"sql(
CREATE TABLE schema_version (version INTEGER NOT NULL);
INSERT INTO schema_version (version) VALUES (0);
CREATE TABLE project_info (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT NOT NULL,
    dataset TEXT NOT NULL,
    created TEXT NOT NULL,
    tool_version TEXT NOT NULL);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL);
CREATE TABLE image_state (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'accepted', 'corrected', 'needs-work')),
    score REAL,
    score_details TEXT NOT NULL DEFAULT '',
    updated TEXT NOT NULL);
CREATE INDEX image_state_by_status ON image_state (status);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    stage TEXT NOT NULL,
    options TEXT NOT NULL DEFAULT '',
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'cancelled')),
    summary TEXT NOT NULL DEFAULT '',
    message TEXT NOT NULL DEFAULT '');
CREATE TABLE masks (
    image_id TEXT NOT NULL,
    version TEXT NOT NULL,
    path TEXT NOT NULL,
    provenance TEXT NOT NULL DEFAULT '{}',
    created TEXT NOT NULL,
    run_id INTEGER REFERENCES runs (id) ON DELETE SET NULL,
    PRIMARY KEY (image_id, version));
CREATE INDEX masks_by_version ON masks (version);
)sql"},
    };
    return steps;
}

}  // namespace

int stored_schema_version(const sql::Database& db) {
    auto has = db.prepare(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    has.step();
    if (has.integer(0) == 0)
        return 0;
    auto q = db.prepare("SELECT max(version) FROM schema_version");
    if (!q.step() || q.is_null(0))
        return 0;
    return static_cast<int>(q.integer(0));
}

void migrate(const sql::Database& db, int from) {
    if (migrations().back().to != kSchemaVersion)
        throw Error(db.file(), "internal error: no migration step reaches schema version " +
                                   std::to_string(kSchemaVersion));
    for (const auto& step : migrations()) {
        if (step.to <= from)
            continue;
        sql::Transaction tx(db);
        // Another process may have migrated while we waited for the write lock.
        if (stored_schema_version(db) >= step.to)
            continue;
        db.exec(step.sql);
        db.prepare("UPDATE schema_version SET version = ?").bind(1, step.to).run();
        tx.commit();
    }
}

}  // namespace amr::project::detail
