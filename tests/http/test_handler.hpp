// A Handler with one route per behaviour the server tests need, including
// routes that answer later from another thread.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "http/handler.hpp"

namespace ember::http::test {

// Routes:
//   GET  /hello          200 "hello"
//   GET  /slow?ms=N      200 "slow" from a worker thread after N ms
//   GET  /big?bytes=N    200 with N bytes (a repeating a..z) from a worker thread
//   GET  /hold           never answers until release_held() (drain tests)
//   any  /refused        403 {"code":"forbidden"} from refuse(), the body unread
//   POST /echo, /upload  200 with the request body (limit 1 KiB, /upload 64 KiB)
//   POST /large          200 with the body's size in bytes (limit 12 MiB)
//   GET  /remote         200 with the peer address the server saw
//   GET  /query          200 "name=value;" for each decoded query pair
//   GET  /throw          handle() throws
//   GET  /drop           destroys respond without calling it
//   GET  /twice          calls respond twice ("first", then "second")
//   GET  /headers        200 with X-Test and a bogus Content-Length to be replaced
//   GET  /status?code=N  N with an empty body
//   anything else        404 {"code":"not_found"}
// Destroy it after the Server: its destructor joins the worker threads.
class TestHandler : public Handler {
  public:
    static constexpr std::size_t small_limit = 1024;
    static constexpr std::size_t upload_limit = 64 * 1024;
    // Above Beast's own default body limit (8 MiB), which must not apply.
    static constexpr std::size_t large_limit = 12 * 1024 * 1024;

    ~TestHandler() override;

    void handle(Request request, Respond respond) override;
    std::size_t body_limit(const Request& head) const override;
    std::optional<Response> refuse(const Request& head) override;

    // Requests that reached handle(), counted before it answers.
    int started() const { return started_.load(); }
    // Waits (bounded) until `count` requests reached handle().
    bool wait_started(int count, std::chrono::milliseconds wait = std::chrono::seconds(5)) const;
    // Answers every /hold request (200 "released") from a worker thread.
    void release_held();

  private:
    void later(std::chrono::milliseconds delay, Respond respond, Response response);

    std::atomic<int> started_{0};
    std::mutex mutex_;
    std::vector<std::thread> workers_;
    std::vector<Respond> held_;
};

}  // namespace ember::http::test
