// End-to-end: the documented body limits are the ones enforced, at their
// defaults and configured past Beast's own default (8 MiB): a deploy body and
// an invoke input of limit − 1 and limit bytes are taken, limit + 1 is
// 413 payload_too_large naming the limit, and emberd serves on.
#include <catch2/catch.hpp>

#include <string>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

constexpr std::size_t mib = 1 << 20;

// Large bodies on an emulated CPU take a while; this is a bound, not a timing.
constexpr auto patient = std::chrono::seconds(120);

// The echo guest padded with zeros to `size` bytes: the ELF ignores them.
std::string padded_guest(std::size_t size) {
    std::string binary = guest_binary("echo");
    REQUIRE(binary.size() < size);
    binary.resize(size, '\0');
    return binary;
}

Response upload(const Daemon& daemon, const std::string& name, const std::string& body) {
    HttpClient client = daemon.client(patient);
    return client.request("PUT", "/v1/functions/" + name, body,
                          {{"Content-Type", "application/octet-stream"}});
}

void check_too_large(const Response& response, std::size_t limit) {
    INFO(response.summary());
    check_error(response, 413, "payload_too_large");
    CHECK(response.json().at("error").at("message") ==
          "the request body exceeds the limit of " + std::to_string(limit) + " bytes");
}

void check_deploy_limit(const Daemon& daemon, std::size_t limit) {
    INFO("max_body_bytes " << limit);
    const Response under = upload(daemon, "under", padded_guest(limit - 1));
    INFO(under.summary());
    CHECK(under.status == 201);
    CHECK(under.json().at("size_bytes") == limit - 1);
    const Response at = upload(daemon, "at", padded_guest(limit));
    INFO(at.summary());
    CHECK(at.status == 201);
    CHECK(at.json().at("size_bytes") == limit);
    check_too_large(upload(daemon, "over", padded_guest(limit + 1)), limit);
    check_error(daemon.request("GET", "/v1/functions/over"), 404, "function_not_found");
    HttpClient client = daemon.client(patient);
    CHECK(invoke(client, "at", "still").body == "still");
}

void check_input_limit(const Daemon& daemon, std::size_t limit) {
    INFO("max_input_bytes " << limit);
    HttpClient client = daemon.client(patient);
    for (const std::size_t size : {limit - 1, limit}) {
        const Response counted = invoke(client, "words", std::string(size, 'x'));
        INFO(size << " bytes: " << counted.summary());
        CHECK(counted.status == 200);
        CHECK(counted.body == "1");
    }
    check_too_large(invoke(client, "words", std::string(limit + 1, 'x')), limit);
    HttpClient other = daemon.client(patient);
    CHECK(invoke(other, "words", "one two three").body == "3");
}

TEST_CASE("deploy bodies at the default max_body_bytes (16 MiB) − 1, at it and past it",
          "[kvm][e2e]") {
    Daemon daemon;
    check_deploy_limit(daemon, 16 * mib);
}

TEST_CASE("deploy bodies at a configured max_body_bytes of 64 MiB − 1, at it and past it",
          "[kvm][e2e]") {
    Daemon daemon({.config = {{"max_body_bytes", 64 * mib}}});
    check_deploy_limit(daemon, 64 * mib);
}

TEST_CASE("invoke inputs at the default max_input_bytes (1 MiB) − 1, at it and past it",
          "[kvm][e2e]") {
    Daemon daemon;
    HttpClient client = daemon.client(patient);
    deploy_ok(client, "words", "wordcount", "timeout_ms=60000");
    check_input_limit(daemon, mib);
}

TEST_CASE("invoke inputs at a configured max_input_bytes of 64 MiB − 1, at it and past it",
          "[kvm][e2e]") {
    // Every sandbox's input buffer is max_input_bytes: the function's memory
    // must hold it.
    Daemon daemon({.config = {{"max_input_bytes", 64 * mib}}});
    HttpClient client = daemon.client(patient);
    deploy_ok(client, "words", "wordcount", "memory_mb=160&timeout_ms=60000");
    check_input_limit(daemon, 64 * mib);
}

}  // namespace
}  // namespace ember::e2e
