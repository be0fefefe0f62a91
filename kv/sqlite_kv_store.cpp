// The SQLite key-value store: opening and checking the file, and each call
// as one statement or one write transaction.
#include "kv/sqlite_kv_store.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <mutex>
#include <optional>
#include <string>
#include <system_error>

#include "kv/key_range.hpp"
#include "kv/kv_error.hpp"
#include "kv/sqlite_database.hpp"
#include "kv/sqlite_statement.hpp"
#include "kv/sqlite_transaction.hpp"

namespace ember::kv {

namespace {

constexpr const char* file_name = "kv.sqlite";
// "EmKV": the file is an Ember key-value store, not another program's.
constexpr std::int64_t application_id = 0x456d4b56;
constexpr std::int64_t schema_version = 1;

// BLOB columns compare with memcmp, so keys sort in byte order, and hold
// any byte.
std::string schema() {
    return "CREATE TABLE kv (ns BLOB NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, "
           "PRIMARY KEY (ns, key));"
           "CREATE TABLE usage (ns BLOB PRIMARY KEY, bytes INTEGER NOT NULL);"
           "PRAGMA application_id = " +
           std::to_string(application_id) +
           "; PRAGMA user_version = " + std::to_string(schema_version) + ";";
}

[[noreturn]] void throw_open(const std::filesystem::path& file, int err,
                             const std::string& reason) {
    throw KvError(err, "opening " + file.string() + ": " + reason);
}

// WAL, synchronous=FULL: see the header for why.
void configure(SqliteDatabase& database) {
    if (database.query_or_throw("PRAGMA journal_mode=WAL") != "wal")
        throw_open(database.file(), ENOTSUP, "SQLite could not turn on its write-ahead log");
    database.exec_or_throw("PRAGMA synchronous=FULL");
    database.exec_or_throw("PRAGMA journal_size_limit=67108864");
}

// Creates the tables in a new file, or checks that an existing one is ours.
void prepare_schema(SqliteDatabase& database) {
    database.exec_or_throw("BEGIN IMMEDIATE");
    const std::string id = database.query_or_throw("PRAGMA application_id");
    const std::string version = database.query_or_throw("PRAGMA user_version");
    const std::string tables = database.query_or_throw("SELECT count(*) FROM sqlite_schema");
    if (id == "0" && version == "0" && tables == "0") {
        database.exec_or_throw(schema().c_str());
    } else if (id != std::to_string(application_id)) {
        throw_open(
            database.file(), EIO,
            "an SQLite database, but not an Ember key-value store (application_id " + id + ")");
    } else if (version != std::to_string(schema_version)) {
        throw_open(database.file(), EIO,
                   "key-value store of schema version " + version + ", this emberd knows " +
                       std::to_string(schema_version));
    }
    database.exec_or_throw("COMMIT");
}

std::filesystem::path open_dir(const std::filesystem::path& dir) {
    std::error_code error;
    std::filesystem::create_directories(dir, error);
    if (error) throw KvError(error.value(), "creating " + dir.string());
    return dir / file_name;
}

// A key's bytes in its namespace's quota.
std::int64_t entry_bytes(std::string_view key, std::string_view value) {
    return static_cast<std::int64_t>(key.size() + value.size());
}

// The write connection, set up and with its tables checked before the
// statements that use them are prepared.
struct StoreDatabase : SqliteDatabase {
    explicit StoreDatabase(const std::filesystem::path& file) : SqliteDatabase(file) {
        configure(*this);
        prepare_schema(*this);
    }
};

}  // namespace

struct SqliteKvStore::Writer {
    explicit Writer(const std::filesystem::path& file) : database(file) {}

    std::mutex mutex;
    StoreDatabase database;
    SqliteStatement stored_bytes{database,
                                 "SELECT length(key) + length(value) FROM kv "
                                 "WHERE ns = ?1 AND key = ?2"};
    SqliteStatement used_bytes{database, "SELECT bytes FROM usage WHERE ns = ?1"};
    SqliteStatement upsert{database,
                           "INSERT INTO kv (ns, key, value) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (ns, key) DO UPDATE SET value = excluded.value"};
    SqliteStatement erase{database, "DELETE FROM kv WHERE ns = ?1 AND key = ?2"};
    SqliteStatement set_usage{database,
                              "INSERT INTO usage (ns, bytes) VALUES (?1, ?2) "
                              "ON CONFLICT (ns) DO UPDATE SET bytes = excluded.bytes"};

    // A one-integer query of (ns[, key]): its value, 0 without a row, none
    // when the database failed.
    static std::optional<std::int64_t> integer(SqliteStatement& statement, std::string_view ns,
                                               std::optional<std::string_view> key) {
        const SqliteStatement::Run run(statement);
        statement.bind(1, ns);
        if (key) statement.bind(2, *key);
        switch (statement.step()) {
            case SQLITE_ROW:
                return statement.integer(0);
            case SQLITE_DONE:
                return 0;
            default:
                return std::nullopt;
        }
    }

    bool write_usage(std::string_view ns, std::int64_t bytes) {
        const SqliteStatement::Run run(set_usage);
        set_usage.bind(1, ns);
        set_usage.bind(2, bytes);
        return set_usage.step() == SQLITE_DONE;
    }
};

struct SqliteKvStore::Reader {
    explicit Reader(const std::filesystem::path& file) : database(file) {
        database.exec_or_throw("PRAGMA query_only=ON");
    }

