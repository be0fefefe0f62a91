// KvStore: the durable key-value store the host functions kv_get, kv_set,
// kv_delete and kv_list will be built on, whatever the backend.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "kv/kv_status.hpp"

namespace ember::kv {

// Keys, values and namespaces are byte strings held in std::string: any
// byte, NUL included, is allowed.
struct KvValue {
    KvStatus status = KvStatus::ok;
    std::string value;  // empty unless status is ok
};

struct KvPage {
    KvStatus status = KvStatus::ok;
    std::vector<std::string> keys;  // in byte order
    // Pass as `after` to get the next page; empty when this page is the last.
    std::string next;
};

// The contract every backend keeps:
//   - a namespace is a separate key space: the same key in two namespaces
//     is two keys. The host chooses it (a function's name, or the shared
//     store its config names); it is never the guest's;
//   - set() and remove() are durable when they return ok: a crash of this
//     process or of the machine after that loses nothing;
//   - a get() or list() that starts after a set() or remove() returned
//     sees it;
//   - every call validates its arguments against KvLimits first and fails
//     with a status, never an exception; a failure of the backend is
//     `unavailable`;
//   - every member may be called from several threads at once.
// Opening a store (the backend's constructor) throws KvError when it cannot.
class KvStore {
  public:
    virtual ~KvStore() = default;

    // ok and the value, or not_found.
    virtual KvValue get(std::string_view ns, std::string_view key) = 0;
    // Creates or replaces the key's value.
    virtual KvStatus set(std::string_view ns, std::string_view key, std::string_view value) = 0;
    // ok, or not_found when there was no such key.
    virtual KvStatus remove(std::string_view ns, std::string_view key) = 0;
    // Up to `limit` keys that start with `prefix` and sort after `after`
    // (empty: from the first), in byte order.
    virtual KvPage list(std::string_view ns, std::string_view prefix, std::string_view after,
                        std::size_t limit) = 0;
};

}  // namespace ember::kv
