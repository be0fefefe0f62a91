// The normal client of ember-abuse: one request at a time on a keep-alive
// connection (a new one when the server closes it), every answer checked
// whole against what it must be, every latency recorded.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "loadtest/latency_histogram.hpp"
#include "loadtest/tcp_socket.hpp"
#include "loadtest/wire_response.hpp"

namespace ember::loadtest {

struct NormalTarget {
    std::string method = "GET";
    std::string path = "/healthz";
    // true: each request sends a body of its own ("ember-abuse check N")
    // and must get it back; false: a GET that must answer expected_body.
    bool echo = false;
    std::string expected_body;
    unsigned expected_status = 200;

    std::string text() const;  // e.g. "POST /v1/functions/echo/invoke, echoed"
};

struct NormalResult {
    LatencyHistogram latency_us;  // of every request, correct or not
    uint64_t correct = 0;
    uint64_t wrong = 0;   // answered, with another status or body
    uint64_t failed = 0;  // no answer: connect, send or receive failed or timed out
    std::vector<std::string> first_errors;  // the first few, for the report

    uint64_t requests() const { return correct + wrong + failed; }
    void error(std::string what);
};

class NormalClient {
  public:
    NormalClient(Endpoint endpoint, std::string host, std::chrono::milliseconds timeout);

    // One request and its answer, or nullopt with the reason in `error`.
    std::optional<WireResponse> exchange(const std::string& method, const std::string& path,
                                         const std::string& body, std::string& error);
    // One request of `target`, checked, counted and timed in `result`.
    void check(const NormalTarget& target, NormalResult& result);

  private:
    bool send_all(const std::string& bytes, std::chrono::steady_clock::time_point deadline,
                  std::string& error);
    std::optional<WireResponse> read_answer(std::chrono::steady_clock::time_point deadline,
                                            std::string& error);
    bool wait(short events, std::chrono::steady_clock::time_point deadline);

    const Endpoint endpoint_;
    const std::string host_;
    const std::chrono::milliseconds timeout_;
    TcpSocket socket_;
    std::string received_;
    uint64_t sequence_ = 0;
};

// The request line, Host and (when there is a body) Content-Length of one
// request, and its body.
std::string request_bytes(const std::string& method, const std::string& path,
                          const std::string& host, const std::string& body);

// The normal client's target as the command line names it: "invoke" (POST
// /v1/functions/FUNCTION/invoke, echoed), a GET path (the answer it gives
// now is the one it must keep giving), or "auto": invoke when GET
// /v1/functions/FUNCTION answers 200, else /healthz. Throws
// std::runtime_error when the server does not answer as needed.
NormalTarget resolve_target(NormalClient& probe, const std::string& spec,
                            const std::string& function);

}  // namespace ember::loadtest
