// Tests daemon/function_store against a failing disk: a full filesystem
// (ENOSPC) and a read-only one (EROFS), on a small tmpfs mounted for the test.
// Mounting needs root (CAP_SYS_ADMIN); without it the tests are skipped.
#include "daemon/store/function_store.hpp"

#include <catch2/catch.hpp>

#include "tests/daemon/store/store_fixture.hpp"
#include "tests/tmpfs_mount.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;
using ember::test::ReadOnlyBind;
using ember::test::TmpfsMount;
namespace fs = std::filesystem;

namespace {

std::vector<std::byte> big_binary(std::size_t bytes) {
    std::vector<std::byte> binary(bytes);
    for (std::size_t i = 0; i < bytes; ++i)
        binary[i] = std::byte(i * 7);
    return binary;
}

}  // namespace

TEST_CASE("a full disk fails the upload cleanly", "[function_store]") {
    auto disk = TmpfsMount::mount_or_skip(256);
    fs::path data = disk->path() / "data";
    FunctionStore store(data, host_functions);
    StoredFunction small = store.put("small", bytes_of("fits"), {});

    try {
        store.put("big", big_binary(1024 * 1024), {});
        FAIL("a 1 MiB upload fitted on a 256 KiB disk");
    } catch (const StoreError& e) {
        CHECK(e.code().value() == ENOSPC);
        CHECK_THAT(e.what(), Catch::Matchers::StartsWith("writing " + (data / "tmp").string()));
        CHECK_THAT(e.what(), Catch::Matchers::EndsWith("binary.elf: No space left on device"));
    }
    // Nothing of the failed upload is left, and the space is back.
    CHECK(fs::is_empty(data / "tmp"));
    CHECK_FALSE(fs::exists(data / "functions" / "big"));
    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.load_all(problems);
    CHECK(problems.empty());
    REQUIRE(functions.size() == 1);
    CHECK(functions[0] == small);
    CHECK(store.put("big", big_binary(64 * 1024), {}).version == 1);
}

TEST_CASE("a failed second version leaves the first one serving", "[function_store]") {
    auto disk = TmpfsMount::mount_or_skip(256);
    FunctionStore store(disk->path(), host_functions);
    StoredFunction first = store.put("echo", big_binary(16 * 1024), {});
    CHECK_THROWS_AS(store.put("echo", big_binary(1024 * 1024), {}), StoreError);
    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.load_all(problems);
    CHECK(problems.empty());
    REQUIRE(functions.size() == 1);
    CHECK(functions[0] == first);
    CHECK(store.read_binary(first) == big_binary(16 * 1024));
}

TEST_CASE("a read-only disk fails put and remove with EROFS", "[function_store]") {
    auto disk = TmpfsMount::mount_or_skip(256);
    FunctionStore store(disk->path(), host_functions);
    StoredFunction echo = store.put("echo", bytes_of("e"), {});
    ReadOnlyBind read_only(disk->path());
    REQUIRE(read_only.read_only());

    try {
        store.put("echo", bytes_of("e2"), {});
        FAIL("put on a read-only disk");
    } catch (const StoreError& e) {
        CHECK(e.code().value() == EROFS);
        CHECK_THAT(e.what(), Catch::Matchers::Contains(disk->path().string()));
    }
    CHECK_THROWS_AS(store.remove("echo"), StoreError);
    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.load_all(problems);
    REQUIRE(functions.size() == 1);
    CHECK(functions[0] == echo);
}
