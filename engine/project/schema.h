#pragma once
// The project database's schema and its migrations (internal to engine/project).

#include "engine/project/sqlite.h"

namespace amr::project::detail {

// 'AMRP': marks an SQLite file as a project database (PRAGMA application_id).
inline constexpr int kApplicationId = 0x414D5250;

// The schema version stored in the database (0 for a database without our tables).
int stored_schema_version(const sql::Database& db);

// Brings a database of schema `from` (0 = empty) up to kSchemaVersion, one transaction per step.
void migrate(const sql::Database& db, int from);

}  // namespace amr::project::detail
