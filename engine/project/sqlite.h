#pragma once
// Small RAII wrappers over the SQLite C API for the project database: a connection, prepared
// statements with typed binds and columns, and transactions that roll back unless committed.
// Every failure throws amr::Error naming the database file.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace amr::project::sql {

class Statement;

class Database {
public:
    enum class Mode { ReadWrite, ReadWriteCreate };

    // Opens `file` with foreign keys on and a busy timeout, so concurrent writers wait for
    // each other instead of failing at once.
    Database(std::filesystem::path file, Mode mode, int busy_timeout_ms = 10000);
    Database(Database&&) noexcept;
    Database& operator=(Database&&) noexcept;
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;
    ~Database();

    const std::filesystem::path& file() const { return file_; }
    sqlite3* handle() const { return db_; }

    // Runs one or more statements without results.
    void exec(const std::string& sql) const;
    Statement prepare(std::string_view sql) const;
    std::int64_t last_insert_id() const;
    int changes() const;

    // Throws amr::Error(file, what + ": " + SQLite's message), translating the codes a user can
    // act on (not a database, corrupt, read-only, locked) into plain words.
    [[noreturn]] void fail(int rc, const std::string& what) const;

private:
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
};

class Statement {
public:
    Statement(const Database& db, std::string_view sql);
    Statement(Statement&&) noexcept;
    Statement& operator=(Statement&&) = delete;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement();

    // Binds are 1-based, like SQLite's.
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, double value);
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
    Statement& bind(int index, std::optional<double> value);
    Statement& bind_null(int index);

    // Advances to the next row: true when there is one, false when done.
    bool step();
    // Steps to the end (for statements without results).
    void run();
    // Makes the statement ready to run again with new binds.
    void reset();

    // Columns are 0-based.
    std::string text(int column) const;
    double real(int column) const;
    std::int64_t integer(int column) const;
    bool is_null(int column) const;
    std::optional<double> optional_real(int column) const;

private:
    const Database* db_;
    sqlite3_stmt* stmt_ = nullptr;
    std::string sql_;
};

// BEGIN IMMEDIATE on construction (takes the write lock at once, so two writers never
// deadlock on an upgrade), ROLLBACK on destruction unless commit() ran.
class Transaction {
public:
    explicit Transaction(const Database& db);
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction();
    void commit();

private:
    const Database& db_;
    bool done_ = false;
};

}  // namespace amr::project::sql
