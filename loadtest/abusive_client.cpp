// The connection handling every kind of abusive client shares.
#include "loadtest/abusive_client.hpp"

#include <poll.h>

#include <stdexcept>

namespace ember::loadtest {
namespace {

uint64_t micros(AbusiveClient::Clock::duration d) {
    return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(d).count());
}

}  // namespace

void AbusiveClient::on_ready(short revents, Clock::time_point now) {
    const Readiness readiness = send_and_receive(revents);
    while (take_answer()) {
    }
    if (readiness == Readiness::closed) server_closed(now);
}

void AbusiveClient::finish() {
    if (!socket_.is_open()) return;
    ++tally_.open_at_end;
    hold(false);
    socket_.close();
}

bool AbusiveClient::open(Clock::time_point now, int receive_buffer) {
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

bool AbusiveClient::flush() {
    while (pending()) {
        const Transfer sent = socket_.send_some(std::string_view(out_).substr(out_at_));
        if (sent.ended) return false;
        if (sent.bytes == 0) return true;
        out_at_ += sent.bytes;
        tally_.bytes_sent += sent.bytes;
    }
    return true;
}

AbusiveClient::Readiness AbusiveClient::send_and_receive(short revents) {
    if ((revents & POLLOUT) && !flush()) return Readiness::closed;
    if (!(revents & (POLLIN | POLLHUP | POLLERR))) return Readiness::nothing;
    return receive() ? Readiness::open : Readiness::closed;
}

std::optional<WireResponse> AbusiveClient::take_answer() {
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

void AbusiveClient::server_closed(Clock::time_point now) {
    ++tally_.server_closes;
    tally_.held_us.record(micros(now - since_));
    drop(now);
}

void AbusiveClient::let_go(bool reset, Clock::time_point now) {
    ++tally_.client_closes;
    if (reset) socket_.close_with_reset();
    drop(now);
}

void AbusiveClient::hold(bool on) {
    if (on == holding_now_) return;
    holding_now_ = on;
    on ? ++holding_ : --holding_;
}

void AbusiveClient::drop(Clock::time_point now) {
    hold(false);
    socket_.close();
    wake_at_ = now + setup_.pause;
}

}  // namespace ember::loadtest
