// The functions the host offers to guests, by name. A sandbox calls only the
// ones in its allow-list; the rest are refused and end the call.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/call_timer.hpp"
#include "sandbox/guest_log.hpp"
#include "sandbox/guest_view.hpp"

namespace ember::sandbox {

// What a host function gets: the guest's argument bytes and its result
// buffer (both already bounds-checked), and the call's log.
struct HostCall {
    std::span<const std::byte> argument;
    std::span<std::byte> result;
    GuestLog& log;
    // For arguments that point at more guest memory (struct ember_bytes).
    GuestView guest = {};
    // The call's deadline. A host function that waits (on a database, the
    // network) gives up by then: the time it takes counts against the call,
    // which ends as timed out when the guest is entered past its deadline.
    Deadline deadline = Deadline::max();
};

// Returns the number of result bytes written, or a negative EMBER_HOSTCALL_E*
// code. Runs on the vCPU thread while the guest waits: it must be quick, or
// bounded by the call's deadline.
using HostFunction = std::function<int64_t(HostCall&)>;

class HostFunctions {
  public:
    // log (the argument is one line), clock (8 bytes: nanoseconds since the
    // Unix epoch), random (fills the result buffer).
    static const HostFunctions& builtin();

    void add(std::string name, HostFunction function);
    const HostFunction* find(std::string_view name) const;
    std::vector<std::string> names() const;

  private:
    std::map<std::string, HostFunction, std::less<>> functions_;
};

// What a function may call when its config does not say: every built-in,
// in the order a function's description lists them.
inline std::vector<std::string> default_host_functions() {
    return {"log", "clock", "random"};
}

}  // namespace ember::sandbox
