// The five abusive clients of ember-abuse, each kind many times over in one
// thread of its own (a poll() loop over its sockets):
//
//   idle       asks once for idle_path, then holds the kept-alive connection
//              and sends nothing more; opens a new one when the server closes it.
//   slowloris  sends a request head one byte per trickle_interval, never
//              finishing it.
//   oversize   POSTs oversize_bytes to oversize_path, half of them with a
//              Content-Length, half chunked (the server must count), as fast
//              as the socket takes it; closes at the answer, again after `pause`.
//   vanish     sends half a request (half the head, or the head and half the
//              body) and then, in turn, closes (FIN), resets (RST), or goes
//              silent and keeps the connection until the server drops it.
//   nonreader  sends `pipelined_request` again and again and never reads a
//              byte (its receive buffer as small as the kernel allows).
//
// A connection the server closes is replaced (after `pause`), so that each
// kind keeps its number of clients up for the whole run.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "loadtest/attack_tally.hpp"
#include "loadtest/tcp_socket.hpp"

namespace ember::loadtest {

struct AttackSetup {
    Endpoint endpoint;
    std::string host;  // the Host header
    std::string idle_path = "/healthz";
    std::string oversize_path;
    std::size_t oversize_bytes = 2u << 20;
    std::string pipelined_request;
    std::chrono::milliseconds pause{100};
    std::chrono::milliseconds trickle_interval{1000};
    std::chrono::milliseconds connect_timeout{5000};
};

enum class AttackKind { idle, slowloris, oversize, vanish, nonreader };

const char* attack_name(AttackKind kind);

// Call order: construct (the thread starts at once) -> holding() from any
// thread -> stop() from the constructing thread -> tally().
class Attack {
  public:
    Attack(AttackKind kind, unsigned clients, const AttackSetup& setup);
    ~Attack();
    Attack(const Attack&) = delete;
    Attack& operator=(const Attack&) = delete;

    AttackKind kind() const { return kind_; }
    unsigned clients() const { return clients_; }
    // Connections in the attack's steady state now: idle ones that had their
    // answer, or open ones for the other kinds.
    unsigned holding() const { return holding_.load(); }
    // Closes every connection (FIN) and joins the thread.
    void stop();
    // Final once stop() returned.
    const AttackTally& tally() const { return tally_; }

  private:
    void run();

    const AttackKind kind_;
    const unsigned clients_;
    const AttackSetup setup_;
    AttackTally tally_;
    std::atomic<unsigned> holding_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

}  // namespace ember::loadtest
