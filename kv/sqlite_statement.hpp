// SqliteStatement: one prepared statement (RAII), run many times.
#pragma once

#include <cstdint>
#include <string_view>

struct sqlite3_stmt;

namespace ember::kv {

class SqliteDatabase;

// Call order for one run: bind(), step() until it returns no row, then
// reset() (a Run does it on scope exit). Bound byte strings are not copied:
// they must outlive the run. Not thread-safe, like its database.
class SqliteStatement {
  public:
    // Throws KvError when SQLite cannot prepare the SQL (only at open).
    SqliteStatement(SqliteDatabase& database, const char* sql);
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;
    ~SqliteStatement();

    // Binds parameter `index` (1-based) to a blob; an empty view binds an
    // empty blob, never NULL.
    void bind(int index, std::string_view bytes) noexcept;
    void bind(int index, std::int64_t value) noexcept;
    // SQLite's result code: SQLITE_ROW, SQLITE_DONE or an error.
    int step() noexcept;
    // Column `index` (0-based) of the current row; the bytes are valid until
    // the next step() or reset().
    std::string_view bytes(int index) noexcept;
    std::int64_t integer(int index) noexcept;
    // Ends the run: the statement's read or write is over, bindings cleared.
    void reset() noexcept;

    // Resets the statement when it goes out of scope.
    class Run {
      public:
        explicit Run(SqliteStatement& statement) : statement_(statement) {}
        Run(const Run&) = delete;
        Run& operator=(const Run&) = delete;
        ~Run() { statement_.reset(); }

      private:
        SqliteStatement& statement_;
    };

  private:
    sqlite3_stmt* statement_ = nullptr;
};

}  // namespace ember::kv
