// What one kind of abusive client did during an ember-abuse run, and how
// the server treated it: the answers it got, how long the server kept its
// connections before closing them, what it left behind.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "loadtest/latency_histogram.hpp"

namespace ember::loadtest {

// Written by the one thread that drives the attack, read after it ended.
struct AttackTally {
    uint64_t connections = 0;  // opened
    uint64_t connect_failures = 0;
    std::string last_connect_error;
    uint64_t bytes_sent = 0;
    std::map<unsigned, uint64_t> answers;  // responses, by status
    uint64_t server_closes = 0;            // connections the server ended
    // How long each of those had been held when the server ended it, from
    // the moment the attack set for it (its connect, the end of its last
    // answer, ...), in µs.
    LatencyHistogram held_us;
    uint64_t client_closes = 0;              // connections the attacker ended itself
    uint64_t open_at_end = 0;                // still open when the run ended
    std::map<std::string, uint64_t> events;  // what this attack counts of its own
};

// Several lines, each starting with two spaces, e.g.
//   connections 212, bytes sent 1.2 MB, answers: 413 x 160
//   server closed 52, after 0.0 s .. 1.0 s (median 1.0 s); the client closed 160; open at the end
//   50
std::string describe(const AttackTally& tally);

}  // namespace ember::loadtest
