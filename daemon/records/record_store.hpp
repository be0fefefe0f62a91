// The invocation records emberd keeps, in memory, bounded by count and by
// bytes: when a new record would pass either bound, the oldest records are
// evicted first — except those of async calls not yet ended, which hold the
// only place their result can go (their number is bounded by the async
// queues). An evicted record is simply gone: GET answers 404.
//
// Thread-safe: calls end on executor threads while the API reads on I/O
// threads. Readers get copies, so no record changes under them.
#pragma once

#include <cstddef>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "daemon/records/invocation_record.hpp"

namespace ember::daemon {

struct RecordLimits {
    std::size_t max_records = 10'000;
    std::size_t max_bytes = 64ull << 20;
};

struct RecordStoreStats {
    std::size_t records = 0;
    std::size_t bytes = 0;
    uint64_t evicted = 0;
};

class RecordStore {
  public:
    explicit RecordStore(RecordLimits limits);

    // Adds a record, as the newest, evicting the oldest ended ones while a
    // bound is passed. A record whose id is already stored replaces it.
    void put(InvocationRecord record);
    // Changes a stored record in place; false when it is gone.
    bool update(const InvocationId& id, const std::function<void(InvocationRecord&)>& change);

    std::optional<InvocationRecord> find(std::string_view id) const;
    // The function's newest records, newest first, at most `limit`.
    std::vector<InvocationRecord> newest(std::string_view function, std::size_t limit) const;

    RecordStoreStats stats() const;

  private:
    struct Entry {
        InvocationRecord record;
        std::size_t bytes;
    };
    using Order = std::list<Entry>;  // oldest first

    void evict_locked();
    void erase_locked(Order::iterator entry);

    const RecordLimits limits_;
    mutable std::mutex mutex_;
    Order order_;
    std::unordered_map<std::string_view, Order::iterator> by_id_;  // views into order_'s ids
    std::size_t bytes_ = 0;
    uint64_t evicted_ = 0;
};

}  // namespace ember::daemon
