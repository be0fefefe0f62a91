// Deploy/invoke helpers and the error-shape check.
#include "e2e_helpers.hpp"

#include <openssl/evp.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

namespace ember::e2e {

// Throws rather than using Catch's macros: tests call it from their client
// threads, and Catch2 v2 assertions are not thread-safe.
std::filesystem::path guest_path(std::string_view guest) {
    const auto path = std::filesystem::path(EMBER_GUEST_DIR) / (std::string(guest) + ".elf");
    if (!std::filesystem::is_regular_file(path)) {
        throw std::runtime_error("missing guest binary " + path.string());
    }
    return path;
}

std::string guest_binary(std::string_view guest) {
    std::ifstream in(guest_path(guest), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return bytes.str();
}

namespace {

// "/v1/functions/NAME" + tail + "?QUERY", appended piece by piece: gcc 12
// at -O3 reports a false -Wrestrict inside `"literal" + std::string(...)`
// (its bug 105329).
std::string function_target(std::string_view name, std::string_view tail, std::string_view query) {
    std::string target = "/v1/functions/";
    target += name;
    target += tail;
    if (!query.empty()) {
        target += '?';
        target += query;
    }
    return target;
}

}  // namespace

Response deploy(HttpClient& client, std::string_view name, std::string_view guest,
                std::string_view query, const Headers& headers) {
    const std::string target = function_target(name, "", query);
    Headers all = {{"Content-Type", "application/octet-stream"}};
    all.insert(all.end(), headers.begin(), headers.end());
    return client.request("PUT", target, guest_binary(guest), all);
}

Response deploy_ok(HttpClient& client, std::string_view name, std::string_view guest,
                   std::string_view query) {
    const Response response = deploy(client, name, guest, query);
    INFO("deploy " << name << " from " << guest << (query.empty() ? "" : "?") << query << ": "
                   << response.summary());
    REQUIRE(response.status == 201);
    return response;
}

Response invoke(HttpClient& client, std::string_view name, std::string_view input,
                std::string_view query, const Headers& headers) {
    return client.request("POST", function_target(name, "/invoke", query), input, headers);
}

void check_error(const Response& response, unsigned status, std::string_view code) {
    INFO("response: " << response.summary());
    CHECK(response.status == status);
    CHECK(response.header("content-type").starts_with("application/json"));
    const nlohmann::json body = response.json();
    REQUIRE_FALSE(body.is_discarded());
    REQUIRE(body.is_object());
    REQUIRE(body.contains("error"));
    const nlohmann::json& error = body["error"];
    REQUIRE(error.is_object());
    REQUIRE(error.contains("code"));
    REQUIRE(error.contains("message"));
    REQUIRE(error["code"].is_string());
    REQUIRE(error["message"].is_string());
    CHECK(error["code"].get<std::string>() == code);
    CHECK_FALSE(error["message"].get<std::string>().empty());
}

std::string sha256_hex(std::string_view bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    REQUIRE(EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) == 1);
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

bool is_decimal(std::string_view text) {
    if (text.empty()) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return true;
}

BackgroundCall::BackgroundCall(const Daemon& daemon, std::string name)
    : thread_([this, client = daemon.client(), name = std::move(name)]() mutable {
          try {
              response_ = invoke(client, name);
          } catch (const std::exception& e) {
              error_ = e.what();
          }
      }) {}

BackgroundCall::~BackgroundCall() {
    if (thread_.joinable()) thread_.join();
}

Response BackgroundCall::finish() {
    if (thread_.joinable()) thread_.join();
    INFO(error_);
    REQUIRE(response_);
    return *response_;
}

bool wait_until_busy(HttpClient& client, std::string_view name, long long busy) {
    const std::string target = "/v1/functions/" + std::string(name);
    for (int i = 0; i < 2000; ++i) {
        const Response d = client.request("GET", target);
        if (d.status == 200 && d.json().at("pool").at("busy") == busy) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

}  // namespace ember::e2e
