// SqliteDatabase: one open SQLite connection (RAII), for the SQLite store.
#pragma once

#include <filesystem>
#include <string>

struct sqlite3;

namespace ember::kv {

// Not thread-safe: the connection is opened without SQLite's own mutex
// (SQLITE_OPEN_NOMUTEX), and its user serialises the calls.
class SqliteDatabase {
  public:
    // Opens the file, creating it when missing, and turns on extended
    // result codes and a busy timeout. Throws KvError "opening PATH: REASON"
    // when SQLite cannot.
    explicit SqliteDatabase(const std::filesystem::path& file);
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;
    ~SqliteDatabase();

    // Runs SQL that returns no rows; returns SQLite's result code.
    int exec(const char* sql) noexcept;
    // Runs SQL and throws KvError "opening PATH: REASON" unless it succeeds:
    // for the set-up that open does.
    void exec_or_throw(const char* sql);
    // The result of a one-value query (a PRAGMA), or throws as above.
    std::string query_or_throw(const char* sql);
    // Throws KvError "opening PATH: " + SQLite's message for its last
    // failure, with the OS's errno where there is one and EIO otherwise.
    [[noreturn]] void throw_error() const;

    sqlite3* handle() const { return db_; }
    const std::filesystem::path& file() const { return file_; }

  private:
    std::filesystem::path file_;
    sqlite3* db_ = nullptr;
};

}  // namespace ember::kv
