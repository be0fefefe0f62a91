// Decoding the kv_* arguments from guest memory and encoding their results.
#include "capabilities/kv_host_functions.hpp"

#include <ember/abi.h>

#include <algorithm>
#include <cstring>
#include <optional>
#include <string_view>

namespace ember::capabilities {

namespace {

using sandbox::HostCall;

int64_t hostcall_code(kv::KvStatus status) {
    switch (status) {
        case kv::KvStatus::ok:
            return 0;
        case kv::KvStatus::not_found:
            return EMBER_HOSTCALL_ENOTFOUND;
        case kv::KvStatus::key_too_large:
            return EMBER_HOSTCALL_EKEY;
        case kv::KvStatus::value_too_large:
            return EMBER_HOSTCALL_ETOOBIG;
        case kv::KvStatus::over_quota:
            return EMBER_HOSTCALL_EQUOTA;
        case kv::KvStatus::unavailable:
            return EMBER_HOSTCALL_EUNAVAILABLE;
        case kv::KvStatus::invalid:
            return EMBER_HOSTCALL_EINVAL;
    }
    return EMBER_HOSTCALL_EINVAL;
}

std::string_view as_text(std::span<const std::byte> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// The argument as the struct a function takes: exactly its size.
template <typename T>
std::optional<T> argument_as(const HostCall& call) {
    if (call.argument.size() != sizeof(T)) return std::nullopt;
    T value;
    std::memcpy(&value, call.argument.data(), sizeof(T));
    return value;
}

std::optional<std::string_view> guest_bytes(const HostCall& call, const ember_bytes& bytes) {
    const auto readable = call.guest.readable(bytes.gva, bytes.len);
    if (!readable) return std::nullopt;
    return as_text(*readable);
}

// An empty key is the store's `invalid`; the guest sees every bad key as
// EKEY, whatever its length.
int64_t key_code(kv::KvStatus status) {
    return status == kv::KvStatus::invalid ? EMBER_HOSTCALL_EKEY : hostcall_code(status);
}

class KvFunctions {
  public:
    KvFunctions(std::shared_ptr<kv::KvStore> store, std::string ns, std::size_t max_list_keys)
        : store_(std::move(store)), ns_(std::move(ns)), max_list_keys_(max_list_keys) {}

    int64_t get(HostCall& call) const {
        const kv::KvValue found = store_->get(ns_, as_text(call.argument));
        if (found.status != kv::KvStatus::ok) return key_code(found.status);
        // memcpy's pointers must not be null, not even for 0 bytes.
        const std::size_t n = std::min(found.value.size(), call.result.size());
        if (n > 0) std::memcpy(call.result.data(), found.value.data(), n);
        return static_cast<int64_t>(found.value.size());
    }

    int64_t set(HostCall& call) const {
        const auto argument = argument_as<ember_kv_set>(call);
        if (!argument) return EMBER_HOSTCALL_EFAULT;
        const auto key = guest_bytes(call, argument->key);
        const auto value = guest_bytes(call, argument->value);
        if (!key || !value) return EMBER_HOSTCALL_EFAULT;
        return key_code(store_->set(ns_, *key, *value));
    }

    int64_t remove(HostCall& call) const {
        return key_code(store_->remove(ns_, as_text(call.argument)));
    }

    int64_t list(HostCall& call) const {
        const auto argument = argument_as<ember_kv_list>(call);
        if (!argument) return EMBER_HOSTCALL_EFAULT;
        const auto prefix = guest_bytes(call, argument->prefix);
        const auto after = guest_bytes(call, argument->after);
        if (!prefix || !after) return EMBER_HOSTCALL_EFAULT;
        if (argument->limit == 0) return EMBER_HOSTCALL_EINVAL;
        const std::size_t limit = std::min<uint64_t>(argument->limit, max_list_keys_);
        const kv::KvPage page = store_->list(ns_, *prefix, *after, limit);
        if (page.status != kv::KvStatus::ok) return hostcall_code(page.status);
        return write_page(call.result, page);
    }

  private:
    static int64_t write_page(std::span<std::byte> result, const kv::KvPage& page) {
        if (result.size() < sizeof(ember_kv_page)) return EMBER_HOSTCALL_ERANGE;
        ember_kv_page header{0, page.next.empty() ? 0u : 1u};
        std::size_t used = sizeof header;
        for (const std::string& key : page.keys) {
            const auto length = static_cast<uint32_t>(key.size());
            if (result.size() - used < sizeof length + key.size()) {
                header.more = 1;
                break;
            }
            std::memcpy(result.data() + used, &length, sizeof length);
            std::memcpy(result.data() + used + sizeof length, key.data(), key.size());
            used += sizeof length + key.size();
            ++header.count;
        }
        if (header.count == 0 && !page.keys.empty()) return EMBER_HOSTCALL_ERANGE;
        std::memcpy(result.data(), &header, sizeof header);
        return static_cast<int64_t>(used);
    }

    std::shared_ptr<kv::KvStore> store_;
    std::string ns_;
    std::size_t max_list_keys_;
};

}  // namespace

void add_kv_host_functions(sandbox::HostFunctions& table, std::shared_ptr<kv::KvStore> store,
                           std::string ns, const kv::KvLimits& limits) {
    auto functions =
        std::make_shared<const KvFunctions>(std::move(store), std::move(ns), limits.max_list_keys);
    table.add("kv_get", [functions](HostCall& call) { return functions->get(call); });
    table.add("kv_set", [functions](HostCall& call) { return functions->set(call); });
    table.add("kv_delete", [functions](HostCall& call) { return functions->remove(call); });
    table.add("kv_list", [functions](HostCall& call) { return functions->list(call); });
}

}  // namespace ember::capabilities
