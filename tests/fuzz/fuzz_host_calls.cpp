// The host's decoding of host-call arguments from guest memory: kv_get,
// kv_set, kv_delete, kv_list and config_get (capabilities/) on arbitrary
// argument bytes, pointing into 16 pages of arbitrary guest memory with
// arbitrary ring-3 rights, with a result buffer of arbitrary size. Beyond
// not crashing (ASan sees any read outside guest memory): every result is a
// length or a known error code; a pointer into memory ring 3 may not read is
// EFAULT; a write that succeeds reads back; and a kv_list page is well
// formed, sorted, within the prefix and no longer than what was returned.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include <ember/abi.h>

#include "capabilities/config_host_function.hpp"
#include "capabilities/kv_host_functions.hpp"
#include "fuzz_check.hpp"
#include "fuzz_input.hpp"
#include "kv/key_range.hpp"
#include "kv/kv_limits.hpp"
#include "sandbox/page_rights.hpp"

namespace {

using namespace ember;
using ember::fuzz::check;
using ember::fuzz::Input;

constexpr std::size_t pages = 16;
constexpr std::size_t memory_size = pages * EMBER_PAGE_SIZE;

// A store in memory that keeps KvStore's contract for one process: the
// target is the decoding, not a database.
class MapStore final : public kv::KvStore {
  public:
    explicit MapStore(kv::KvLimits limits) : limits_(limits) {}

    kv::KvValue get(std::string_view ns, std::string_view key) override {
        if (auto s = kv::check_key(limits_, key); s != kv::KvStatus::ok) return {s, {}};
        const auto found = keys_.find(full(ns, key));
        if (found == keys_.end()) return {kv::KvStatus::not_found, {}};
        return {kv::KvStatus::ok, found->second};
    }
    kv::KvStatus set(std::string_view ns, std::string_view key, std::string_view value) override {
        if (auto s = kv::check_key(limits_, key); s != kv::KvStatus::ok) return s;
        if (auto s = kv::check_value(limits_, value); s != kv::KvStatus::ok) return s;
        keys_[full(ns, key)] = std::string(value);
        return kv::KvStatus::ok;
    }
    kv::KvStatus remove(std::string_view ns, std::string_view key) override {
        if (auto s = kv::check_key(limits_, key); s != kv::KvStatus::ok) return s;
        return keys_.erase(full(ns, key)) ? kv::KvStatus::ok : kv::KvStatus::not_found;
    }
    kv::KvPage list(std::string_view ns, std::string_view prefix, std::string_view after,
                    std::size_t limit) override {
        if (auto s = kv::check_list(limits_, prefix, after, limit); s != kv::KvStatus::ok)
            return {s, {}, {}};
        kv::KvPage page;
        const std::string start = full(ns, std::max(std::string(prefix), std::string(after)));
        for (auto it = keys_.lower_bound(start); it != keys_.end(); ++it) {
            if (!it->first.starts_with(full(ns, prefix))) break;
            const std::string key = it->first.substr(ns.size() + 1);
            if (key <= after && !after.empty()) continue;
            if (page.keys.size() == limit) {
                page.next = page.keys.back();
                break;
            }
            page.keys.push_back(key);
        }
        return page;
    }

