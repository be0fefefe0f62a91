// One abusive client of an Attack (abusive_clients.hpp): at most one
// connection at a time, a state machine that the attack's poll() loop
// drives through wake() (when wake_at() has come) and on_ready() (poll()
// events on its socket). Each kind is a subclass (abusive_client_kinds.cpp).
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "loadtest/abusive_clients.hpp"
#include "loadtest/wire_response.hpp"

namespace ember::loadtest {

class AbusiveClient {
  public:
    using Clock = std::chrono::steady_clock;
    static constexpr Clock::time_point never = Clock::time_point::max();

    AbusiveClient(const AttackSetup& setup, AttackTally& tally, std::atomic<unsigned>& holding,
                  unsigned index)
        : setup_(setup), tally_(tally), index_(index), holding_(holding) {}
    virtual ~AbusiveClient() = default;
    AbusiveClient(const AbusiveClient&) = delete;
    AbusiveClient& operator=(const AbusiveClient&) = delete;

    int fd() const { return socket_.fd(); }
    Clock::time_point wake_at() const { return wake_at_; }
    void wake(Clock::time_point now) {
        wake_at_ = never;
        on_wake(now);
    }
    // The poll() events wanted while the socket is open (0: none).
    virtual short events() const = 0;
    // By default: sends what is pending, takes the answers that arrived and
    // notes the server's close.
    virtual void on_ready(short revents, Clock::time_point now);

    // The end of the run.
    void finish();

  protected:
    virtual void on_wake(Clock::time_point now) = 0;

    // Connects; after a failure, tries again after the pause.
    bool open(Clock::time_point now, int receive_buffer = 0);

    bool pending() const { return out_at_ < out_.size(); }
    // Sends what the socket takes of out_; false when the connection ended.
    bool flush();
    // Appends what arrived to in_; false when the connection ended.
    bool receive() { return !socket_.receive_some(in_).ended; }

    enum class Readiness { nothing, open, closed };
    // Sends what is pending (on POLLOUT) and reads what arrived: `closed`
    // when the server ended the connection (answers it sent first may be in
    // in_), `nothing` when there was nothing to read.
    Readiness send_and_receive(short revents);

    // The next complete answer in in_, counted by status.
    std::optional<WireResponse> take_answer();

    // The server ended the connection: it was held since since_.
    void server_closed(Clock::time_point now);
    // The client ends the connection itself, with a FIN or a reset.
    void let_go(bool reset, Clock::time_point now);
    void hold(bool on);

    const AttackSetup& setup_;
    AttackTally& tally_;
    const unsigned index_;
    TcpSocket socket_;
    Clock::time_point since_;
    std::string out_;
    std::size_t out_at_ = 0;
    std::string in_;
    Clock::time_point wake_at_{};  // the first wake is at once

  private:
    void drop(Clock::time_point now);

    std::atomic<unsigned>& holding_;
    bool holding_now_ = false;
};

std::unique_ptr<AbusiveClient> make_abusive_client(AttackKind kind, const AttackSetup& setup,
                                                   AttackTally& tally,
                                                   std::atomic<unsigned>& holding, unsigned index);

}  // namespace ember::loadtest
