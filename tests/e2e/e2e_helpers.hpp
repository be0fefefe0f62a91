// What most end-to-end tests do: read a guest binary, deploy it, invoke it,
// and check an error reply against docs/api.md's error shape.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "daemon_process.hpp"
#include "http_client.hpp"

namespace ember::e2e {

// EMBER_GUEST_DIR/NAME.elf (REQUIREs that it exists) and its bytes.
std::filesystem::path guest_path(std::string_view guest);
std::string guest_binary(std::string_view guest);

// PUT /v1/functions/NAME?QUERY with the guest's binary as body.
Response deploy(HttpClient& client, std::string_view name, std::string_view guest,
                std::string_view query = {}, const Headers& headers = {});
// deploy() that REQUIREs 201.
Response deploy_ok(HttpClient& client, std::string_view name, std::string_view guest,
                   std::string_view query = {});
// POST /v1/functions/NAME/invoke[?QUERY].
Response invoke(HttpClient& client, std::string_view name, std::string_view input = {},
                std::string_view query = {}, const Headers& headers = {});

// CHECKs status, the JSON error shape {"error":{"code":..,"message":..}},
// the code and a non-empty message.
void check_error(const Response& response, unsigned status, std::string_view code);

// Lower-case hex SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

// True when `text` is a non-empty run of decimal digits.
bool is_decimal(std::string_view text);

// An invoke on its own thread and connection, e.g. a call that holds a
// sandbox until its timeout. Nothing on that thread asserts (Catch2 v2 is
// not thread-safe): finish() hands the outcome to the test's thread.
class BackgroundCall {
  public:
    BackgroundCall(const Daemon& daemon, std::string name);
    ~BackgroundCall();  // joins
    BackgroundCall(const BackgroundCall&) = delete;
    BackgroundCall& operator=(const BackgroundCall&) = delete;

    // Waits for the call; REQUIREs that a response came and returns it.
    Response finish();

  private:
    std::optional<Response> response_;
    std::string error_;
    std::thread thread_;
};

// Polls GET /v1/functions/NAME (every 10 ms, at most 20 s: a bound for a
// loaded machine, not a timing) until `busy` of its sandboxes are busy;
// false if they never are.
bool wait_until_busy(HttpClient& client, std::string_view name, long long busy = 1);

}  // namespace ember::e2e
