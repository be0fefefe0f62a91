// Exclusive, move-only use of one pool instance (or of a slot to make one).
#pragma once

#include <memory>

#include "pool/instance.hpp"

namespace ember::pool {

class PoolCore;

// A Lease is in one of three states:
//   holding — it owns an instance: instance() may be used;
//   reserved — a cold start: the pool reserved a slot but made nothing yet;
//              call materialize() on an executor thread (it runs the factory);
//   empty — moved from, released, or a failed materialize().
// Dropping a holding lease restores its instance on the dropping thread and
// returns it to the pool (or straight to the next waiter, whose callback
// then runs on this thread). Drop it after the reply has been sent: the
// restore is then off the latency path. Call returning() before the reply,
// so that a client calling again at once waits the few microseconds of the
// restore instead of paying for a new instance.
class Lease {
  public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    // Throws std::logic_error unless the lease holds an instance.
    Instance& instance();
    bool has_instance() const { return instance_ != nullptr; }
    // True when this acquisition had to make its instance.
    bool cold_start() const { return cold_start_; }

    // Makes the instance of a reserved lease (a no-op if it holds one).
    // If the factory throws, the slot is freed, the lease becomes empty and
    // the exception propagates. Throws std::logic_error on an empty lease.
    void materialize();

    // Tells the pool the instance is about to come back: until it does,
    // acquirers wait for it rather than make a new one. Idempotent; a no-op
    // unless the lease holds an instance.
    void returning() noexcept;
    // Restores the instance and gives it back now; the lease becomes empty.
    void release() noexcept;
    // Destroys the instance instead of reusing it (e.g. after a host error
    // left it in doubt); the slot is freed and the pool refills to `min`.
    void discard() noexcept;

  private:
    friend class PoolCore;
    Lease(std::shared_ptr<PoolCore> core, std::unique_ptr<Instance> instance, bool cold_start);

    // Keeps the pool's state alive for as long as the lease is out, so a
    // lease may outlive the Pool that gave it.
    std::shared_ptr<PoolCore> core_;
    std::unique_ptr<Instance> instance_;
    bool cold_start_ = false;
    bool returning_ = false;  // returning() was called
};

}  // namespace ember::pool
