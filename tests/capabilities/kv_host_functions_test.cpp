#include "capabilities/kv_host_functions.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <set>
#include <string>
#include <vector>

#include "kv/sqlite_kv_store.hpp"
#include "tests/scratch_dir.hpp"

using namespace ember;
using ember::daemon::test::ScratchDir;

namespace {

constexpr uint64_t page = EMBER_PAGE_SIZE;

// Guest memory of four pages, the first of which ring 3 may not read (as
// the host's own structures), with the kv functions of one namespace; the
// test places argument bytes in the readable pages as a guest would.
class KvGuest {
  public:
    KvGuest(std::shared_ptr<kv::KvStore> store, std::string ns, kv::KvLimits limits = {})
        : bytes_(4 * page), memory_(bytes_), rights_(4 * page) {
        rights_.grant(page, 4 * page, true);
        capabilities::add_kv_host_functions(table_, std::move(store), std::move(ns), limits);
    }

    // Copies `text` into readable guest memory; returns where it is.
    ember_bytes place(std::string_view text) {
        REQUIRE(next_ + text.size() <= bytes_.size());
        std::memcpy(bytes_.data() + next_, text.data(), text.size());
        const ember_bytes placed{next_, text.size()};
        next_ += text.size();
        return placed;
    }

    int64_t call(const char* name, std::span<const std::byte> argument,
                 std::span<std::byte> result = {}) {
        const sandbox::HostFunction* function = table_.find(name);
        REQUIRE(function != nullptr);
        sandbox::HostCall call{argument, result, log_, sandbox::GuestView(memory_, rights_)};
        return (*function)(call);
    }

    template <typename T>
    int64_t call_with(const char* name, const T& argument, std::span<std::byte> result = {}) {
        return call(name, std::as_bytes(std::span(&argument, 1)), result);
    }

    int64_t set(std::string_view key, std::string_view value) {
        return call_with("kv_set", ember_kv_set{place(key), place(value)});
    }

    // The value, or the error code as text.
    std::string get(std::string_view key, std::size_t cap = 256) {
        std::vector<std::byte> result(cap);
        const int64_t n = call("kv_get", std::as_bytes(std::span(key)), result);
        if (n < 0) return "error " + std::to_string(n);
        const auto written = std::min<std::size_t>(static_cast<std::size_t>(n), cap);
        return std::string(reinterpret_cast<const char*>(result.data()), written);
    }

    int64_t remove(std::string_view key) {
        return call("kv_delete", std::as_bytes(std::span(key)));
    }

    struct Page {
        int64_t code = 0;
        std::vector<std::string> keys;
        bool more = false;
    };
    Page list(std::string_view prefix, std::string_view after, uint64_t limit,
              std::size_t cap = 4096) {
        std::vector<std::byte> result(cap);
        Page out;
        out.code = call_with("kv_list", ember_kv_list{place(prefix), place(after), limit}, result);
        if (out.code < 0) return out;
        ember_kv_page header{};
        std::memcpy(&header, result.data(), sizeof header);
        out.more = header.more != 0;
        std::size_t at = sizeof header;
        for (uint32_t i = 0; i < header.count; ++i) {
            uint32_t length = 0;
            std::memcpy(&length, result.data() + at, sizeof length);
            out.keys.emplace_back(reinterpret_cast<const char*>(result.data()) + at + sizeof length,
                                  length);
            at += sizeof length + length;
        }
        CHECK(at == static_cast<std::size_t>(out.code));
        return out;
    }

  private:
    std::vector<std::byte> bytes_;
    sandbox::GuestMemory memory_;
    sandbox::PageRights rights_;
    sandbox::GuestLog log_;
    sandbox::HostFunctions table_;
    uint64_t next_ = page;
};

// A store that answers every call with one status: the guest must be able
// to tell each apart.
class StatusStore final : public kv::KvStore {
  public:
    explicit StatusStore(kv::KvStatus status) : status_(status) {}
    kv::KvValue get(std::string_view, std::string_view) override { return {status_, {}}; }
    kv::KvStatus set(std::string_view, std::string_view, std::string_view) override {
        return status_;
    }
    kv::KvStatus remove(std::string_view, std::string_view) override { return status_; }
    kv::KvPage list(std::string_view, std::string_view, std::string_view, std::size_t) override {
        return {status_, {}, {}};
    }

