// The five kinds of abusive client (see abusive_clients.hpp for what each
// does to the server).
#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "loadtest/abusive_client.hpp"

namespace ember::loadtest {
namespace {

constexpr std::size_t body_piece = 64 * 1024;
// The smallest receive buffer Linux grants (it doubles what is asked, to at least 2304).
constexpr int tiny_receive_buffer = 1024;

class IdleClient : public AbusiveClient {
  public:
    using AbusiveClient::AbusiveClient;

    short events() const override { return POLLIN | (pending() ? POLLOUT : 0); }

    void on_ready(short revents, Clock::time_point now) override {
        const Readiness readiness = send_and_receive(revents);
        if (readiness == Readiness::nothing) return;
        while (take_answer()) {
            answered_ = true;
            since_ = now;  // idle from here
            hold(true);
        }
        if (readiness == Readiness::open) return;
        if (!answered_) ++tally_.events["closed before answering"];
        server_closed(now);
    }

  protected:
    void on_wake(Clock::time_point now) override {
        if (!open(now)) return;
        answered_ = false;
        out_ = "GET " + setup_.idle_path + " HTTP/1.1\r\nHost: " + setup_.host + "\r\n\r\n";
        if (!flush()) server_closed(now);
    }

  private:
    bool answered_ = false;
};

class SlowlorisClient : public AbusiveClient {
  public:
    using AbusiveClient::AbusiveClient;

    short events() const override { return POLLIN | (pending() ? POLLOUT : 0); }

  protected:
    void on_wake(Clock::time_point now) override {
        static const std::string line = "X-Slowloris: keep-waiting\r\n";
        if (!socket_.is_open()) {
            if (!open(now)) return;
            hold(true);
            out_ = "GET " + setup_.idle_path + " HTTP/1.1\r\nHost: " + setup_.host + "\r\n";
            // Each connection's header lines from their start: one begun
            // mid-line would be malformed (400), or end the head (200).
            trickled_ = 0;
        } else {
            out_ += line[trickled_++ % line.size()];
        }
        if (!flush()) return server_closed(now);
        wake_at_ = now + setup_.trickle_interval;
    }

  private:
    std::size_t trickled_ = 0;
};

class OversizeClient : public AbusiveClient {
  public:
    OversizeClient(const AttackSetup& setup, AttackTally& tally, std::atomic<unsigned>& holding,
                   unsigned index)
        : AbusiveClient(setup, tally, holding, index), chunked_(index % 2 == 1) {}

    short events() const override { return POLLIN | (sending() ? POLLOUT : 0); }

    void on_ready(short revents, Clock::time_point now) override {
        // The answer first: a client that reads while it sends stops there.
        bool open = true;
        if (revents & (POLLIN | POLLHUP | POLLERR)) {
            open = receive();
            if (answered(now)) return;
        }
        if (open && (revents & POLLOUT)) open = send_more();
        if (open) return;
        // A server that closed may have answered first.
        receive();
        if (answered(now)) return;
        ++tally_.events["closed without an answer"];
        server_closed(now);
    }

  protected:
    void on_wake(Clock::time_point now) override {
        if (!open(now)) return;
        hold(true);
        out_ = "POST " + setup_.oversize_path + " HTTP/1.1\r\nHost: " + setup_.host +
               "\r\nContent-Type: application/octet-stream\r\n" +
               (chunked_ ? std::string("Transfer-Encoding: chunked\r\n")
                         : "Content-Length: " + std::to_string(setup_.oversize_bytes) + "\r\n") +
               "\r\n";
        body_left_ = setup_.oversize_bytes;
        last_chunk_sent_ = !chunked_;
        if (!send_more()) server_closed(now);
    }

  private:
    bool sending() const { return pending() || body_left_ > 0 || !last_chunk_sent_; }

    // Counts an answer that arrived, and leaves.
    bool answered(Clock::time_point now) {
        if (!take_answer()) return false;
        ++tally_.events[sending() ? "answered before the whole body was sent"
                                  : "answered after the whole body was sent"];
        let_go(false, now);
        return true;
    }

    // Sends as much of the head and body as the socket takes; false when the
    // connection ended.
    bool send_more() {
        static const std::string piece(body_piece, 'x');
        for (;;) {
            if (!flush()) return false;
            if (pending() || !sending()) return true;
            out_at_ = 0;
            if (body_left_ == 0) {
                out_ = "0\r\n\r\n";
                last_chunk_sent_ = true;
                continue;
            }
            const std::size_t size = std::min(body_left_, body_piece);
            body_left_ -= size;
            if (!chunked_) {
                out_.assign(piece, 0, size);
                continue;
            }
            char size_line[24];
            std::snprintf(size_line, sizeof size_line, "%zx\r\n", size);
            out_ = size_line + piece.substr(0, size) + "\r\n";
        }
    }

    const bool chunked_;
    std::size_t body_left_ = 0;
    bool last_chunk_sent_ = true;
};

class VanishClient : public AbusiveClient {
  public:
    using AbusiveClient::AbusiveClient;

    short events() const override { return POLLIN; }

  protected:
    void on_wake(Clock::time_point now) override {
        if (!open(now)) return;
        const std::string body(64, 'v');
        const std::string head = "POST " + setup_.oversize_path +
                                 " HTTP/1.1\r\nHost: " + setup_.host +
                                 "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
        const unsigned cycle = cycle_++;
        out_ = cycle % 2 == 0 ? head.substr(0, head.size() / 2) : head + body.substr(0, 32);
        if (!flush()) return server_closed(now);
        switch (cycle % 3) {
            case 0:
                ++tally_.events["left with a FIN"];
                return let_go(false, now);
            case 1:
                ++tally_.events["left with a reset"];
                return let_go(true, now);
            default:
                ++tally_.events["went silent"];
                since_ = now;
                hold(true);
        }
    }

  private:
    unsigned cycle_ = index_;
};

class NonReaderClient : public AbusiveClient {
  public:
    using AbusiveClient::AbusiveClient;

    short events() const override { return POLLOUT | POLLRDHUP; }

    void on_ready(short revents, Clock::time_point now) override {
        if (revents & (POLLERR | POLLHUP | POLLRDHUP)) return server_closed(now);
        for (;;) {
            if (!pending()) {
                out_at_ = 0;
                out_ = setup_.pipelined_request;
            }
            if (!flush()) return server_closed(now);
            if (pending()) return;
            ++tally_.events["requests sent"];
        }
    }

  protected:
    void on_wake(Clock::time_point now) override {
        if (open(now, tiny_receive_buffer)) hold(true);
    }
};

}  // namespace

std::unique_ptr<AbusiveClient> make_abusive_client(AttackKind kind, const AttackSetup& setup,
                                                   AttackTally& tally,
                                                   std::atomic<unsigned>& holding, unsigned index) {
    switch (kind) {
        case AttackKind::idle:
            return std::make_unique<IdleClient>(setup, tally, holding, index);
        case AttackKind::slowloris:
            return std::make_unique<SlowlorisClient>(setup, tally, holding, index);
        case AttackKind::oversize:
            return std::make_unique<OversizeClient>(setup, tally, holding, index);
        case AttackKind::vanish:
            return std::make_unique<VanishClient>(setup, tally, holding, index);
        case AttackKind::nonreader:
            return std::make_unique<NonReaderClient>(setup, tally, holding, index);
    }
    throw std::logic_error("unknown attack");
}

}  // namespace ember::loadtest
