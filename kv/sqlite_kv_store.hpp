// SqliteKvStore: the embedded key-value store, one SQLite file in a
// directory (emberd's data_dir/kv), needing no set-up.
#pragma once

#include <filesystem>
#include <memory>

#include "kv/kv_limits.hpp"
#include "kv/kv_store.hpp"

namespace ember::kv {

// Files: DIR/kv.sqlite, and while it is open SQLite's kv.sqlite-wal and
// kv.sqlite-shm beside it. Keys live in one table keyed by (namespace, key);
// a second table keeps each namespace's bytes for the quota, updated in the
// same transaction as the key.
//
// Durability: the file is in WAL mode with synchronous=FULL. A set() or
// remove() is one transaction whose commit appends to the WAL and fsyncs it
// before it returns, so that a kill -9 of emberd or a power cut after that
// keeps it (synchronous=NORMAL would fsync only at checkpoints and a power
// cut could lose the last commits). The next open after a crash replays the
// WAL. SQLite checkpoints the WAL into the main file every 1000 pages and
// truncates it back to 64 MiB after one that made it larger
// (journal_size_limit). The main file grows with the data; space a remove
// frees is reused, not given back.
//
// Reads see the last acknowledged write: get() and list() use a second
// connection that WAL lets read while a write is being synced, and each
// runs in its own read transaction, which sees every commit made before it
// began.
//
// Threads: every member may be called from any thread at once. Writes are
// serialised on the write connection, and so are reads on the read
// connection; one read runs beside one write, so a get never waits for
// another call's fsync.
//
// Opening creates DIR and the file when missing, and throws KvError when the
// file cannot be opened, is not a database, is some other program's SQLite
// database, or has a schema this version does not know. Opening does not read
// the whole file: a page corrupted inside a file that opens is found by the
// call that reads it, which returns unavailable.
class SqliteKvStore final : public KvStore {
  public:
    explicit SqliteKvStore(const std::filesystem::path& dir, KvLimits limits = {});
    SqliteKvStore(const SqliteKvStore&) = delete;
    SqliteKvStore& operator=(const SqliteKvStore&) = delete;
    ~SqliteKvStore() override;

    KvValue get(std::string_view ns, std::string_view key) override;
    KvStatus set(std::string_view ns, std::string_view key, std::string_view value) override;
    KvStatus remove(std::string_view ns, std::string_view key) override;
    KvPage list(std::string_view ns, std::string_view prefix, std::string_view after,
                std::size_t limit) override;

    // The database file, for messages and tests.
    const std::filesystem::path& file() const;

  private:
    struct Writer;
    struct Reader;

    KvLimits limits_;
    std::unique_ptr<Writer> writer_;
    std::unique_ptr<Reader> reader_;
};

}  // namespace ember::kv
