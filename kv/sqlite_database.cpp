// Opening, configuring and closing one SQLite connection.
#include "kv/sqlite_database.hpp"

#include <sqlite3.h>

#include <cerrno>

#include "kv/kv_error.hpp"
#include "kv/sqlite_statement.hpp"

namespace ember::kv {

namespace {

// How long a statement waits for a lock another connection holds before it
// fails (and the store answers unavailable): a bound, not a hang. Inside
// one emberd only checkpoints contend; this is for a second process, such
// as an operator's sqlite3 shell, holding the file.
constexpr int busy_timeout_ms = 2000;

}  // namespace

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file) : file_(file) {
    const int rc = sqlite3_open_v2(
        file_.c_str(), &db_,
        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE,
        nullptr);
    if (rc != SQLITE_OK) {
        // sqlite3_open_v2 gives a handle even when it fails, for the message.
        try {
            throw_error();
        } catch (...) {
            sqlite3_close(db_);
            throw;
        }
    }
    sqlite3_busy_timeout(db_, busy_timeout_ms);
}

SqliteDatabase::~SqliteDatabase() {
    sqlite3_close(db_);
}

int SqliteDatabase::exec(const char* sql) noexcept {
    return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
}

void SqliteDatabase::exec_or_throw(const char* sql) {
    if (exec(sql) != SQLITE_OK) throw_error();
}

std::string SqliteDatabase::query_or_throw(const char* sql) {
    SqliteStatement statement(*this, sql);
    const SqliteStatement::Run run(statement);
    const int rc = statement.step();
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) throw_error();
    return rc == SQLITE_ROW ? std::string(statement.bytes(0)) : std::string();
}

void SqliteDatabase::throw_error() const {
    // SQLite keeps the OS's errno of its last failed system call, which is
    // the reason only when the failure was one of opening or I/O.
    const int primary = db_ != nullptr ? sqlite3_errcode(db_) & 0xff : SQLITE_NOMEM;
    const int os_errno =
        primary == SQLITE_CANTOPEN || primary == SQLITE_IOERR ? sqlite3_system_errno(db_) : 0;
    const char* message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    throw KvError(os_errno != 0 ? os_errno : EIO, "opening " + file_.string() + ": " + message);
}

}  // namespace ember::kv
