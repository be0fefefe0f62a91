// Reading one HTTP/1.1 response out of the bytes received so far, for the
// raw-socket clients of ember-abuse: they must see exactly what the server
// sent (a 413 after half a body, a close without an answer), which a client
// library would hide.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ember::loadtest {

struct WireResponse {
    unsigned status = 0;
    std::string body;
    bool close = false;      // "Connection: close": the server ends the connection after it
    std::size_t length = 0;  // bytes of `received` this response took, head and body
};

// The first response in `received`, or nullopt while it is incomplete.
// Bodies must have a Content-Length (emberd never sends chunked replies).
// Throws std::runtime_error when the bytes are not an HTTP/1.1 response.
std::optional<WireResponse> parse_response(std::string_view received);

}  // namespace ember::loadtest
