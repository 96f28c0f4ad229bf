#include "engine/project/sqlite.h"

#include <sqlite3.h>

#include <utility>

#include "engine/core/error.h"

namespace amr::project::sql {

Database::Database(std::filesystem::path file, Mode mode, int busy_timeout_ms)
    : file_(std::move(file)) {
    int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX;
    if (mode == Mode::ReadWriteCreate)
        flags |= SQLITE_OPEN_CREATE;
    const int rc = sqlite3_open_v2(file_.c_str(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
        sqlite3_close(db_);
        db_ = nullptr;
        throw Error(file_, "cannot open the project database: " + message);
    }
    sqlite3_extended_result_codes(db_, 1);
    sqlite3_busy_timeout(db_, busy_timeout_ms);
    exec("PRAGMA foreign_keys = ON");
}

Database::Database(Database&& other) noexcept
    : file_(std::move(other.file_)), db_(std::exchange(other.db_, nullptr)) {}

Database& Database::operator=(Database&& other) noexcept {
    if (this != &other) {
        sqlite3_close(db_);
        file_ = std::move(other.file_);
        db_ = std::exchange(other.db_, nullptr);
    }
    return *this;
}

Database::~Database() {
    // Statements are RAII too and never outlive a call, so close_v2 finds none open.
    sqlite3_close_v2(db_);
}

void Database::exec(const std::string& sql) const {
    char* err = nullptr;
    const int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        if (err)
            sqlite3_free(err);
        fail(rc, "cannot run \"" + sql.substr(0, 60) + "\"");
    }
}

Statement Database::prepare(std::string_view sql) const {
    return Statement(*this, sql);
}

std::int64_t Database::last_insert_id() const {
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const {
    return sqlite3_changes(db_);
}

void Database::fail(int rc, const std::string& what) const {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
        case SQLITE_NOTADB:
            throw Error(file_,
                        "not an SQLite database (the file is damaged or not a project "
                        "database): " +
                            message);
        case SQLITE_CORRUPT:
            throw Error(file_, "the project database is corrupt (" + message +
                                   "); restore it from a backup");
        case SQLITE_READONLY:
            throw Error(file_, "the project database is read-only: " + message);
        case SQLITE_BUSY:
        case SQLITE_LOCKED:
            throw Error(file_,
                        "the project database is busy (another program holds its write "
                        "lock): " +
                            message);
        case SQLITE_FULL:
            throw Error(file_, "the disk is full: " + message);
        default:
            throw Error(file_, what + ": " + message);
    }
}

Statement::Statement(const Database& db, std::string_view sql) : db_(&db), sql_(sql) {
    const int rc = sqlite3_prepare_v2(db.handle(), sql_.data(), static_cast<int>(sql_.size()),
                                      &stmt_, nullptr);
    if (rc != SQLITE_OK)
        db.fail(rc, "cannot prepare \"" + sql_.substr(0, 60) + "\"");
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), sql_(std::move(other.sql_)) {}

Statement::~Statement() {
    sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, std::string_view text) {
    // A default string_view has a null data(), which SQLite would store as NULL, not ''.
    const char* data = text.data() ? text.data() : "";
    const int rc =
        sqlite3_bind_text(stmt_, index, data, static_cast<int>(text.size()), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        db_->fail(rc, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, double value) {
    const int rc = sqlite3_bind_double(stmt_, index, value);
    if (rc != SQLITE_OK)
        db_->fail(rc, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::int64_t value) {
    const int rc = sqlite3_bind_int64(stmt_, index, value);
    if (rc != SQLITE_OK)
        db_->fail(rc, "cannot bind parameter " + std::to_string(index));
    return *this;
}

Statement& Statement::bind(int index, std::optional<double> value) {
    return value ? bind(index, *value) : bind_null(index);
}

Statement& Statement::bind_null(int index) {
    const int rc = sqlite3_bind_null(stmt_, index);
    if (rc != SQLITE_OK)
        db_->fail(rc, "cannot bind parameter " + std::to_string(index));
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const std::string what = "cannot run \"" + sql_.substr(0, 60) + "\"";
    sqlite3_reset(stmt_);
    db_->fail(rc, what);
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

std::string Statement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    if (!p)
        return {};
    return std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
}

double Statement::real(int column) const {
    return sqlite3_column_double(stmt_, column);
}

std::int64_t Statement::integer(int column) const {
    return sqlite3_column_int64(stmt_, column);
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

std::optional<double> Statement::optional_real(int column) const {
    if (is_null(column))
        return std::nullopt;
    return real(column);
}

Transaction::Transaction(const Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_)
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace amr::project::sql