  private:
    static std::string full(std::string_view ns, std::string_view key) {
        return std::string(ns) + '\0' + std::string(key);
    }
    kv::KvLimits limits_;
    std::map<std::string, std::string> keys_;
};

const std::set<int64_t> known_codes = {EMBER_HOSTCALL_EINVAL, EMBER_HOSTCALL_ERANGE,
                                       EMBER_HOSTCALL_EFAULT, EMBER_HOSTCALL_ENOTFOUND,
                                       EMBER_HOSTCALL_EKEY,   EMBER_HOSTCALL_ETOOBIG,
                                       EMBER_HOSTCALL_EQUOTA, EMBER_HOSTCALL_EUNAVAILABLE};

void check_page(std::span<const std::byte> result, int64_t written,
                std::optional<std::string_view> prefix) {
    check(written >= static_cast<int64_t>(sizeof(ember_kv_page)) &&
              static_cast<uint64_t>(written) <= result.size(),
          "a kv_list page fits what the guest gave");
    ember_kv_page header;
    std::memcpy(&header, result.data(), sizeof header);
    check(header.more <= 1, "more is 0 or 1");
    std::size_t at = sizeof header;
    std::string previous;
    for (uint32_t i = 0; i < header.count; ++i) {
        uint32_t length = 0;
        check(static_cast<std::size_t>(written) - at >= sizeof length, "a key's length is inside");
        std::memcpy(&length, result.data() + at, sizeof length);
        at += sizeof length;
        check(static_cast<std::size_t>(written) - at >= length, "a key is inside");
        const std::string key(reinterpret_cast<const char*>(result.data()) + at, length);
        at += length;
        check(i == 0 || previous < key, "keys come in byte order, each once");
        if (prefix) check(key.starts_with(*prefix), "every key starts with the prefix");
        previous = key;
    }
    check(at == static_cast<std::size_t>(written), "the page is exactly what was returned");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    Input in{data, size, memory_size};
    kv::KvLimits limits;
    limits.max_key_bytes = 64;
    limits.max_value_bytes = 256;
    limits.max_list_keys = 8;

    // The memory, and which of its pages ring 3 may read.
    std::vector<std::byte> bytes(memory_size);
    const sandbox::GuestMemory memory(bytes);
    sandbox::PageRights rights(memory_size);
    const uint64_t readable = in.number(2);
    for (std::size_t page = 0; page < pages; ++page) {
        if (readable & (1u << page))
            rights.grant(page * EMBER_PAGE_SIZE, (page + 1) * EMBER_PAGE_SIZE, false);
    }
    const std::size_t fill = std::min<std::size_t>(in.number(2), memory_size);
    for (std::size_t i = 0; i < fill && in.size > 0; ++i)
        bytes[i] = std::byte{static_cast<uint8_t>(in.number(1))};
    const sandbox::GuestView guest(memory, rights);

    auto store = std::make_shared<MapStore>(limits);
    sandbox::HostFunctions table;
    capabilities::add_kv_host_functions(table, store, "fn:fuzz", limits);
    const std::map<std::string, std::string> settings = {{"A", "value"},
                                                         {"B", std::string(300, 'b')}};
    capabilities::add_config_host_function(table, settings);
    const char* names[] = {"kv_get", "kv_set", "kv_delete", "kv_list", "config_get"};
    sandbox::GuestLog log;

    while (in.size > 0) {
        const char* name = names[in.number(1) % std::size(names)];
        // The top-level argument: what Machine::host_call already bounded.
        const auto taken = in.bytes(in.number(1));
        const std::vector<std::byte> argument(taken.begin(), taken.end());
        std::vector<std::byte> result(in.number(2) % 2048);
        sandbox::HostCall call{argument, result, log, guest};
        const int64_t code = (*table.find(name))(call);
        check(code >= 0 || known_codes.contains(code), "a result is a length or a known code");

        const std::string_view function(name);
        if (function == "kv_set" || function == "kv_list") {
            const std::size_t wanted =
                function == "kv_set" ? sizeof(ember_kv_set) : sizeof(ember_kv_list);
            if (argument.size() != wanted) {
                check(code == EMBER_HOSTCALL_EFAULT, "a wrong-sized argument is EFAULT");
                continue;
            }
            ember_bytes first, second;
            std::memcpy(&first, argument.data(), sizeof first);
            std::memcpy(&second, argument.data() + sizeof first, sizeof second);
            const auto a = guest.readable(first.gva, first.len);
            const auto b = guest.readable(second.gva, second.len);
            if (!a || !b) {
                check(code == EMBER_HOSTCALL_EFAULT, "unreadable memory is EFAULT");
                continue;
            }
            check(code != EMBER_HOSTCALL_EFAULT, "readable memory is not EFAULT");
            const std::string_view first_text(reinterpret_cast<const char*>(a->data()), a->size());
            if (function == "kv_set" && code == 0) {
                const kv::KvValue stored = store->get("fn:fuzz", first_text);
                check(stored.status == kv::KvStatus::ok &&
                          stored.value ==
                              std::string_view(reinterpret_cast<const char*>(b->data()), b->size()),
                      "a write that succeeded reads back");
            }
            if (function == "kv_list" && code >= 0) check_page(result, code, first_text);
        }
        if ((function == "kv_get" || function == "config_get") && code >= 0) {
            const std::string key(reinterpret_cast<const char*>(argument.data()), argument.size());
            const std::string value =
                function == "kv_get" ? store->get("fn:fuzz", key).value : settings.at(key);
            check(static_cast<std::size_t>(code) == value.size(), "the whole length is returned");
            const std::size_t copied = std::min(value.size(), result.size());
            check(copied == 0 || std::memcmp(result.data(), value.data(), copied) == 0,
                  "what fits of the value is copied");
        }
    }
    return 0;
}
