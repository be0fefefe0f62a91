// RedisConnectionPool: a fixed number of connection slots that callers on
// several threads take one at a time.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "kv/redis_connection.hpp"

namespace ember::kv {

// A slot holds a connection or nothing (not made yet, or dropped after it
// broke): the lease's holder opens one when it needs it. acquire() hands
// out the slot released last, which is the one most likely to be connected,
// and waits (until a deadline) while every slot is leased. Thread-safe;
// the pool must outlive its leases.
class RedisConnectionPool {
  public:
    class Lease {
      public:
        Lease(Lease&& other) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();

        // The slot's connection, for its holder alone until the lease ends.
        std::unique_ptr<RedisConnection>& connection();

      private:
        friend class RedisConnectionPool;
        Lease(RedisConnectionPool& pool, std::size_t slot) : pool_(&pool), slot_(slot) {}

        RedisConnectionPool* pool_;
        std::size_t slot_;
    };

    explicit RedisConnectionPool(std::size_t slots);
    RedisConnectionPool(const RedisConnectionPool&) = delete;
    RedisConnectionPool& operator=(const RedisConnectionPool&) = delete;

    // A free slot, or none when every slot stays leased until `deadline`.
    std::optional<Lease> acquire(RedisClock::time_point deadline);

  private:
    void release(std::size_t slot);

    std::vector<std::unique_ptr<RedisConnection>> connections_;
    std::mutex mutex_;
    std::condition_variable released_;
    std::vector<std::size_t> free_;  // a stack: the last released on top
};

}  // namespace ember::kv
