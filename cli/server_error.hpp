// An error answer of emberd, read from the JSON body docs/api.md fixes for
// every error: {"error":{"code":CODE,"message":MESSAGE}}, with
// "invocation_id" beside them when the error ended an invocation.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

#include "cli/http_client.hpp"

namespace ember::cli {

struct ErrorBody {
    std::string code;
    std::string message;
    std::string invocation_id;  // empty when absent
};

// The code and message of an error body; nullopt when `body` is not of that
// shape (a guest's own reply, or something that is not emberd).
std::optional<ErrorBody> parse_error_body(const std::string& body);

// A reply with a status of 400 or above. what() is the line a user reads:
// "CODE: MESSAGE (HTTP STATUS[, invocation ID])", or "HTTP STATUS: BODY"
// (the body made printable and cut) when it is no error body.
class ServerError : public std::runtime_error {
  public:
    explicit ServerError(const HttpReply& reply);
};

}  // namespace ember::cli
