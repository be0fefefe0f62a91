// Helpers for the pool tests: catching acquire() outcomes and waiting, with
// generous bounds, for what the maintenance thread does in the background.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>

#include "fake_instance.hpp"
#include "pool/pool.hpp"
#include "tests/eventually.hpp"

namespace ember::test {

using namespace std::chrono_literals;

// Generous: only a broken pool, never a slow machine, should hit it.
constexpr auto patience = 5s;

inline sandbox::Deadline far_deadline() {
    return std::chrono::steady_clock::now() + 60s;
}

// Receives one acquire() outcome, on whatever thread delivers it.
class Outcome {
  public:
    pool::AcquireCallback callback() {
        return [this](pool::Acquired acquired) {
            std::lock_guard lock(mutex_);
            thread_ = std::this_thread::get_id();
            at_ = std::chrono::steady_clock::now();
            acquired_.emplace(std::move(acquired));
            arrived_.notify_all();
        };
    }

    bool arrived() const {
        std::lock_guard lock(mutex_);
        return acquired_.has_value();
    }

    // The outcome, waiting for it if need be; fails the test if none comes.
    pool::Acquired& get() {
        std::unique_lock lock(mutex_);
        if (!arrived_.wait_for(lock, patience, [this] { return acquired_.has_value(); }))
            FAIL("no acquire() outcome within " << patience.count() << " s");
        return *acquired_;
    }

    pool::Lease& lease() {
        pool::Acquired& acquired = get();
        REQUIRE(acquired.ok());
        return acquired.lease();
    }

    std::thread::id thread() const {
        std::lock_guard lock(mutex_);
        return thread_;
    }

    std::chrono::steady_clock::time_point arrived_at() const {
        std::lock_guard lock(mutex_);
        return at_;
    }

  private:
    mutable std::mutex mutex_;
    std::condition_variable arrived_;
    std::optional<pool::Acquired> acquired_;
    std::thread::id thread_;
    std::chrono::steady_clock::time_point at_;
};

// Polls `condition` until it holds or the pool tests' `patience` runs out.
inline bool eventually(const std::function<bool()>& condition) {
    return eventually(condition, patience);
}

inline pool::PoolConfig config(std::size_t min, std::size_t max, std::size_t max_queue = 0,
                               std::chrono::milliseconds idle = 60s) {
    return pool::PoolConfig{.min = min, .max = max, .max_queue = max_queue, .idle = idle};
}

}  // namespace ember::test
