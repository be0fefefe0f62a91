// The shared guest-memory budget and one owner's share of it.
#include "pool/memory_budget.hpp"

#include <limits>

namespace ember::pool {

bool MemoryBudget::try_reserve(std::uint64_t bytes) noexcept {
    std::uint64_t used = used_.load(std::memory_order_relaxed);
    do {
        if (bytes > limit_ || used > limit_ - bytes) return false;
    } while (!used_.compare_exchange_weak(used, used + bytes, std::memory_order_relaxed));
    return true;
}

void MemoryBudget::release(std::uint64_t bytes) noexcept {
    used_.fetch_sub(bytes, std::memory_order_relaxed);
}

bool MemoryReservation::grow_to(std::uint64_t instances) noexcept {
    if (instances <= instances_) return true;
    const std::uint64_t more = instances - instances_;
    if (budget_) {
        // A product that overflows cannot fit in any budget.
        if (instance_bytes_ != 0 &&
            more > std::numeric_limits<std::uint64_t>::max() / instance_bytes_)
            return false;
        if (!budget_->try_reserve(more * instance_bytes_)) return false;
    }
    instances_ = instances;
    return true;
}

void MemoryReservation::shrink_to(std::uint64_t instances) noexcept {
    if (instances >= instances_) return;
    if (budget_) budget_->release((instances_ - instances) * instance_bytes_);
    instances_ = instances;
}

}  // namespace ember::pool
