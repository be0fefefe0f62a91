// Records in arrival order, with an index by id.
#include "daemon/records/record_store.hpp"

namespace ember::daemon {

RecordStore::RecordStore(RecordLimits limits) : limits_(limits) {}

void RecordStore::put(InvocationRecord record) {
    std::lock_guard lock(mutex_);
    if (const auto existing = by_id_.find(record.id.text()); existing != by_id_.end())
        erase_locked(existing->second);
    const std::size_t bytes = record.bytes();
    order_.push_back(Entry{std::move(record), bytes});
    const auto entry = std::prev(order_.end());
    by_id_.emplace(entry->record.id.text(), entry);
    bytes_ += bytes;
    evict_locked();
}

bool RecordStore::update(const InvocationId& id,
                         const std::function<void(InvocationRecord&)>& change) {
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(id.text());
    if (found == by_id_.end()) return false;
    Entry& entry = *found->second;
    change(entry.record);
    bytes_ -= entry.bytes;
    entry.bytes = entry.record.bytes();
    bytes_ += entry.bytes;
    evict_locked();
    return true;
}

std::optional<InvocationRecord> RecordStore::find(std::string_view id) const {
    std::lock_guard lock(mutex_);
    const auto found = by_id_.find(id);
    if (found == by_id_.end()) return std::nullopt;
    return found->second->record;
}

std::vector<InvocationRecord> RecordStore::newest(std::string_view function,
                                                  std::size_t limit) const {
    std::lock_guard lock(mutex_);
    std::vector<InvocationRecord> records;
    for (auto it = order_.rbegin(); it != order_.rend() && records.size() < limit; ++it) {
        if (it->record.function == function) records.push_back(it->record);
    }
    return records;
}

RecordStoreStats RecordStore::stats() const {
    std::lock_guard lock(mutex_);
    return {order_.size(), bytes_, evicted_};
}

void RecordStore::evict_locked() {
    auto candidate = order_.begin();
    // The newest record stays even when it alone passes a bound: it is the
    // one its caller is about to ask for.
    while ((order_.size() > limits_.max_records || bytes_ > limits_.max_bytes) &&
           candidate != order_.end() && std::next(candidate) != order_.end()) {
        if (!candidate->record.final()) {
            ++candidate;
            continue;
        }
        const auto next = std::next(candidate);
        erase_locked(candidate);
        ++evicted_;
        candidate = next;
    }
}

void RecordStore::erase_locked(Order::iterator entry) {
    by_id_.erase(entry->record.id.text());
    bytes_ -= entry->bytes;
    order_.erase(entry);
}

}  // namespace ember::daemon
