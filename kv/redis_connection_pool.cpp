// Handing out the Redis store's connection slots.
#include "kv/redis_connection_pool.hpp"

#include <utility>

namespace ember::kv {

RedisConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), slot_(other.slot_) {}

RedisConnectionPool::Lease::~Lease() {
    if (pool_ != nullptr) pool_->release(slot_);
}

std::unique_ptr<RedisConnection>& RedisConnectionPool::Lease::connection() {
    return pool_->connections_[slot_];
}

RedisConnectionPool::RedisConnectionPool(std::size_t slots) : connections_(slots) {
    // Slot 0 on top: one caller at a time keeps using one connection.
    for (std::size_t slot = slots; slot > 0; --slot)
        free_.push_back(slot - 1);
}

std::optional<RedisConnectionPool::Lease> RedisConnectionPool::acquire(
    RedisClock::time_point deadline) {
    std::unique_lock lock(mutex_);
    if (!released_.wait_until(lock, deadline, [this] { return !free_.empty(); }))
        return std::nullopt;
    const std::size_t slot = free_.back();
    free_.pop_back();
    return Lease(*this, slot);
}

void RedisConnectionPool::release(std::size_t slot) {
    {
        const std::lock_guard lock(mutex_);
        free_.push_back(slot);
    }
    released_.notify_one();
}

}  // namespace ember::kv
