// SqliteTransaction: a write transaction that rolls back unless committed.
#pragma once

#include <sqlite3.h>

#include "kv/sqlite_database.hpp"

namespace ember::kv {

class SqliteTransaction {
  public:
    // BEGIN IMMEDIATE takes the write lock now, so that a busy database
    // fails here (after the busy timeout) rather than halfway through.
    explicit SqliteTransaction(SqliteDatabase& database)
        : database_(database), open_(database.exec("BEGIN IMMEDIATE") == SQLITE_OK) {}
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    ~SqliteTransaction() {
        if (open_) database_.exec("ROLLBACK");
    }

    // False when BEGIN failed: nothing may be written.
    bool open() const { return open_; }
    // True when the transaction is durable; on false, the destructor rolls
    // back whatever SQLite left of it.
    bool commit() {
        if (database_.exec("COMMIT") != SQLITE_OK) return false;
        open_ = false;
        return true;
    }

  private:
    SqliteDatabase& database_;
    bool open_;
};

}  // namespace ember::kv
