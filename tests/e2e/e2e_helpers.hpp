// What most end-to-end tests do: read a guest binary, deploy it, invoke it,
// and check an error reply against API.md's error shape.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

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

}  // namespace ember::e2e