  private:
    kv::KvStatus status_;
};

}  // namespace

TEST_CASE("kv_set and kv_get round-trip any bytes, and kv_get reports the whole length",
          "[kv_host_functions]") {
    ScratchDir dir;
    KvGuest guest(std::make_shared<kv::SqliteKvStore>(dir.path()), "fn:visits");
    const std::string key("k\0ey", 4);
    const std::string value("v\0alue\xff", 7);
    CHECK(guest.set(key, value) == 0);
    CHECK(guest.get(key) == value);
    CHECK(guest.set(key, "") == 0);
    CHECK(guest.get(key).empty());

    // A buffer smaller than the value gets its start, and the length says
    // how big a buffer the guest needs.
    REQUIRE(guest.set("long", std::string(100, 'x')) == 0);
    std::array<std::byte, 10> small{};
    CHECK(guest.call("kv_get", std::as_bytes(std::span(std::string_view("long"))), small) == 100);
    CHECK(std::to_integer<char>(small[9]) == 'x');
}

TEST_CASE("kv_delete removes a key, and a missing key is ENOTFOUND", "[kv_host_functions]") {
    ScratchDir dir;
    KvGuest guest(std::make_shared<kv::SqliteKvStore>(dir.path()), "fn:visits");
    CHECK(guest.get("absent") == "error " + std::to_string(EMBER_HOSTCALL_ENOTFOUND));
    CHECK(guest.remove("absent") == EMBER_HOSTCALL_ENOTFOUND);
    REQUIRE(guest.set("present", "1") == 0);
    CHECK(guest.remove("present") == 0);
    CHECK(guest.remove("present") == EMBER_HOSTCALL_ENOTFOUND);
    CHECK(guest.get("present") == "error " + std::to_string(EMBER_HOSTCALL_ENOTFOUND));
}

TEST_CASE("keys and values over the limits, and a full namespace, have their own codes",
          "[kv_host_functions]") {
    ScratchDir dir;
    kv::KvLimits limits;
    limits.max_key_bytes = 8;
    limits.max_value_bytes = 16;
    limits.namespace_quota_bytes = 40;
    KvGuest guest(std::make_shared<kv::SqliteKvStore>(dir.path(), limits), "fn:small", limits);
    CHECK(guest.set("", "v") == EMBER_HOSTCALL_EKEY);
    CHECK(guest.get("") == "error " + std::to_string(EMBER_HOSTCALL_EKEY));
    CHECK(guest.set("123456789", "v") == EMBER_HOSTCALL_EKEY);
    CHECK(guest.remove("123456789") == EMBER_HOSTCALL_EKEY);
    CHECK(guest.set("key", std::string(17, 'v')) == EMBER_HOSTCALL_ETOOBIG);
    CHECK(guest.set("a", std::string(16, 'v')) == 0);
    CHECK(guest.set("b", std::string(16, 'v')) == 0);
    CHECK(guest.set("c", std::string(16, 'v')) == EMBER_HOSTCALL_EQUOTA);
    // What was refused was not written.
    CHECK(guest.get("c") == "error " + std::to_string(EMBER_HOSTCALL_ENOTFOUND));
}

TEST_CASE("every store status reaches the guest as a distinct code", "[kv_host_functions]") {
    std::set<int64_t> codes;
    for (const kv::KvStatus status :
         {kv::KvStatus::not_found, kv::KvStatus::key_too_large, kv::KvStatus::value_too_large,
          kv::KvStatus::over_quota, kv::KvStatus::unavailable}) {
        KvGuest guest(std::make_shared<StatusStore>(status), "fn:any");
        const int64_t code = guest.set("k", "v");
        CHECK(code < 0);
        codes.insert(code);
    }
    CHECK(codes == std::set<int64_t>{EMBER_HOSTCALL_ENOTFOUND, EMBER_HOSTCALL_EKEY,
                                     EMBER_HOSTCALL_ETOOBIG, EMBER_HOSTCALL_EQUOTA,
                                     EMBER_HOSTCALL_EUNAVAILABLE});
    KvGuest down(std::make_shared<StatusStore>(kv::KvStatus::unavailable), "fn:any");
    CHECK(down.get("k") == "error " + std::to_string(EMBER_HOSTCALL_EUNAVAILABLE));
    CHECK(down.list("", "", 10).code == EMBER_HOSTCALL_EUNAVAILABLE);
}