    std::mutex mutex;
    SqliteDatabase database;
    SqliteStatement get{database, "SELECT value FROM kv WHERE ns = ?1 AND key = ?2"};
    // ?2 the cursor, ?3 the prefix, ?4 the end of the prefix's range.
    SqliteStatement list_range{database,
                               "SELECT key FROM kv WHERE ns = ?1 AND key > ?2 AND key >= ?3 "
                               "AND key < ?4 ORDER BY key LIMIT ?5"};
    SqliteStatement list_from{database,
                              "SELECT key FROM kv WHERE ns = ?1 AND key > ?2 AND key >= ?3 "
                              "ORDER BY key LIMIT ?5"};
};

SqliteKvStore::SqliteKvStore(const std::filesystem::path& dir, KvLimits limits)
    : limits_(limits),
      writer_(std::make_unique<Writer>(open_dir(dir))),
      reader_(std::make_unique<Reader>(writer_->database.file())) {}

SqliteKvStore::~SqliteKvStore() = default;

const std::filesystem::path& SqliteKvStore::file() const {
    return writer_->database.file();
}

KvValue SqliteKvStore::get(std::string_view ns, std::string_view key) {
    KvValue result;
    if (result.status = check_namespace(limits_, ns); result.status != KvStatus::ok) return result;
    if (result.status = check_key(limits_, key); result.status != KvStatus::ok) return result;
    const std::lock_guard lock(reader_->mutex);
    SqliteStatement& get = reader_->get;
    const SqliteStatement::Run run(get);
    get.bind(1, ns);
    get.bind(2, key);
    switch (get.step()) {
        case SQLITE_ROW:
            result.value = get.bytes(0);
            break;
        case SQLITE_DONE:
            result.status = KvStatus::not_found;
            break;
        default:
            result.status = KvStatus::unavailable;
            break;
    }
    return result;
}

KvStatus SqliteKvStore::set(std::string_view ns, std::string_view key, std::string_view value) {
    for (const KvStatus status :
         {check_namespace(limits_, ns), check_key(limits_, key), check_value(limits_, value)})
        if (status != KvStatus::ok) return status;
    const std::lock_guard lock(writer_->mutex);
    SqliteTransaction transaction(writer_->database);
    if (!transaction.open()) return KvStatus::unavailable;
    const auto replaced = Writer::integer(writer_->stored_bytes, ns, key);
    const auto used = Writer::integer(writer_->used_bytes, ns, std::nullopt);
    if (!replaced || !used) return KvStatus::unavailable;
    const std::int64_t after = *used - *replaced + entry_bytes(key, value);
    if (after < 0 || static_cast<std::uint64_t>(after) > limits_.namespace_quota_bytes)
        return after < 0 ? KvStatus::unavailable : KvStatus::over_quota;
    {
        SqliteStatement& upsert = writer_->upsert;
        const SqliteStatement::Run run(upsert);
        upsert.bind(1, ns);
        upsert.bind(2, key);
        upsert.bind(3, value);
        if (upsert.step() != SQLITE_DONE) return KvStatus::unavailable;
    }
    if (!writer_->write_usage(ns, after) || !transaction.commit()) return KvStatus::unavailable;
    return KvStatus::ok;
}

KvStatus SqliteKvStore::remove(std::string_view ns, std::string_view key) {
    for (const KvStatus status : {check_namespace(limits_, ns), check_key(limits_, key)})
        if (status != KvStatus::ok) return status;
    const std::lock_guard lock(writer_->mutex);
    SqliteTransaction transaction(writer_->database);
    if (!transaction.open()) return KvStatus::unavailable;
    const auto removed = Writer::integer(writer_->stored_bytes, ns, key);
    const auto used = Writer::integer(writer_->used_bytes, ns, std::nullopt);
    if (!removed || !used) return KvStatus::unavailable;
    // A stored key is never empty, so a key that holds 0 bytes is absent.
    if (*removed == 0) return KvStatus::not_found;
    {
        SqliteStatement& erase = writer_->erase;
        const SqliteStatement::Run run(erase);
        erase.bind(1, ns);
        erase.bind(2, key);
        if (erase.step() != SQLITE_DONE) return KvStatus::unavailable;
    }
    if (!writer_->write_usage(ns, *used - *removed) || !transaction.commit())
        return KvStatus::unavailable;
    return KvStatus::ok;
}

KvPage SqliteKvStore::list(std::string_view ns, std::string_view prefix, std::string_view after,
                           std::size_t limit) {
    KvPage page;
    if (page.status = check_namespace(limits_, ns); page.status != KvStatus::ok) return page;
    if (page.status = check_list(limits_, prefix, after, limit); page.status != KvStatus::ok)
        return page;
    const std::optional<std::string> end = prefix_end(prefix);
    const std::lock_guard lock(reader_->mutex);
    SqliteStatement& list = end ? reader_->list_range : reader_->list_from;
    const SqliteStatement::Run run(list);
    list.bind(1, ns);
    list.bind(2, after);
    list.bind(3, prefix);
    if (end) list.bind(4, *end);
    // One key more than asked for says whether there is a next page.
    list.bind(5, static_cast<std::int64_t>(limit) + 1);
    int rc = SQLITE_ROW;
    while ((rc = list.step()) == SQLITE_ROW)
        page.keys.emplace_back(list.bytes(0));
    if (rc != SQLITE_DONE) return KvPage{.status = KvStatus::unavailable, .keys = {}, .next = {}};
    if (page.keys.size() > limit) {
        page.keys.pop_back();
        page.next = page.keys.back();
    }
    return page;
}

}  // namespace ember::kv
