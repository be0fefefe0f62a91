// What the pool needs of a sandbox: call it, restore it. Tests use fakes.
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string_view>

#include "sandbox/sandbox.hpp"

namespace ember::pool {

// One reusable execution environment. Used by one thread at a time: the pool
// hands an instance to exactly one Lease holder, then calls restore() on it
// when the lease is released, before anyone else may use it.
class Instance {
  public:
    virtual ~Instance() = default;

    // Guest failures are values in the result; host failures throw.
    virtual sandbox::CallResult call(std::string_view handler, std::span<const std::byte> input,
                                     sandbox::Deadline deadline) = 0;

    // Puts the instance back to its pristine state. Throwing means the
    // instance is broken: the pool destroys it instead of reusing it.
    virtual sandbox::RestoreStats restore() = 0;

    Instance(const Instance&) = delete;
    Instance& operator=(const Instance&) = delete;

  protected:
    Instance() = default;
};

// Makes a new instance, or throws. Called from the maintenance thread shared
// by all pools and from executor threads (Lease::materialize) at once: it
// must be thread-safe. Never called with the pool's lock held.
using Factory = std::function<std::unique_ptr<Instance>()>;

}  // namespace ember::pool
