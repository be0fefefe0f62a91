// How an invocation ended, as the `outcome` label of ember_invocations_total.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ember::daemon {

enum class Outcome {
    ok,
    guest_fault,
    guest_abort,
    timeout,
    overloaded,
    bad_request,
    not_found,
    unavailable,
    internal,
};

inline constexpr std::size_t outcome_count = 9;

// Every outcome, in the order of its label value: the order of rendered series.
inline constexpr std::array<Outcome, outcome_count> outcomes_by_name = {
    Outcome::bad_request, Outcome::guest_abort, Outcome::guest_fault,
    Outcome::internal,    Outcome::not_found,   Outcome::ok,
    Outcome::overloaded,  Outcome::timeout,     Outcome::unavailable};

// The label value: the enumerator's name ("ok", "guest_fault", ...).
std::string_view to_string(Outcome outcome);

}  // namespace ember::daemon
