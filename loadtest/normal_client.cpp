// The checked, timed requests of ember-abuse's normal client (see
// normal_client.hpp).
#include "loadtest/normal_client.hpp"

#include <poll.h>

#include <algorithm>
#include <stdexcept>

namespace ember::loadtest {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t errors_kept = 10;

std::string shortened(std::string text) {
    constexpr std::size_t longest = 120;
    if (text.size() > longest) text = text.substr(0, longest) + "...";
    for (char& c : text)
        if (c == '\r' || c == '\n') c = ' ';
    return text;
}

}  // namespace

std::string NormalTarget::text() const {
    return method + " " + path + (echo ? ", its body echoed" : ", answering as before the run");
}

void NormalResult::error(std::string what) {
    if (first_errors.size() < errors_kept) first_errors.push_back(std::move(what));
}

std::string request_bytes(const std::string& method, const std::string& path,
                          const std::string& host, const std::string& body) {
    std::string bytes = method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\n";
    if (!body.empty() || method == "POST" || method == "PUT")
        bytes += "Content-Type: application/octet-stream\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n";
    return bytes + "\r\n" + body;
}

NormalClient::NormalClient(Endpoint endpoint, std::string host, std::chrono::milliseconds timeout)
    : endpoint_(endpoint), host_(std::move(host)), timeout_(timeout) {}

bool NormalClient::wait(short events, Clock::time_point deadline) {
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) return false;
        pollfd fd{socket_.fd(), events, 0};
        if (::poll(&fd, 1, static_cast<int>(left.count())) > 0) return true;
    }
}

bool NormalClient::send_all(const std::string& bytes, Clock::time_point deadline,
                            std::string& error) {
    for (std::size_t at = 0; at < bytes.size();) {
        const Transfer sent = socket_.send_some(std::string_view(bytes).substr(at));
        if (sent.ended) {
            error = "the connection ended while sending";
            return false;
        }
        at += sent.bytes;
        if (sent.bytes == 0 && !wait(POLLOUT, deadline)) {
            error = "could not send within " + std::to_string(timeout_.count()) + " ms";
            return false;
        }
    }
    return true;
}

std::optional<WireResponse> NormalClient::read_answer(Clock::time_point deadline,
                                                      std::string& error) {
    for (;;) {
        try {
            if (auto answer = parse_response(received_)) {
                received_.erase(0, answer->length);
                return answer;
            }
        } catch (const std::runtime_error& e) {
            error = std::string("unreadable answer: ") + e.what();
            return std::nullopt;
        }
        if (!wait(POLLIN, deadline)) {
            error = "no answer within " + std::to_string(timeout_.count()) + " ms";
            return std::nullopt;
        }
        if (socket_.receive_some(received_).ended) {
            error = "the connection ended before the answer";
            return std::nullopt;
        }
    }
}

std::optional<WireResponse> NormalClient::exchange(const std::string& method,
                                                   const std::string& path, const std::string& body,
                                                   std::string& error) {
    const auto deadline = Clock::now() + timeout_;
    if (!socket_.is_open()) {
        auto socket = TcpSocket::connect(endpoint_, timeout_, error);
        if (!socket) return std::nullopt;
        socket_ = std::move(*socket);
        received_.clear();
    }
    std::optional<WireResponse> answer;
    if (send_all(request_bytes(method, path, host_, body), deadline, error))
        answer = read_answer(deadline, error);
    if (!answer || answer->close) socket_.close();
    return answer;
}

void NormalClient::check(const NormalTarget& target, NormalResult& result) {
    const std::string body = target.echo ? "ember-abuse check " + std::to_string(sequence_++) : "";
    const std::string& expected = target.echo ? body : target.expected_body;
    std::string error;
    const auto start = Clock::now();
    const auto answer = exchange(target.method, target.path, body, error);
    result.latency_us.record(static_cast<uint64_t>(
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count()));
    if (!answer) {
        ++result.failed;
        return result.error(error);
    }
    if (answer->status != target.expected_status || answer->body != expected) {
        ++result.wrong;
        return result.error("expected " + std::to_string(target.expected_status) + " \"" +
                            shortened(expected) + "\", got " + std::to_string(answer->status) +
                            " \"" + shortened(answer->body) + "\"");
    }
    ++result.correct;
}

NormalTarget resolve_target(NormalClient& probe, const std::string& spec,
                            const std::string& function) {
    const std::string function_path = "/v1/functions/" + function;
    std::string error;
    std::string path = spec;
    if (spec == "auto") {
        const auto found = probe.exchange("GET", function_path, "", error);
        if (!found) throw std::runtime_error("GET " + function_path + ": " + error);
        path = found->status == 200 ? "invoke" : "/healthz";
    }
    if (path == "invoke") return {"POST", function_path + "/invoke", true, "", 200};
    if (!path.starts_with("/"))
        throw std::runtime_error("--target " + spec + ": expected auto, invoke or a path");
    const auto reference = probe.exchange("GET", path, "", error);
    if (!reference) throw std::runtime_error("GET " + path + ": " + error);
    if (reference->status != 200)
        throw std::runtime_error("GET " + path + " answers " + std::to_string(reference->status) +
                                 ", not 200");
    return {"GET", path, false, reference->body, 200};
}

}  // namespace ember::loadtest