TEST_CASE("an argument that points where the guest may not read is EFAULT, and stores nothing",
          "[kv_host_functions]") {
    ScratchDir dir;
    KvGuest guest(std::make_shared<kv::SqliteKvStore>(dir.path()), "fn:visits");
    const ember_bytes hidden{0, 4};
    const ember_bytes wrapping{~0ull - 1, 4};
    const ember_bytes past_the_end{4 * page - 2, 4};
    const ember_bytes key = guest.place("key");
    for (const ember_bytes bad : {hidden, wrapping, past_the_end}) {
        CHECK(guest.call_with("kv_set", ember_kv_set{bad, key}) == EMBER_HOSTCALL_EFAULT);
        CHECK(guest.call_with("kv_set", ember_kv_set{key, bad}) == EMBER_HOSTCALL_EFAULT);
        CHECK(guest.call_with("kv_list", ember_kv_list{bad, key, 1}) == EMBER_HOSTCALL_EFAULT);
    }
    // An argument that is not the struct the function takes.
    const std::array<std::byte, 8> short_argument{};
    CHECK(guest.call("kv_set", short_argument) == EMBER_HOSTCALL_EFAULT);
    CHECK(guest.call("kv_list", short_argument) == EMBER_HOSTCALL_EFAULT);
    CHECK(guest.get("key") == "error " + std::to_string(EMBER_HOSTCALL_ENOTFOUND));
}

TEST_CASE("namespaces keep functions apart, and a shared one joins them", "[kv_host_functions]") {
    ScratchDir dir;
    auto store = std::make_shared<kv::SqliteKvStore>(dir.path());
    KvGuest first(store, "fn:first");
    KvGuest second(store, "fn:second");
    KvGuest shared_a(store, "store:sessions");
    KvGuest shared_b(store, "store:sessions");
    REQUIRE(first.set("k", "first") == 0);
    REQUIRE(shared_a.set("k", "shared") == 0);
    CHECK(second.get("k") == "error " + std::to_string(EMBER_HOSTCALL_ENOTFOUND));
    CHECK(first.get("k") == "first");
    CHECK(shared_b.get("k") == "shared");
}

TEST_CASE("kv_list pages through keys in byte order, as many as fit", "[kv_host_functions]") {
    ScratchDir dir;
    KvGuest guest(std::make_shared<kv::SqliteKvStore>(dir.path()), "fn:list");
    for (const char* key : {"user:b", "user:a", "user:\xff", "user:c", "other"})
        REQUIRE(guest.set(key, "v") == 0);

    const auto all = guest.list("user:", "", 10);
    CHECK(all.keys == std::vector<std::string>{"user:a", "user:b", "user:c", "user:\xff"});
    CHECK_FALSE(all.more);

    // By the limit: the last key of a page is where the next one starts.
    const auto first = guest.list("user:", "", 2);
    CHECK(first.keys == std::vector<std::string>{"user:a", "user:b"});
    CHECK(first.more);
    const auto second = guest.list("user:", first.keys.back(), 2);
    CHECK(second.keys == std::vector<std::string>{"user:c", "user:\xff"});
    CHECK_FALSE(second.more);

    // By the buffer: the header and two keys of 6 bytes fit in 28 bytes.
    const auto fitted = guest.list("user:", "", 10, 28);
    CHECK(fitted.keys == std::vector<std::string>{"user:a", "user:b"});
    CHECK(fitted.more);
    CHECK(guest.list("user:", "", 10, 12).code == EMBER_HOSTCALL_ERANGE);
    CHECK(guest.list("user:", "", 10, 4).code == EMBER_HOSTCALL_ERANGE);
    CHECK(guest.list("user:", "", 0).code == EMBER_HOSTCALL_EINVAL);

    const auto none = guest.list("nobody:", "", 10, 8);
    CHECK(none.code == static_cast<int64_t>(sizeof(ember_kv_page)));
    CHECK(none.keys.empty());
    CHECK_FALSE(none.more);
}
