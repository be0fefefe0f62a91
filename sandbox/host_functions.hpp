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

namespace ember::sandbox {

// What a host function gets: the guest's argument bytes and its result
// buffer (both already bounds-checked), and where the call's log lines go.
struct HostCall {
    std::span<const std::byte> argument;
    std::span<std::byte> result;
    std::vector<std::string>& logs;
};

// Returns the number of result bytes written, or a negative EMBER_HOSTCALL_E*
// code. Runs on the vCPU thread while the guest waits: it must be quick.
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

// The most a guest may log in one call; further lines are dropped with a note.
inline constexpr std::size_t max_log_bytes_per_call = std::size_t{64} << 10;

}  // namespace ember::sandbox
