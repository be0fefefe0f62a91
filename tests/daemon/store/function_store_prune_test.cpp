// Tests FunctionStore::prune: the newest versions and the active one stay,
// whatever else is on disk, across restarts and after a crash mid-prune.
#include "daemon/store/function_store.hpp"

#include <catch2/catch.hpp>

#include "daemon/store/store_layout.hpp"
#include "tests/daemon/store/store_fixture.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;
namespace fs = std::filesystem;

namespace {

// The version directories of `name` on disk, highest first.
std::vector<uint32_t> on_disk(const fs::path& store, const std::string& name) {
    return store_layout::list_versions(store / "functions" / name).versions;
}

// A store holding versions 1..count of "echo" (binary "echo N").
void fill(const fs::path& dir, uint32_t count) {
    FunctionStore store(dir, host_functions);
    for (uint32_t v = 1; v <= count; ++v)
        REQUIRE(store.put("echo", bytes_of("echo " + std::to_string(v)), {}).version == v);
}

}  // namespace

TEST_CASE("prune keeps the newest versions and removes the older ones", "[function_store]") {
    ScratchDir dir;
    fill(dir.path(), 6);
    FunctionStore store(dir.path(), host_functions);
    CHECK(store.prune("echo", 4, 6) == std::vector<uint32_t>{1, 2});
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{6, 5, 4, 3});
    CHECK(store.prune("echo", 4, 6).empty());  // nothing more to do
    CHECK(store.prune("echo", 10, 6).empty());
    CHECK(fs::is_empty(dir.path() / "trash"));  // the files are gone too

    // Numbers are not handed out again, and the kept versions still load.
    CHECK(store.put("echo", bytes_of("echo 7"), {}).version == 7);
    std::vector<std::string> problems;
    const std::vector<StoredFunction> loaded = store.load_all(problems);
    CHECK(problems.empty());
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].version == 7);
    CHECK(text_of(store.read_binary(loaded[0])) == "echo 7");
}

TEST_CASE("prune never removes the active version, wherever it stands", "[function_store]") {
    ScratchDir dir;
    fill(dir.path(), 6);
    FunctionStore store(dir.path(), host_functions);
    CHECK(store.prune("echo", 2, 3) == std::vector<uint32_t>{1, 2, 4});
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{6, 5, 3});
    CHECK(store.prune("echo", 1, 3) == std::vector<uint32_t>{5});
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{6, 3});
}

TEST_CASE("after a restart, the version served is kept even when newer ones are damaged",
          "[function_store]") {
    ScratchDir dir;
    fill(dir.path(), 4);
    overwrite(version_dir(dir.path(), "echo", 4) / "binary.elf", "bit rot");
    {
        FunctionStore store(dir.path(), host_functions);
        std::vector<std::string> problems;
        const std::vector<StoredFunction> loaded = store.load_all(problems);
        REQUIRE(loaded.size() == 1);
        CHECK(loaded[0].version == 3);
        // The damaged version counts as the newest: it stays for inspection.
        CHECK(store.prune("echo", 1, loaded[0].version) == std::vector<uint32_t>{1, 2});
        CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{4, 3});
    }
    FunctionStore store(dir.path(), host_functions);
    std::vector<std::string> problems;
    const std::vector<StoredFunction> loaded = store.load_all(problems);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].version == 3);
    CHECK(text_of(store.read_binary(loaded[0])) == "echo 3");
}

TEST_CASE("what a crash mid-prune leaves is cleared at the next start, the kept versions intact",
          "[function_store]") {
    ScratchDir dir;
    fill(dir.path(), 5);
    // The protocol's state between its renames: version 1 already in a
    // tombstone, half deleted; version 2 still in place.
    const fs::path tombstone = dir.path() / "trash" / "echo.Ab12Cd";
    fs::create_directory(tombstone);
    fs::rename(version_dir(dir.path(), "echo", 1), tombstone / "1");
    fs::remove(tombstone / "1" / "meta.json");

    FunctionStore store(dir.path(), host_functions);
    std::vector<std::string> problems;
    const std::vector<StoredFunction> loaded = store.load_all(problems);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].version == 5);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Matchers::Contains("interrupted delete or prune"));
    CHECK(fs::is_empty(dir.path() / "trash"));
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{5, 4, 3, 2});
    // The next prune finishes the job.
    CHECK(store.prune("echo", 3, 5) == std::vector<uint32_t>{2});
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{5, 4, 3});
}

TEST_CASE("prune refuses to keep nothing and bad names", "[function_store]") {
    ScratchDir dir;
    fill(dir.path(), 2);
    FunctionStore store(dir.path(), host_functions);
    try {
        store.prune("echo", 0, 2);
        FAIL("pruned to nothing");
    } catch (const StoreError& e) {
        CHECK(e.code().value() == EINVAL);
    }
    CHECK_THROWS_AS(store.prune("../echo", 1, 2), StoreError);
    CHECK(on_disk(dir.path(), "echo") == std::vector<uint32_t>{2, 1});
}
