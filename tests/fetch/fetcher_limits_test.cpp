#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "fetch/fetcher.hpp"
#include "tests/fetch/fetch_test_support.hpp"
#include "tests/loopback_http_server.hpp"

using namespace ember::fetch;
using namespace ember::fetch::test;
using namespace std::chrono_literals;
using ember::test::Framing;
using ember::test::LoopbackHttpServer;
using Clock = std::chrono::steady_clock;
namespace routes = ember::test;

namespace {

// A socket that listens on 127.0.0.1 and never accepts: connections complete
// in the kernel, and a sender fills the buffers and then waits for ever.
class DeafListener {
  public:
    DeafListener() {
        fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t size = sizeof address;
        // Small buffers for the connections it never accepts, so that a
        // request of a few MiB fills them.
        const int buffer = 4096;
        REQUIRE(::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer) == 0);
        REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) == 0);
        REQUIRE(::listen(fd_, 4) == 0);
        REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) == 0);
        authority_ = "127.0.0.1:" + std::to_string(ntohs(address.sin_port));
    }
    ~DeafListener() { ::close(fd_); }
    const std::string& authority() const { return authority_; }

  private:
    int fd_ = -1;
    std::string authority_;
};

// The head of routes::reply(200, body) with a body of `body_bytes`.
std::size_t reply_head_bytes(std::size_t body_bytes) {
    return std::string("HTTP/1.1 200 Whatever\r\nContent-Length: " + std::to_string(body_bytes) +
                       "\r\n\r\n")
        .size();
}

}  // namespace

TEST_CASE("a slow server is cut off at the deadline", "[fetch]") {
    LoopbackHttpServer server;
    // 300 bytes, one every 100 ms: 30 s unless the fetch gives up.
    server.route("/drip", routes::drip(std::string(300, 'x'), 100ms));
    Fetcher fetcher;
    const auto start = Clock::now();
    const FetchResult result =
        fetcher.fetch(get(server.url("/drip")), policy_for(server), Clock::now() + 500ms);
    CHECK(result.status == FetchStatus::deadline);
    CHECK(result.message ==
          "the deadline passed while waiting for the response of " + server.authority());
    CHECK(Clock::now() - start < 30s);
}

TEST_CASE("a server that sends slowly but steadily is not cut off by read_timeout", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/drip", routes::drip("abcdef", 20ms));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.read_timeout = 2s;
    const FetchResult result = fetcher.fetch(get(server.url("/drip")), policy, far_deadline());
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(result.response.body == "abcdef");
}

TEST_CASE("a server that goes silent ends in timeout after read_timeout", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/stall", routes::stall_after_header(30s));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.read_timeout = 200ms;
    const FetchResult result = fetcher.fetch(get(server.url("/stall")), policy, far_deadline());
    CHECK(result.status == FetchStatus::timeout);
    CHECK(result.message ==
          "no progress for 200 ms while waiting for the response of " + server.authority());
}

TEST_CASE("a server that takes no request bytes is cut off at the deadline", "[fetch]") {
    DeafListener deaf;
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse({deaf.authority()});
    FetchRequest request = get("http://" + deaf.authority() + "/upload");
    request.method = FetchMethod::put;
    request.body = std::string(16 * 1024 * 1024, 'b');
    Fetcher fetcher;
    const FetchResult result = fetcher.fetch(request, policy, Clock::now() + 1s);
    CHECK(result.status == FetchStatus::deadline);
    CHECK(result.message == "the deadline passed while sending the request to " + deaf.authority());
}

TEST_CASE("a stuck name lookup is cut off at the deadline", "[fetch]") {
    std::atomic<bool> release{false};
    FetcherOptions options;
    options.lookup = [&](const std::string&) {
        while (!release)
            std::this_thread::sleep_for(1ms);
        return LookupResult{{}, "released"};
    };
    Fetcher fetcher(options);
    FetchPolicy policy;
    policy.allowed_hosts = AllowedHosts::parse({"slow-dns.example"});
    const FetchResult result =
        fetcher.fetch(get("http://slow-dns.example/"), policy, Clock::now() + 100ms);
    release = true;
    CHECK(result.status == FetchStatus::deadline);
    CHECK(result.message == "the deadline passed while resolving slow-dns.example");
}

TEST_CASE("a deadline already passed ends the fetch before it connects", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/", routes::reply(200, "late"));
    Fetcher fetcher;
    const FetchResult result =
        fetcher.fetch(get(server.url("/")), policy_for(server), Clock::now() - 1ms);
    CHECK(result.status == FetchStatus::deadline);
    CHECK(server.requests().empty());
}

