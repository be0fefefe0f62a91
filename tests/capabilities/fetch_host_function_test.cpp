#include "capabilities/fetch_host_function.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <cstring>
#include <string>
#include <vector>

#include "tests/loopback_http_server.hpp"

using namespace ember;
using Catch::Matchers::Contains;

namespace {

constexpr uint64_t page = EMBER_PAGE_SIZE;

// Guest memory whose first page ring 3 may not read, and http_fetch for a
// function allowed `allowed_hosts`, against a real server on 127.0.0.1.
class FetchGuest {
  public:
    explicit FetchGuest(std::vector<std::string> allowed_hosts)
        : bytes_(8 * page), memory_(bytes_), rights_(8 * page) {
        rights_.grant(page, 8 * page, true);
        fetch::FetchPolicy policy;
        policy.allowed_hosts = fetch::AllowedHosts::parse(allowed_hosts);
        policy.max_response_bytes = 64 * 1024;
        capabilities::add_fetch_host_function(table_, std::make_shared<fetch::Fetcher>(), policy);
    }

    ember_bytes place(std::string_view text) {
        REQUIRE(next_ + text.size() <= bytes_.size());
        // An empty view may have no data() at all, which memcpy may not take.
        if (!text.empty()) std::memcpy(bytes_.data() + next_, text.data(), text.size());
        const ember_bytes placed{next_, text.size()};
        next_ += text.size();
        return placed;
    }

    int64_t call(const ember_http_request& request, std::span<std::byte> result,
                 sandbox::Deadline deadline) {
        return call_raw(std::as_bytes(std::span(&request, 1)), result, deadline);
    }
    int64_t call_raw(std::span<const std::byte> argument, std::span<std::byte> result,
                     sandbox::Deadline deadline) {
        sandbox::HostCall call{argument, result, log_, sandbox::GuestView(memory_, rights_),
                               deadline};
        return (*table_.find("http_fetch"))(call);
    }

    ember_http_request request(std::string_view method, std::string_view url,
                               std::string_view headers = {}, std::string_view body = {}) {
        return {place(method), place(url), place(headers), place(body)};
    }

    const sandbox::GuestLog& log() const { return log_; }

  private:
    std::vector<std::byte> bytes_;
    sandbox::GuestMemory memory_;
    sandbox::PageRights rights_;
    sandbox::GuestLog log_;
    sandbox::HostFunctions table_;
    uint64_t next_ = page;
};

sandbox::Deadline in_seconds(int seconds) {
    return std::chrono::steady_clock::now() + std::chrono::seconds(seconds);
}

struct Reply {
    ember_http_response head{};
    std::string headers;
    std::string body;
};

Reply decode(const std::vector<std::byte>& result, int64_t written) {
    REQUIRE(written >= static_cast<int64_t>(sizeof(ember_http_response)));
    REQUIRE(static_cast<std::size_t>(written) <= result.size());
    Reply reply;
    std::memcpy(&reply.head, result.data(), sizeof reply.head);
    const char* text = reinterpret_cast<const char*>(result.data()) + sizeof reply.head;
    reply.headers.assign(text, reply.head.headers_len);
    reply.body.assign(text + reply.head.headers_len, reply.head.body_len);
    CHECK(sizeof reply.head + reply.head.headers_len + reply.head.body_len ==
          static_cast<std::size_t>(written));
    return reply;
}

}  // namespace

TEST_CASE("http_fetch sends the guest's request and lays out the response", "[http_fetch]") {
    test::LoopbackHttpServer server;
    server.route("/echo", test::echo());
    FetchGuest guest({server.authority()});
    std::vector<std::byte> result(16 * 1024);
    const int64_t written =
        guest.call(guest.request("POST", server.url("/echo?q=1"),
                                 "X-Token: abc\r\nAccept: text/plain\n", "payload"),
                   result, in_seconds(20));
    const Reply reply = decode(result, written);
    CHECK(reply.head.status == 200);
    CHECK(reply.body == "payload");
    CHECK_THAT(reply.headers, Contains("echo-method: POST\r\n"));
    CHECK_THAT(reply.headers, Contains("echo-x-token: abc\r\n"));
    CHECK_THAT(reply.headers, Contains("echo-target: /echo?q=1\r\n"));

    // A buffer too small gets the start, and the whole length.
    std::vector<std::byte> small(8);
    CHECK(guest.call(guest.request("POST", server.url("/echo"), {}, "payload"), small,
                     in_seconds(20)) > static_cast<int64_t>(small.size()));
}

