// The KvStore contract on the SQLite store (its crash and corruption cases
// are in sqlite_kv_store_crash_test.cpp).
#include "kv/sqlite_kv_store.hpp"

#include <catch2/catch.hpp>

#include <memory>

#include "tests/kv/kv_store_contract.hpp"
#include "tests/scratch_dir.hpp"

namespace {

using namespace ember::kv;

// Every store opens the same directory.
struct SqliteBackend {
    ember::daemon::test::ScratchDir dir;

    std::unique_ptr<KvStore> open(KvLimits limits = {}) {
        return std::make_unique<SqliteKvStore>(dir.path(), limits);
    }
};

}  // namespace

EMBER_KV_STORE_CONTRACT_TESTS(SqliteBackend, "sqlite kv store", "[kv]")
