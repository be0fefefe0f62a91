// The guest memory that every pool of the daemon may hold at once
// (max_guest_memory_mb): a pool reserves an instance's memory before it makes
// the instance and gives it back when it gives the instance up, so the sum
// over all pools never exceeds the limit.
//
// What a pool holds (pool_core.hpp keeps it): memory for its `min` instances
// from construction to shutdown, and for each instance above `min` while
// that exists; after shutdown, for the instances leases still hold. So a new
// pool is refused outright when its `min` does not fit, and a warm pool's
// refills never fail for lack of memory.
//
// Thread-safe and lock-free: a pool calls it with its own lock held.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

namespace ember::pool {

class MemoryBudget {
  public:
    explicit MemoryBudget(std::uint64_t limit_bytes) : limit_(limit_bytes) {}
    MemoryBudget(const MemoryBudget&) = delete;
    MemoryBudget& operator=(const MemoryBudget&) = delete;

    // Takes `bytes` out of the budget if they fit; false, and nothing taken,
    // otherwise.
    bool try_reserve(std::uint64_t bytes) noexcept;
    // Gives back bytes taken earlier.
    void release(std::uint64_t bytes) noexcept;

    std::uint64_t used() const noexcept { return used_.load(std::memory_order_relaxed); }
    std::uint64_t limit() const noexcept { return limit_; }

  private:
    const std::uint64_t limit_;
    std::atomic<std::uint64_t> used_{0};
};

// A pool whose `min` instances do not fit in the budget (Pool's constructor).
class MemoryLimitError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Memory one owner holds in a budget, in whole instances of `instance_bytes`
// each; what it still holds goes back when it is destroyed. Without a budget
// (null) every reservation succeeds. Not thread-safe: the owner guards it.
class MemoryReservation {
  public:
    MemoryReservation(std::shared_ptr<MemoryBudget> budget, std::uint64_t instance_bytes)
        : budget_(std::move(budget)), instance_bytes_(instance_bytes) {}
    ~MemoryReservation() { shrink_to(0); }
    MemoryReservation(const MemoryReservation&) = delete;
    MemoryReservation& operator=(const MemoryReservation&) = delete;

    // Makes it hold at least `instances`: true if it does (or already did),
    // false, and no change, when the budget has no room for the difference.
    bool grow_to(std::uint64_t instances) noexcept;
    // Makes it hold at most `instances`, giving the difference back.
    void shrink_to(std::uint64_t instances) noexcept;
    std::uint64_t instances() const noexcept { return instances_; }

  private:
    std::shared_ptr<MemoryBudget> budget_;
    std::uint64_t instance_bytes_;
    std::uint64_t instances_ = 0;
};

}  // namespace ember::pool
