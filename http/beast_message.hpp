// Conversions between Beast's messages and the Beast-free Request and
// Response (internal to ember_http: only the session includes this).
#pragma once

#include <optional>
#include <string>

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>

#include "http/message.hpp"

namespace ember::http {

using BeastRequest = boost::beast::http::request<boost::beast::http::string_body>;
using BeastResponse = boost::beast::http::response<boost::beast::http::string_body>;

// The request line and headers as a Request (header names lower-cased, body
// empty); nullopt when the target is not a path or its query is malformed.
std::optional<Request> make_head(const BeastRequest& message, const std::string& remote);

// The wire form of a handler's Response: adds Server, Date, Content-Length
// and Connection (close when !keep_alive; keep-alive for a kept HTTP/1.0
// connection), drops the handler's own values for those and any header with
// a line break, and turns a status outside 200-599 into a 500.
BeastResponse make_response(Response response, unsigned version, bool keep_alive);

// The status line and header fields of `message` as sent, ending with the
// blank line; the body follows them on the wire unchanged.
std::string serialize_head(BeastResponse& message);

}  // namespace ember::http
