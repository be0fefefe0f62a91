// ember-kv-bench: what a get and a durable set cost in the two embedded
// databases the key-value store could be built on, SQLite (WAL,
// synchronous=FULL) and LMDB (default, synced commits), with the C APIs
// used directly, in a store of 10,000 keys on a data directory under /tmp;
// and the same in the Redis backend, RedisKvStore, against a redis-server
// it starts on a free loopback port with appendfsync always, its
// append-only file in such a directory too.
// Each set is one transaction that is on disk when it returns, as kv_set
// promises. Run with --benchmark_repetitions=9 to get medians
// (loadtest/README.md); `disk_MiB` is the size of the store's files after
// the run, to compare how they grow under overwrites.
#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <lmdb.h>
#include <netinet/in.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "kv/redis_kv_store.hpp"

namespace {

namespace fs = std::filesystem;

constexpr int small_keys = 10'000;
constexpr std::size_t small_value = 100;
// A store of 10,000 keys of 64 KiB would be 640 MiB: the large values are
// 100 more keys in the same store.
constexpr int large_keys = 100;
constexpr std::size_t large_value = 64 * 1024;
const std::string ns = "bench";

std::string key_of(std::size_t value_size, int i) {
    char key[32];
    std::snprintf(key, sizeof key, "%s-%05d", value_size == small_value ? "small" : "large", i);
    return key;
}

int keys_of(std::size_t value_size) {
    return value_size == small_value ? small_keys : large_keys;
}

std::string value_of(std::size_t size, int seed) {
    std::string value(size, '\0');
    for (std::size_t i = 0; i < size; ++i)
        value[i] = static_cast<char>('a' + (static_cast<std::size_t>(seed) + i) % 26);
    return value;
}

// A directory under /tmp (a real disk here, so fsync costs what it costs),
// removed with the store when the benchmark ends.
class BenchDir {
  public:
    explicit BenchDir(const std::string& name) {
        std::string pattern = "/tmp/ember-kv-bench-" + name + "-XXXXXX";
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    BenchDir(const BenchDir&) = delete;
    BenchDir& operator=(const BenchDir&) = delete;
    ~BenchDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }
    double mebibytes() const {
        std::uintmax_t bytes = 0;
        for (const auto& entry : fs::recursive_directory_iterator(path_))
            if (entry.is_regular_file()) bytes += entry.file_size();
        return static_cast<double>(bytes) / (1024.0 * 1024.0);
    }

  private:
    fs::path path_;
};

void sqlite_check(int rc, sqlite3* db, const char* what) {
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
}

class SqliteStore {
  public:
    SqliteStore() : dir_("sqlite") {
        const std::string file = (dir_.path() / "kv.sqlite").string();
        sqlite_check(sqlite3_open(file.c_str(), &db_), db_, "open");
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec(
            "CREATE TABLE kv (ns TEXT NOT NULL, key BLOB NOT NULL, value BLOB NOT NULL, "
            "PRIMARY KEY (ns, key))");
        sqlite_check(sqlite3_prepare_v2(db_, "SELECT value FROM kv WHERE ns = ?1 AND key = ?2", -1,
                                        &get_, nullptr),
                     db_, "prepare get");
        sqlite_check(sqlite3_prepare_v2(db_,
                                        "INSERT INTO kv (ns, key, value) VALUES (?1, ?2, ?3) "
                                        "ON CONFLICT (ns, key) DO UPDATE SET value = ?3",
                                        -1, &set_, nullptr),
                     db_, "prepare set");
        exec("BEGIN");
        for (std::size_t size : {small_value, large_value})
            for (int i = 0; i < keys_of(size); ++i)
                set(key_of(size, i), value_of(size, i));
        exec("COMMIT");
    }
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;
    ~SqliteStore() {
        sqlite3_finalize(get_);
        sqlite3_finalize(set_);
        sqlite3_close(db_);
    }

    std::string get(const std::string& key) {
        bind(get_, key);
        const int rc = sqlite3_step(get_);
        sqlite_check(rc, db_, "get");
        std::string value;
        if (rc == SQLITE_ROW)
            value.assign(static_cast<const char*>(sqlite3_column_blob(get_, 0)),
                         static_cast<std::size_t>(sqlite3_column_bytes(get_, 0)));
        sqlite3_reset(get_);
        return value;
    }

    void set(const std::string& key, const std::string& value) {
        bind(set_, key);
        sqlite3_bind_blob(set_, 3, value.data(), static_cast<int>(value.size()), SQLITE_STATIC);
        sqlite_check(sqlite3_step(set_), db_, "set");
        sqlite3_reset(set_);
    }

    const BenchDir& dir() const { return dir_; }

  private:
    void exec(const char* sql) {
        sqlite_check(sqlite3_exec(db_, sql, nullptr, nullptr, nullptr), db_, sql);
    }
    void bind(sqlite3_stmt* statement, const std::string& key) {
        sqlite3_bind_text(statement, 1, ns.data(), static_cast<int>(ns.size()), SQLITE_STATIC);
        sqlite3_bind_blob(statement, 2, key.data(), static_cast<int>(key.size()), SQLITE_STATIC);
    }

