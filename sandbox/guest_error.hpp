// What a guest did wrong: an expected outcome of a call, not a host failure,
// so it is a value (GuestError) rather than an exception.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sandbox/layout.hpp"

namespace ember::sandbox {

enum class GuestErrorKind {
    fault,            // CPU exception, triple fault, hlt, bad memory access, unknown port
    abort,            // the guest called ember_abort()
    timeout,          // the call passed its deadline
    interrupted,      // the host ended the call before its deadline (call_interrupter.hpp)
    denied,           // a host function the sandbox does not allow, or that does not exist
    bad_reply,        // the reply or a hypercall argument broke the ABI
    no_such_handler,  // the caller asked for a handler the guest does not have
    input_too_large,  // the input does not fit the input buffer
};

struct GuestError {
    GuestErrorKind kind;
    std::string message;  // for people: says what happened and where
};

std::string_view to_string(GuestErrorKind kind);

// A CPU exception as the ring-0 exception stub reported it.
struct ExceptionReport {
    uint64_t vector = 0;
    uint64_t error_code = 0;
    uint64_t rip = 0;
    uint64_t cr2 = 0;
    bool in_stub = false;     // raised in ring 0, inside the stub itself
    std::string instruction;  // what the guest tried, when it was a privileged
                              // instruction (x86_64/privileged_instruction.hpp)
};

// "page fault writing 0x0 at rip 0x201234 (null dereference)" and the like.
std::string describe_exception(const ExceptionReport& report, const Layout& layout);

std::string hex(uint64_t value);

}  // namespace ember::sandbox
