// Preparing, binding, stepping and finalizing one SQLite statement.
#include "kv/sqlite_statement.hpp"

#include <sqlite3.h>

#include "kv/sqlite_database.hpp"

namespace ember::kv {

SqliteStatement::SqliteStatement(SqliteDatabase& database, const char* sql) {
    // SQLITE_PREPARE_PERSISTENT: these statements live as long as the store.
    if (sqlite3_prepare_v3(database.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &statement_,
                           nullptr) != SQLITE_OK)
        database.throw_error();
}

SqliteStatement::~SqliteStatement() {
    sqlite3_finalize(statement_);
}

void SqliteStatement::bind(int index, std::string_view bytes) noexcept {
    // sqlite3_bind_blob binds NULL for a null pointer, which an empty view
    // may hold.
    if (bytes.empty())
        sqlite3_bind_zeroblob(statement_, index, 0);
    else
        sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_STATIC);
}

void SqliteStatement::bind(int index, std::int64_t value) noexcept {
    sqlite3_bind_int64(statement_, index, value);
}

int SqliteStatement::step() noexcept {
    return sqlite3_step(statement_);
}

std::string_view SqliteStatement::bytes(int index) noexcept {
    // Blob first, then its size, as SQLite's documentation asks.
    const auto* data = static_cast<const char*>(sqlite3_column_blob(statement_, index));
    const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, index));
    return data == nullptr ? std::string_view{} : std::string_view(data, size);
}

std::int64_t SqliteStatement::integer(int index) noexcept {
    return sqlite3_column_int64(statement_, index);
}

void SqliteStatement::reset() noexcept {
    sqlite3_reset(statement_);
    sqlite3_clear_bindings(statement_);
}

}  // namespace ember::kv