    BenchDir dir_;
    sqlite3* db_ = nullptr;
    sqlite3_stmt* get_ = nullptr;
    sqlite3_stmt* set_ = nullptr;
};

void lmdb_check(int rc, const char* what) {
    if (rc != MDB_SUCCESS) throw std::runtime_error(std::string(what) + ": " + mdb_strerror(rc));
}

// LMDB keys are the namespace, a NUL and the key, in one unnamed database.
class LmdbStore {
  public:
    LmdbStore() : dir_("lmdb") {
        lmdb_check(mdb_env_create(&env_), "env_create");
        lmdb_check(mdb_env_set_mapsize(env_, std::size_t{1} << 30), "set_mapsize");
        lmdb_check(mdb_env_open(env_, dir_.path().c_str(), 0, 0600), "env_open");
        MDB_txn* txn = nullptr;
        lmdb_check(mdb_txn_begin(env_, nullptr, 0, &txn), "txn_begin");
        lmdb_check(mdb_dbi_open(txn, nullptr, 0, &dbi_), "dbi_open");
        for (std::size_t size : {small_value, large_value})
            for (int i = 0; i < keys_of(size); ++i)
                put(txn, key_of(size, i), value_of(size, i));
        lmdb_check(mdb_txn_commit(txn), "commit");
    }
    LmdbStore(const LmdbStore&) = delete;
    LmdbStore& operator=(const LmdbStore&) = delete;
    ~LmdbStore() { mdb_env_close(env_); }

    std::string get(const std::string& key) {
        MDB_txn* txn = nullptr;
        lmdb_check(mdb_txn_begin(env_, nullptr, MDB_RDONLY, &txn), "txn_begin");
        std::string full = ns + '\0' + key;
        MDB_val k{full.size(), full.data()};
        MDB_val v{};
        std::string value;
        if (mdb_get(txn, dbi_, &k, &v) == MDB_SUCCESS)
            value.assign(static_cast<const char*>(v.mv_data), v.mv_size);
        mdb_txn_abort(txn);
        return value;
    }

    void set(const std::string& key, const std::string& value) {
        MDB_txn* txn = nullptr;
        lmdb_check(mdb_txn_begin(env_, nullptr, 0, &txn), "txn_begin");
        put(txn, key, value);
        lmdb_check(mdb_txn_commit(txn), "commit");
    }

    const BenchDir& dir() const { return dir_; }

  private:
    void put(MDB_txn* txn, const std::string& key, const std::string& value) {
        std::string full = ns + '\0' + key;
        MDB_val k{full.size(), full.data()};
        MDB_val v{value.size(), const_cast<char*>(value.data())};
        lmdb_check(mdb_put(txn, dbi_, &k, &v, 0), "put");
    }

    BenchDir dir_;
    MDB_env* env_ = nullptr;
    MDB_dbi dbi_ = 0;
};

std::optional<fs::path> find_redis_server() {
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');)
        if (!dir.empty() && ::access((fs::path(dir) / "redis-server").c_str(), X_OK) == 0)
            return fs::path(dir) / "redis-server";
    return std::nullopt;
}

// A port the kernel just handed out for 127.0.0.1.
std::uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    const bool bound = fd >= 0 &&
                       ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
                       ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0;
    if (fd >= 0) ::close(fd);
    if (!bound) throw std::runtime_error(std::string("free port: ") + std::strerror(errno));
    return ntohs(address.sin_port);
}

// redis-server as a child, its AOF and log in `dir`; killed with the
// benchmark (and with SIGKILL should the benchmark die first).
class RedisServerProcess {
  public:
    RedisServerProcess(const fs::path& binary, const fs::path& dir, std::uint16_t port) {
        std::vector<std::string> args = {binary.string()};
        args.insert(args.end(), {"--bind", "127.0.0.1", "--port", std::to_string(port)});
        args.insert(args.end(), {"--appendonly", "yes", "--appendfsync", "always", "--save", ""});
        args.insert(args.end(), {"--dir", dir.string(), "--logfile", (dir / "redis.log").string()});
        std::vector<char*> argv;
        for (std::string& arg : args)
            argv.push_back(arg.data());
        argv.push_back(nullptr);
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
        if (pid_ == 0) {
            ::prctl(PR_SET_PDEATHSIG, SIGKILL);
            const int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 0);
            ::dup2(null, 1);
            ::execv(argv[0], argv.data());
            ::_exit(127);
        }
    }
    RedisServerProcess(const RedisServerProcess&) = delete;
    RedisServerProcess& operator=(const RedisServerProcess&) = delete;
    ~RedisServerProcess() {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }

  private:
    pid_t pid_ = -1;
};

