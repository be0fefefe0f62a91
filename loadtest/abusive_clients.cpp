// The abusive clients and the poll() loop that drives each kind of them
// (see abusive_clients.hpp).
#include "loadtest/abusive_clients.hpp"

#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <stdexcept>

#include "loadtest/wire_response.hpp"

namespace ember::loadtest {
namespace {

using Clock = std::chrono::steady_clock;
constexpr Clock::time_point never = Clock::time_point::max();
// The loop looks at stop() at least this often.
constexpr std::chrono::milliseconds longest_poll{50};
constexpr std::size_t body_piece = 64 * 1024;
// The smallest receive buffer Linux grants (it doubles what is asked, to at least 2304).
constexpr int tiny_receive_buffer = 1024;

uint64_t micros(Clock::duration d) {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

// One abusive client: at most one connection at a time, a state machine
// that the attack's loop drives through on_wake() (when wake_at() has come)
// and on_ready() (poll() events on its socket).
class Client {
  public:
    Client(const AttackSetup& setup, AttackTally& tally, std::atomic<unsigned>& holding,
           unsigned index)
        : setup_(setup), tally_(tally), index_(index), holding_(holding) {}
    virtual ~Client() = default;
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    int fd() const { return socket_.fd(); }
    Clock::time_point wake_at() const { return wake_at_; }
    void wake(Clock::time_point now) {
        wake_at_ = never;
        on_wake(now);
    }
    // The poll() events wanted while the socket is open (0: none).
    virtual short events() const = 0;
    virtual void on_ready(short revents, Clock::time_point now) = 0;

    // The end of the run.
    void finish() {
        if (!socket_.is_open()) return;
        ++tally_.open_at_end;
        hold(false);
        socket_.close();
    }

  protected:
    virtual void on_wake(Clock::time_point now) = 0;

    // Connects; after a failure, tries again after the pause.
    bool open(Clock::time_point now, int receive_buffer = 0) {
        std::string error;
        auto socket =
            TcpSocket::connect(setup_.endpoint, setup_.connect_timeout, error, receive_buffer);
        if (!socket) {
            ++tally_.connect_failures;
            tally_.last_connect_error = error;
            wake_at_ = now + setup_.pause;
            return false;
        }
        socket_ = std::move(*socket);
        ++tally_.connections;
        since_ = Clock::now();
        out_.clear();
        out_at_ = 0;
        in_.clear();
        return true;
    }

    bool pending() const { return out_at_ < out_.size(); }

    // Sends what the socket takes of out_; false when the connection ended.
    bool flush() {
        while (pending()) {
            const Transfer sent = socket_.send_some(std::string_view(out_).substr(out_at_));
            if (sent.ended) return false;
            if (sent.bytes == 0) return true;
            out_at_ += sent.bytes;
            tally_.bytes_sent += sent.bytes;
        }
        return true;
    }

    // Appends what arrived to in_; false when the connection ended.
    bool receive() { return !socket_.receive_some(in_).ended; }

    // The next complete answer in in_, counted by status.
    std::optional<WireResponse> take_answer() {
        std::optional<WireResponse> answer;
        try {
            answer = parse_response(in_);
        } catch (const std::runtime_error&) {
            ++tally_.events["unreadable answers"];
            in_.clear();
            return std::nullopt;
        }
        if (answer) {
            ++tally_.answers[answer->status];
            in_.erase(0, answer->length);
        }
        return answer;
    }

    // The server ended the connection: it was held since since_.
    void server_closed(Clock::time_point now) {
        ++tally_.server_closes;
        tally_.held_us.record(micros(now - since_));
        drop(now);
    }

    // The client ends the connection itself, with a FIN or a reset.
    void let_go(bool reset, Clock::time_point now) {
        ++tally_.client_closes;
        if (reset) socket_.close_with_reset();
        drop(now);
    }

    void hold(bool on) {
        if (on == holding_now_) return;
        holding_now_ = on;
        on ? ++holding_ : --holding_;
    }

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
    void drop(Clock::time_point now) {
        hold(false);
        socket_.close();
        wake_at_ = now + setup_.pause;
    }

    std::atomic<unsigned>& holding_;
    bool holding_now_ = false;
};

class IdleClient : public Client {
  public:
    using Client::Client;

    short events() const override { return POLLIN | (pending() ? POLLOUT : 0); }

    void on_ready(short revents, Clock::time_point now) override {
        if ((revents & POLLOUT) && !flush()) return server_closed(now);
        if (!(revents & (POLLIN | POLLHUP | POLLERR))) return;
        const bool open = receive();
        while (take_answer()) {
            answered_ = true;
            since_ = now;  // idle from here
            hold(true);
        }
        if (open) return;
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

class SlowlorisClient : public Client {
  public:
    using Client::Client;

    short events() const override { return POLLIN | (pending() ? POLLOUT : 0); }

    void on_ready(short revents, Clock::time_point now) override {
        if ((revents & POLLOUT) && !flush()) return server_closed(now);
        if (!(revents & (POLLIN | POLLHUP | POLLERR))) return;
        const bool open = receive();
        while (take_answer()) {
        }
        if (!open) server_closed(now);
    }

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

class OversizeClient : public Client {
  public:
    OversizeClient(const AttackSetup& setup, AttackTally& tally, std::atomic<unsigned>& holding,
                   unsigned index)
        : Client(setup, tally, holding, index), chunked_(index % 2 == 1) {}

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

class VanishClient : public Client {
  public:
    using Client::Client;

    short events() const override { return POLLIN; }

    void on_ready(short, Clock::time_point now) override {
        const bool open = receive();
        while (take_answer()) {
        }
        if (!open) server_closed(now);
    }

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

class NonReaderClient : public Client {
  public:
    using Client::Client;

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

std::unique_ptr<Client> make_client(AttackKind kind, const AttackSetup& setup, AttackTally& tally,
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

int poll_timeout(Clock::time_point next) {
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now());
    return static_cast<int>(std::clamp(wait, std::chrono::milliseconds(0), longest_poll).count());
}

}  // namespace

const char* attack_name(AttackKind kind) {
    switch (kind) {
        case AttackKind::idle:
            return "idle keep-alive";
        case AttackKind::slowloris:
            return "slowloris";
        case AttackKind::oversize:
            return "oversized body";
        case AttackKind::vanish:
            return "half a request, then gone";
        case AttackKind::nonreader:
            return "never reads replies";
    }
    return "?";
}

Attack::Attack(AttackKind kind, unsigned clients, const AttackSetup& setup)
    : kind_(kind), clients_(clients), setup_(setup), thread_([this] { run(); }) {}

Attack::~Attack() {
    stop();
}

void Attack::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void Attack::run() {
    std::vector<std::unique_ptr<Client>> clients;
    for (unsigned i = 0; i < clients_; ++i)
        clients.push_back(make_client(kind_, setup_, tally_, holding_, i));
    std::vector<pollfd> fds;
    std::vector<Client*> owners;
    while (!stopping_) {
        Clock::time_point now = Clock::now();
        Clock::time_point next = now + longest_poll;
        fds.clear();
        owners.clear();
        for (const auto& client : clients) {
            if (client->wake_at() <= now) client->wake(now);
            next = std::min(next, client->wake_at());
            if (client->fd() < 0) continue;
            if (const short events = client->events()) {
                fds.push_back({client->fd(), events, 0});
                owners.push_back(client.get());
            }
        }
        if (::poll(fds.data(), fds.size(), poll_timeout(next)) <= 0) continue;
        now = Clock::now();
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents != 0) owners[i]->on_ready(fds[i].revents, now);
    }
    for (const auto& client : clients)
        client->finish();
}

}  // namespace ember::loadtest
