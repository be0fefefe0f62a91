// Tests daemon/function_store's start-up scan: corrupt, partial and stray
// entries are reported and skipped (or cleaned up) while good functions load.
#include "daemon/store/function_store.hpp"

#include <catch2/catch.hpp>

#include "tests/daemon/store/store_fixture.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;
namespace fs = std::filesystem;

namespace {

// Two versions of "bad" (the test damages version 2) and one of "good".
struct DamagedStore {
    ScratchDir dir;
    StoredFunction good, bad1, bad2;

    DamagedStore() {
        FunctionStore store(dir.path(), host_functions);
        good = store.put("good", bytes_of("good binary"), {});
        bad1 = store.put("bad", bytes_of("bad binary one"), {});
        bad2 = store.put("bad", bytes_of("bad binary two"), {});
    }

    fs::path meta2() const { return version_dir(dir.path(), "bad", 2) / "meta.json"; }

    // Reopens the store (a restart) and scans it.
    std::vector<StoredFunction> restart(std::vector<std::string>& problems) {
        FunctionStore store(dir.path(), host_functions);
        return store.load_all(problems);
    }

    // The scan skipped version 2 of "bad", said why, and fell back to 1.
    void check_fell_back(std::string_view why) {
        std::vector<std::string> problems;
        std::vector<StoredFunction> functions = restart(problems);
        REQUIRE(functions.size() == 2);
        CHECK(functions[0] == bad1);
        CHECK(functions[1] == good);
        REQUIRE(problems.size() == 1);
        CHECK_THAT(problems[0], Catch::Matchers::StartsWith(
                                    version_dir(dir.path(), "bad", 2).string() + ": skipped: "));
        CHECK_THAT(problems[0], Catch::Matchers::Contains(std::string(why)));
    }
};

}  // namespace

TEST_CASE("garbled meta.json is reported and the older version used", "[function_store]") {
    DamagedStore store;
    overwrite(store.meta2(), "{\"format\": 1, \"name\": \"ba");
    store.check_fell_back("is not valid JSON");
}

TEST_CASE("missing meta.json is reported", "[function_store]") {
    DamagedStore store;
    fs::remove(store.meta2());
    store.check_fell_back("No such file or directory");
}

TEST_CASE("meta.json with a missing or wrong key is reported", "[function_store]") {
    DamagedStore store;
    nlohmann::json meta = to_meta_json(store.bad2);
    SECTION("missing key") {
        meta.erase("sha256");
        overwrite(store.meta2(), meta.dump());
        store.check_fell_back("sha256: missing");
    }
    SECTION("another function's meta") {
        meta["version"] = 7;
        overwrite(store.meta2(), meta.dump());
        store.check_fell_back("describes bad version 7, not bad version 2");
    }
    SECTION("a host function this daemon does not offer") {
        meta["config"]["host_functions"] = {"net"};
        overwrite(store.meta2(), meta.dump());
        store.check_fell_back("config.host_functions: 'net' is not one of");
    }
    SECTION("an unknown key") {
        meta["extra"] = true;
        overwrite(store.meta2(), meta.dump());
        store.check_fell_back("extra: unknown key");
    }
}

TEST_CASE("a truncated binary is reported", "[function_store]") {
    DamagedStore store;
    overwrite(store.bad2.binary_path, "bad bin");
    store.check_fell_back("has 7 bytes, meta.json says 14");
}

TEST_CASE("a binary with the right size but other bytes is reported", "[function_store]") {
    DamagedStore store;
    overwrite(store.bad2.binary_path, "BAD BINARY TWO");
    store.check_fell_back("has sha256 ");
}

TEST_CASE("a missing binary is reported", "[function_store]") {
    DamagedStore store;
    fs::remove(store.bad2.binary_path);
    store.check_fell_back("No such file or directory");
}

TEST_CASE("a function with no good version is left out, and its numbers are not reused",
          "[function_store]") {
    DamagedStore store;
    fs::remove(version_dir(store.dir.path(), "bad", 1) / "meta.json");
    fs::remove(store.meta2());
    FunctionStore reopened(store.dir.path(), host_functions);
    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = reopened.load_all(problems);
    REQUIRE(functions.size() == 1);
    CHECK(functions[0] == store.good);
    CHECK(problems.size() == 2);
    CHECK(reopened.put("bad", bytes_of("fixed"), {}).version == 3);
}

TEST_CASE("leftovers of interrupted uploads and deletes are removed and reported",
          "[function_store]") {
    DamagedStore store;
    fs::path staging = store.dir.path() / "tmp" / "bad.Ab12Cd";
    fs::create_directories(staging);
    overwrite(staging / "binary.elf", "half an upl");
    overwrite(store.dir.path() / "tmp" / "stray-file", "x");
    fs::path tombstone = store.dir.path() / "trash" / "gone.Zz9Yy8";
    fs::create_directories(tombstone / "1");
    // A crash between creating functions/NAME and the first commit.
    fs::create_directories(store.dir.path() / "functions" / "never");

    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.restart(problems);
    CHECK(functions.size() == 2);
    CHECK(problems.size() == 4);
    CHECK(reported(problems, staging.string() + ": removed (an interrupted upload)"));
    CHECK(reported(problems, "stray-file: removed (an interrupted upload)"));
    CHECK(reported(problems, tombstone.string() + ": removed (an interrupted delete or prune)"));
    CHECK(reported(problems, "never: removed (no version was ever committed)"));
    CHECK(fs::is_empty(store.dir.path() / "tmp"));
    CHECK(fs::is_empty(store.dir.path() / "trash"));
    CHECK_FALSE(fs::exists(store.dir.path() / "functions" / "never"));

    problems.clear();
    store.restart(problems);
    CHECK(problems.empty());  // cleaned up for good
}

TEST_CASE("entries the store did not write are reported and left alone", "[function_store]") {
    DamagedStore store;
    fs::path functions_dir = store.dir.path() / "functions";
    overwrite(functions_dir / "README", "hello");
    fs::create_directories(functions_dir / "Not-A-Name");
    fs::create_directories(functions_dir / "good" / "02");
    overwrite(functions_dir / "good" / "3", "a file, not a directory");

    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.restart(problems);
    CHECK(functions.size() == 2);
    CHECK(problems.size() == 4);
    CHECK(reported(problems, "README: not a function directory, ignored"));
    CHECK(reported(problems, "Not-A-Name: not a function directory, ignored"));
    CHECK(reported(problems, "good/02: not a version directory, ignored"));
    CHECK(reported(problems, "good/3: not a version directory, ignored"));
    CHECK(fs::exists(functions_dir / "README"));
}
