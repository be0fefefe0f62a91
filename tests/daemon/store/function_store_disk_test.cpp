// Tests daemon/function_store against a failing disk: a full filesystem
// (ENOSPC) and a read-only one (EROFS), on a small tmpfs mounted for the test.
// Mounting needs root (CAP_SYS_ADMIN); without it the tests are skipped.
#include "daemon/store/function_store.hpp"

#include <sys/mount.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <memory>

#include "tests/daemon/store/store_fixture.hpp"
#include "tests/skip.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;
namespace fs = std::filesystem;

namespace {

// A tmpfs of `kib` KiB on a scratch directory, unmounted on destruction.
class TmpfsMount {
  public:
    static std::unique_ptr<TmpfsMount> mount_or_skip(std::size_t kib) {
        auto mounted = std::unique_ptr<TmpfsMount>(new TmpfsMount);
        std::string options = "size=" + std::to_string(kib) + "k";
        if (::mount("tmpfs", mounted->path().c_str(), "tmpfs", 0, options.c_str()) != 0) {
            if (errno == EPERM) {
                ember::test::skip_test("cannot mount a tmpfs for the full-disk test (not root)");
            }
            FAIL("mounting a tmpfs failed: " << std::strerror(errno));
        }
        mounted->mounted_ = true;
        return mounted;
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    ~TmpfsMount() {
        if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
    }

    const fs::path& path() const { return dir_.path(); }

  private:
    TmpfsMount() = default;
    ScratchDir dir_;
    bool mounted_ = false;
};

// Makes `dir` read-only by bind-mounting it over itself (a tmpfs remount
// would fail with EBUSY: the store holds its lock file open for writing).
class ReadOnlyBind {
  public:
    explicit ReadOnlyBind(const fs::path& dir) : dir_(dir) {
        bound_ = ::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) == 0;
        read_only_ = bound_ && ::mount(nullptr, dir.c_str(), nullptr,
                                       MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
    }
    ReadOnlyBind(const ReadOnlyBind&) = delete;
    ReadOnlyBind& operator=(const ReadOnlyBind&) = delete;
    ~ReadOnlyBind() {
        if (bound_) ::umount2(dir_.c_str(), MNT_DETACH);
    }
    bool read_only() const { return read_only_; }

  private:
    fs::path dir_;
    bool bound_ = false;
    bool read_only_ = false;
};

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
