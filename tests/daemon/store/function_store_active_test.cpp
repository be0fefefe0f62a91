// Tests daemon/function_store's active version: set_active(), what load_all()
// serves with and without it, versions() and read().
#include <catch2/catch.hpp>

#include <functional>

#include "base/read_file.hpp"
#include "daemon/store/function_store.hpp"
#include "daemon/store/store_layout.hpp"
#include "tests/daemon/store/store_fixture.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;

namespace {

uint32_t served(FunctionStore& store, std::vector<std::string>& problems) {
    const std::vector<StoredFunction> functions = store.load_all(problems);
    REQUIRE(functions.size() == 1);
    return functions[0].version;
}

std::errc store_errc(const std::function<void()>& action) {
    try {
        action();
    } catch (const StoreError& e) {
        return std::errc(e.code().value());
    }
    FAIL("no StoreError");
    return {};
}

}  // namespace

TEST_CASE("the active version is the one load_all serves, across a restart",
          "[function_store]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        store.put("echo", bytes_of("one"), {});
        store.put("echo", bytes_of("two"), {});
        store.put("echo", bytes_of("three"), {});
        std::vector<std::string> problems;
        CHECK(served(store, problems) == 3);  // no active file: the newest
        store.set_active("echo", 1);
        CHECK(served(store, problems) == 1);
        CHECK(problems.empty());
    }
    FunctionStore store(dir.path(), host_functions);
    std::vector<std::string> problems;
    CHECK(served(store, problems) == 1);
    CHECK(problems.empty());
    CHECK(text_of(ember::read_file(dir.path() / "functions" / "echo" / "active")) ==
          "{\"newest\":3,\"version\":1}\n");
    // `active` is no version and nothing unexpected either.
    const store_layout::VersionListing listing =
        store_layout::list_versions(dir.path() / "functions" / "echo");
    CHECK(listing.versions == std::vector<uint32_t>{3, 2, 1});
    CHECK(listing.unexpected.empty());
    CHECK(store_errc([&] { store.set_active("echo", 9); }) == std::errc::no_such_file_or_directory);
    CHECK(served(store, problems) == 1);
    // A version stored after the activation is served: a deploy (or a crash
    // just after its commit) outranks an older rollback.
    store.put("echo", bytes_of("four"), {});
    CHECK(served(store, problems) == 4);
    store.set_active("echo", 2);
    CHECK(served(store, problems) == 2);
    CHECK(problems.empty());
}

TEST_CASE("an active file that names nothing servable is reported and the newest served",
          "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    store.put("echo", bytes_of("one"), {});
    store.put("echo", bytes_of("two"), {});
    const auto active = dir.path() / "functions" / "echo" / "active";

    for (const char* garbage : {"garbage", "1\n", R"({"version": 1})", R"({"version": 0, "newest": 2})",
                                R"({"version": 3, "newest": 2})",
                                R"({"version": 1, "newest": 2, "x": 1})"}) {
        INFO(garbage);
        overwrite(active, garbage);
        std::vector<std::string> problems;
        CHECK(served(store, problems) == 2);
        CHECK(reported(problems, "serving the newest version"));
    }

    overwrite(active, R"({"version": 7, "newest": 9})");
    std::vector<std::string> problems;
    CHECK(served(store, problems) == 2);
    CHECK(reported(problems, "is the active version but cannot be served"));

    store.set_active("echo", 1);
    overwrite(version_dir(dir.path(), "echo", 1) / "binary.elf", "tampered");
    problems.clear();
    CHECK(served(store, problems) == 2);
    CHECK(reported(problems, "is the active version but cannot be served"));
}

TEST_CASE("versions lists every stored version newest first, and read verifies one",
          "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    CHECK(store.versions("echo").empty());
    FunctionConfig small;
    small.memory_mb = 4;
    store.put("echo", bytes_of("one"), small);
    store.put("echo", bytes_of("two!"), {});
    store.set_active("echo", 1);

    const std::vector<StoredFunction> versions = store.versions("echo");
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].version == 2);
    CHECK(versions[0].size_bytes == 4);
    CHECK(versions[1].version == 1);
    CHECK(versions[1].config.memory_mb == 4);

    CHECK(store.read("echo", 1) == versions[1]);
    CHECK(store_errc([&] { store.read("echo", 3); }) == std::errc::no_such_file_or_directory);
    overwrite(version_dir(dir.path(), "echo", 1) / "binary.elf", "0ne");
    CHECK(store_errc([&] { store.read("echo", 1); }) == std::errc::io_error);
    // A listing reads meta.json only: the tampered binary shows when served.
    CHECK(store.versions("echo").size() == 2);
}
