// The SQLite store after a kill -9, and files it must refuse to open.
#include "kv/sqlite_kv_store.hpp"

#include <catch2/catch.hpp>

#include <sqlite3.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "base/unique_fd.hpp"
#include "kv/kv_error.hpp"
#include "tests/scratch_dir.hpp"

using namespace ember::kv;
using Catch::Matchers::Contains;
using ember::daemon::test::ScratchDir;

namespace {

std::string numbered(int i) {
    return "key " + std::to_string(i);
}
std::string value_of(int i) {
    return std::string(1000, static_cast<char>('a' + i % 26));
}

// Runs SQL on the file with SQLite itself, as another program would.
void sqlite_exec(const std::filesystem::path& file, const char* sql) {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    sqlite3_close(db);
    REQUIRE(rc == SQLITE_OK);
}

void overwrite(const std::filesystem::path& file, std::size_t offset, const std::string& bytes) {
    std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
    out.seekp(static_cast<std::streamoff>(offset));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    REQUIRE(out.good());
}

}  // namespace

TEST_CASE("kv store: every set acknowledged before a kill -9 is there on reopen", "[kv]") {
    ScratchDir dir;
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    ember::UniqueFd acks_read(fds[0]);
    ember::UniqueFd acks_write(fds[1]);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        // The child sets keys and reports each one once set() returned,
        // until it is killed (the bound only keeps a broken test finite).
        acks_read.reset();
        try {
            SqliteKvStore store(dir.path());
            for (int i = 0; i < 100'000; ++i) {
                if (store.set("crash", numbered(i), value_of(i)) != KvStatus::ok) ::_exit(2);
                if (::write(acks_write.get(), &i, sizeof i) != sizeof i) ::_exit(3);
            }
        } catch (...) {
            ::_exit(4);
        }
        ::_exit(0);
    }
    acks_write.reset();
    std::vector<int> acked;
    int i = 0;
    while (::read(acks_read.get(), &i, sizeof i) == sizeof i) {
        acked.push_back(i);
        if (acked.size() == 20) ::kill(child, SIGKILL);
    }
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFSIGNALED(status));
    REQUIRE(WTERMSIG(status) == SIGKILL);
    REQUIRE(acked.size() >= 20);

    SqliteKvStore store(dir.path());
    for (const int key : acked) {
        const KvValue got = store.get("crash", numbered(key));
        REQUIRE(got.status == KvStatus::ok);
        CHECK(got.value == value_of(key));
    }
    // And the store takes writes again.
    CHECK(store.set("crash", "after", "v") == KvStatus::ok);
}

TEST_CASE("kv store: a file that is not a database is refused at open, by name", "[kv]") {
    ScratchDir dir;
    {
        std::ofstream garbage(dir.path() / "kv.sqlite", std::ios::binary);
        for (int i = 0; i < 1000; ++i)
            garbage << "this is not a database\n";
    }
    REQUIRE_THROWS_WITH(SqliteKvStore(dir.path()), Contains((dir.path() / "kv.sqlite").string()) &&
                                                       Contains("not a database"));
}

TEST_CASE("kv store: a store whose header was overwritten is refused at open", "[kv]") {
    ScratchDir dir;
    {
        SqliteKvStore store(dir.path());
        REQUIRE(store.set("fn", "k", "v") == KvStatus::ok);
    }
    overwrite(dir.path() / "kv.sqlite", 0, std::string(100, '\x5a'));
    REQUIRE_THROWS_WITH(SqliteKvStore(dir.path()), Contains("not a database"));
}

TEST_CASE("kv store: pages corrupted inside a store that opens make its calls unavailable",
          "[kv]") {
    ScratchDir dir;
    const std::filesystem::path file = dir.path() / "kv.sqlite";
    {
        SqliteKvStore store(dir.path());
        for (int i = 0; i < 200; ++i)
            REQUIRE(store.set("fn", numbered(i), value_of(i)) == KvStatus::ok);
    }
    // Every page but the first (the schema), which the open reads.
    const auto size = std::filesystem::file_size(file);
    REQUIRE(size > 8192);
    overwrite(file, 4096, std::string(size - 4096, '\x5a'));
    SqliteKvStore store(dir.path());
    CHECK(store.get("fn", numbered(7)).status == KvStatus::unavailable);
    CHECK(store.list("fn", "", "", 10).status == KvStatus::unavailable);
    CHECK(store.set("fn", "new", "v") == KvStatus::unavailable);
}

TEST_CASE("kv store: another program's SQLite database is refused at open", "[kv]") {
    ScratchDir dir;
    sqlite_exec(dir.path() / "kv.sqlite", "CREATE TABLE notes (text TEXT)");
    REQUIRE_THROWS_WITH(SqliteKvStore(dir.path()), Contains("not an Ember key-value store"));
}

TEST_CASE("kv store: a store of a newer schema is refused at open", "[kv]") {
    ScratchDir dir;
    { SqliteKvStore store(dir.path()); }
    sqlite_exec(dir.path() / "kv.sqlite", "PRAGMA user_version = 2");
    REQUIRE_THROWS_WITH(SqliteKvStore(dir.path()), Contains("schema version 2"));
}

TEST_CASE("kv store: a store file that cannot be opened is an error that names it", "[kv]") {
    ScratchDir dir;
    std::filesystem::create_directory(dir.path() / "kv.sqlite");
    REQUIRE_THROWS_WITH(SqliteKvStore(dir.path()), Contains((dir.path() / "kv.sqlite").string()));
    ScratchDir file_dir;
    std::ofstream(file_dir.path() / "plain");
    REQUIRE_THROWS_AS(SqliteKvStore(file_dir.path() / "plain"), KvError);
}