TEST_CASE("a response over max_response_bytes is too_large, however it is framed", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/length", routes::huge_body(2 * 1024 * 1024, Framing::content_length));
    server.route("/chunked", routes::huge_body(2 * 1024 * 1024, Framing::chunked));
    server.route("/close", routes::huge_body(2 * 1024 * 1024, Framing::until_close));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.max_response_bytes = 1024 * 1024;
    for (const char* path : {"/length", "/chunked", "/close"}) {
        const FetchResult result = fetcher.fetch(get(server.url(path)), policy, far_deadline());
        CHECK(result.status == FetchStatus::too_large);
        CHECK(result.message ==
              "the response of " + server.authority() + " is larger than 1048576 bytes");
        CHECK(result.response.body.empty());
    }
}

TEST_CASE("max_response_bytes counts the header block and the body", "[fetch]") {
    LoopbackHttpServer server;
    const std::string body(1000, 'y');
    server.route("/", routes::reply(200, body));
    server.route("/chunked", routes::huge_body(1000, Framing::chunked));
    Fetcher fetcher;
    FetchPolicy policy = policy_for(server);
    policy.max_response_bytes = reply_head_bytes(body.size()) + body.size();
    const FetchResult at_limit = fetcher.fetch(get(server.url("/")), policy, far_deadline());
    REQUIRE(at_limit.status == FetchStatus::ok);
    CHECK(at_limit.response.body == body);
    policy.max_response_bytes -= 1;
    CHECK(fetcher.fetch(get(server.url("/")), policy, far_deadline()).status ==
          FetchStatus::too_large);

    // Chunked framing does not count, the decoded body does.
    const std::size_t chunked_head =
        std::string("HTTP/1.1 200 Whatever\r\nTransfer-Encoding: chunked\r\n\r\n").size();
    policy.max_response_bytes = chunked_head + 1000;
    const FetchResult chunked = fetcher.fetch(get(server.url("/chunked")), policy, far_deadline());
    REQUIRE(chunked.status == FetchStatus::ok);
    CHECK(chunked.response.body == std::string(1000, 'x'));
    policy.max_response_bytes -= 1;
    CHECK(fetcher.fetch(get(server.url("/chunked")), policy, far_deadline()).status ==
          FetchStatus::too_large);
}

TEST_CASE("chunked and close-delimited bodies arrive whole", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/chunked", routes::huge_body(300 * 1024, Framing::chunked));
    server.route("/close", routes::huge_body(300 * 1024, Framing::until_close));
    Fetcher fetcher;
    for (const char* path : {"/chunked", "/close"}) {
        const FetchResult result =
            fetcher.fetch(get(server.url(path)), policy_for(server), far_deadline());
        REQUIRE(result.status == FetchStatus::ok);
        CHECK(result.response.body == std::string(300 * 1024, 'x'));
    }
}

TEST_CASE("a server that breaks HTTP is a protocol error", "[fetch]") {
    LoopbackHttpServer server;
    server.route("/cut", routes::close_mid_body(100, 50));
    server.route("/garbage", routes::raw("this is not HTTP\r\n\r\n"));
    server.route("/silent", routes::raw(""));
    server.route("/continue", routes::raw("HTTP/1.1 100 Continue\r\n\r\n"));
    Fetcher fetcher;
    const auto fetch = [&](const char* path) {
        return fetcher.fetch(get(server.url(path)), policy_for(server), far_deadline());
    };
    const FetchResult cut = fetch("/cut");
    CHECK(cut.status == FetchStatus::protocol_error);
    CHECK(cut.message ==
          server.authority() + " closed the connection before the response was complete");
    const FetchResult garbage = fetch("/garbage");
    CHECK(garbage.status == FetchStatus::protocol_error);
    CHECK_THAT(garbage.message,
               Catch::StartsWith(server.authority() + " sent a malformed response: "));
    const FetchResult silent = fetch("/silent");
    CHECK(silent.status == FetchStatus::protocol_error);
    CHECK(silent.message == server.authority() + " closed the connection without a response");
    CHECK(fetch("/continue").status == FetchStatus::protocol_error);
}

TEST_CASE("signals to the fetching thread do not break a fetch", "[fetch]") {
    // Like the call timer's kick: a handler without SA_RESTART, so system
    // calls on the thread return EINTR.
    struct sigaction action {};
    action.sa_handler = [](int) {};
    sigemptyset(&action.sa_mask);
    struct sigaction previous {};
    REQUIRE(::sigaction(SIGUSR2, &action, &previous) == 0);

    LoopbackHttpServer server;
    server.route("/drip", routes::drip(std::string(20, 'z'), 10ms));
    Fetcher fetcher;
    std::atomic<bool> done{false};
    const pthread_t fetching = ::pthread_self();
    std::thread kicker([&] {
        while (!done) {
            ::pthread_kill(fetching, SIGUSR2);
            std::this_thread::sleep_for(1ms);
        }
    });
    const FetchResult result =
        fetcher.fetch(get(server.url("/drip")), policy_for(server), far_deadline());
    done = true;
    kicker.join();
    ::sigaction(SIGUSR2, &previous, nullptr);
    REQUIRE(result.status == FetchStatus::ok);
    CHECK(result.response.body == std::string(20, 'z'));
}