TEST_CASE("http_fetch refuses what the function may not reach, with a code and a log line",
          "[http_fetch]") {
    test::LoopbackHttpServer server;
    server.route("/", test::reply(200, "hi"));
    server.route("/away", test::redirect(302, "http://10.0.0.1/"));
    server.route("/big", test::huge_body(100 * 1024, test::Framing::chunked));
    std::vector<std::byte> result(4096);
    {
        FetchGuest nobody({});
        CHECK(nobody.call(nobody.request("GET", server.url("/")), result, in_seconds(20)) ==
              EMBER_HOSTCALL_EDENIED);
        REQUIRE(nobody.log().lines().size() == 1);
        CHECK_THAT(nobody.log().lines()[0], Contains("http_fetch: denied"));
    }
    FetchGuest guest({server.authority()});
    CHECK(guest.call(guest.request("GET", server.url("/away")), result, in_seconds(20)) ==
          EMBER_HOSTCALL_EDENIED);
    CHECK(guest.call(guest.request("GET", server.url("/big")), result, in_seconds(20)) ==
          EMBER_HOSTCALL_ETOOBIG);
    CHECK(guest.call(guest.request("PATCH", server.url("/")), result, in_seconds(20)) ==
          EMBER_HOSTCALL_EINVAL);
    CHECK(guest.call(guest.request("GET", server.url("/"), "no colon here\r\n"), result,
                     in_seconds(20)) == EMBER_HOSTCALL_EINVAL);
    CHECK(guest.call(guest.request("GET", "ftp://example.com/"), result, in_seconds(20)) ==
          EMBER_HOSTCALL_EINVAL);
}

TEST_CASE("http_fetch stops decoding header lines past what a fetch may send", "[http_fetch]") {
    FetchGuest nobody({});
    std::vector<std::byte> result(64);
    std::string lines;
    for (std::size_t i = 0; i < fetch::max_request_headers; ++i)
        lines += "X-" + std::to_string(i) + ": v\r\n";
    CHECK(nobody.call(nobody.request("GET", "http://example.com/", lines), result, in_seconds(5)) ==
          EMBER_HOSTCALL_EDENIED);
    // One line more ends the decoding there, before the fetch: a guest
    // cannot have the host hold its memory many times over as strings.
    CHECK(nobody.call(nobody.request("GET", "http://example.com/", lines + "\nX: v"), result,
                      in_seconds(5)) == EMBER_HOSTCALL_EINVAL);
    REQUIRE(nobody.log().lines().size() == 2);
    CHECK_THAT(nobody.log().lines()[0], Contains("http_fetch: denied"));
    CHECK(nobody.log().lines()[1] == "http_fetch: more than 100 header lines");
}

TEST_CASE("http_fetch refuses pointers the guest may not read", "[http_fetch]") {
    FetchGuest guest({"127.0.0.1:1"});
    std::vector<std::byte> result(64);
    ember_http_request request = guest.request("GET", "http://127.0.0.1:1/");
    request.url = {0, 16};  // the page the host keeps for itself
    CHECK(guest.call(request, result, in_seconds(5)) == EMBER_HOSTCALL_EFAULT);
    request.url = {~0ull - 4, 16};
    CHECK(guest.call(request, result, in_seconds(5)) == EMBER_HOSTCALL_EFAULT);
    const std::array<std::byte, 8> short_argument{};
    CHECK(guest.call_raw(short_argument, result, in_seconds(5)) == EMBER_HOSTCALL_EFAULT);
}

TEST_CASE("http_fetch gives up at the call's deadline", "[http_fetch]") {
    test::LoopbackHttpServer server;
    server.route("/slow", test::drip(std::string(1000, 'x'), std::chrono::milliseconds(50)));
    FetchGuest guest({server.authority()});
    std::vector<std::byte> result(4096);
    const auto started = std::chrono::steady_clock::now();
    CHECK(guest.call(guest.request("GET", server.url("/slow")), result,
                     started + std::chrono::milliseconds(200)) == EMBER_HOSTCALL_ETIMEDOUT);
    // A bound far above the deadline, not a timing: the 50 s drip did not finish.
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(20));
    CHECK_THAT(guest.log().lines().at(0), Contains("http_fetch: deadline"));
}