// RedisKvStore, as emberd would use it, with the same keys and values.
class RedisStore {
  public:
    explicit RedisStore(const fs::path& binary)
        : dir_("redis"), port_(free_port()), server_(binary, dir_.path(), port_) {
        ember::kv::RedisKvOptions options;
        options.port = port_;
        options.connections = fill_threads;
        options.command_timeout = std::chrono::seconds(10);
        options.limits.namespace_quota_bytes = std::uint64_t{1} << 30;
        store_ = std::make_unique<ember::kv::RedisKvStore>(options);
        wait_ready();
        fill();
    }

    std::string get(const std::string& key) {
        ember::kv::KvValue got = store_->get(ns, key);
        if (got.status == ember::kv::KvStatus::unavailable)
            throw std::runtime_error("redis get: " + store_->last_error());
        return std::move(got.value);
    }

    void set(const std::string& key, const std::string& value) {
        if (store_->set(ns, key, value) != ember::kv::KvStatus::ok)
            throw std::runtime_error("redis set: " + store_->last_error());
    }

    const BenchDir& dir() const { return dir_; }

  private:
    // Every set waits for an fsync; Redis makes one for all the clients
    // whose writes it read in the same turn, so the fill runs on threads.
    static constexpr int fill_threads = 8;

    void wait_ready() {
        for (int attempt = 0; attempt < 200; ++attempt) {
            if (store_->get(ns, "ready?").status != ember::kv::KvStatus::unavailable) return;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        throw std::runtime_error("redis-server did not start: " + store_->last_error());
    }

    void fill() {
        std::vector<std::thread> fillers;
        for (int t = 0; t < fill_threads; ++t)
            fillers.emplace_back([this, t] {
                for (std::size_t size : {small_value, large_value})
                    for (int i = t; i < keys_of(size); i += fill_threads)
                        set(key_of(size, i), value_of(size, i));
            });
        for (std::thread& filler : fillers)
            filler.join();
    }

    BenchDir dir_;
    std::uint16_t port_;
    RedisServerProcess server_;
    std::unique_ptr<ember::kv::RedisKvStore> store_;
};

// One store per backend for the whole run: filling it is not timed.
template <typename Store>
Store& store() {
    static Store made;
    return made;
}

template <>
RedisStore& store<RedisStore>() {
    static RedisStore made(*find_redis_server());
    return made;
}

template <typename Store>
void get(benchmark::State& state) {
    Store& s = store<Store>();
    const auto size = static_cast<std::size_t>(state.range(0));
    const int keys = keys_of(size);
    int next = 0;
    for (auto _ : state) {
        std::string value = s.get(key_of(size, next));
        if (value.size() != size) {
            state.SkipWithError("a key of the store was not found");
            break;
        }
        benchmark::DoNotOptimize(value);
        next = (next + 1) % keys;
    }
}

template <typename Store>
void set(benchmark::State& state) {
    Store& s = store<Store>();
    const auto size = static_cast<std::size_t>(state.range(0));
    const int keys = keys_of(size);
    std::string value = value_of(size, 7);
    int next = 0;
    // SQLite leaves alone a page whose bytes would not change (and then
    // commits nothing): every set, in every repetition, writes a value the
    // key did not hold.
    static std::uint64_t written = 0;
    for (auto _ : state) {
        ++written;
        std::memcpy(value.data(), &written, sizeof written);
        s.set(key_of(size, next), value);
        next = (next + 1) % keys;
    }
    state.counters["disk_MiB"] = s.dir().mebibytes();
}

void sqlite_get(benchmark::State& state) {
    get<SqliteStore>(state);
}
void sqlite_set(benchmark::State& state) {
    set<SqliteStore>(state);
}
void lmdb_get(benchmark::State& state) {
    get<LmdbStore>(state);
}
void lmdb_set(benchmark::State& state) {
    set<LmdbStore>(state);
}

// Without redis-server, the Redis figures say so instead of being left out.
bool skip_without_redis(benchmark::State& state) {
    if (find_redis_server()) return false;
    state.SkipWithError("redis-server is not installed (Debian package redis-server)");
    return true;
}
void redis_get(benchmark::State& state) {
    if (!skip_without_redis(state)) get<RedisStore>(state);
}
void redis_set(benchmark::State& state) {
    if (!skip_without_redis(state)) set<RedisStore>(state);
}

BENCHMARK(sqlite_get)->Arg(small_value)->Arg(large_value)->UseRealTime();
BENCHMARK(lmdb_get)->Arg(small_value)->Arg(large_value)->UseRealTime();
BENCHMARK(redis_get)->Arg(small_value)->Arg(large_value)->UseRealTime();
BENCHMARK(sqlite_set)->Arg(small_value)->Arg(large_value)->UseRealTime();
BENCHMARK(lmdb_set)->Arg(small_value)->Arg(large_value)->UseRealTime();
BENCHMARK(redis_set)->Arg(small_value)->Arg(large_value)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
