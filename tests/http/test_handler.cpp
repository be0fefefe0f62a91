// The test routes; slow ones answer from their own worker threads, as the
// daemon's executor threads will.
#include "tests/http/test_handler.hpp"

#include <stdexcept>
#include <string>

namespace ember::http::test {
namespace {

Response text(std::string body) {
    Response response;
    response.headers.emplace_back("Content-Type", "text/plain");
    response.body = std::move(body);
    return response;
}

std::chrono::milliseconds param_ms(const Request& request) {
    const auto* ms = request.query_param("ms");
    return std::chrono::milliseconds(ms ? std::stoi(*ms) : 0);
}

}  // namespace

TestHandler::~TestHandler() {
    release_held();
    std::lock_guard lock(mutex_);
    for (auto& worker : workers_)
        worker.join();
}

void TestHandler::handle(Request request, Respond respond) {
    ++started_;
    const auto& path = request.path;
    if (path == "/hello") return respond(text("hello"));
    if (path == "/slow") return later(param_ms(request), std::move(respond), text("slow"));
    if (path == "/big") {
        std::string body(std::stoul(*request.query_param("bytes")), ' ');
        for (std::size_t i = 0; i < body.size(); ++i)
            body[i] = static_cast<char>('a' + i % 26);
        return later(std::chrono::milliseconds(0), std::move(respond), text(std::move(body)));
    }
    if (path == "/echo" || path == "/upload") return respond(text(std::move(request.body)));
    if (path == "/large") return respond(text(std::to_string(request.body.size())));
    if (path == "/throw") throw std::runtime_error("test handler failure");
    if (path == "/drop") return;
    if (path == "/hold") {
        std::lock_guard lock(mutex_);
        held_.push_back(std::move(respond));
        return;
    }
    if (path == "/twice") {
        respond(text("first"));
        return respond(text("second"));
    }
    if (path == "/remote") return respond(text(request.remote));
    if (path == "/query") {
        std::string body;
        for (const auto& [name, value] : request.query)
            body += name + "=" + value + ";";
        return respond(text(body));
    }
    if (path == "/headers") {
        Response response = text("with headers");
        response.headers.emplace_back("X-Test", "yes");
        response.headers.emplace_back("Content-Length", "999");
        return respond(std::move(response));
    }
    if (path == "/status") {
        Response response;
        response.status = static_cast<unsigned>(std::stoul(*request.query_param("code")));
        return respond(std::move(response));
    }
    respond(json_error(404, "not_found", "no route " + path));
}

std::optional<Response> TestHandler::refuse(const Request& head) {
    if (head.path != "/refused") return std::nullopt;
    return json_error(403, "forbidden", "refused from the head");
}

std::size_t TestHandler::body_limit(const Request& head) const {
    if (head.path == "/large") return large_limit;
    return head.path == "/upload" ? upload_limit : small_limit;
}

bool TestHandler::wait_started(int count, std::chrono::milliseconds wait) const {
    const auto deadline = std::chrono::steady_clock::now() + wait;
    while (started_.load() < count) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
}

void TestHandler::release_held() {
    std::lock_guard lock(mutex_);
    for (auto& respond : held_) {
        workers_.emplace_back([r = std::move(respond)] { r(text("released")); });
    }
    held_.clear();
}

void TestHandler::later(std::chrono::milliseconds delay, Respond respond, Response response) {
    std::lock_guard lock(mutex_);
    workers_.emplace_back([delay, r = std::move(respond), res = std::move(response)]() mutable {
        std::this_thread::sleep_for(delay);
        r(std::move(res));
    });
}

}  // namespace ember::http::test
