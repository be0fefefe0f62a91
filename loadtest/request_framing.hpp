// Where one HTTP/1.1 request ends in the bytes a server has read: the head
// and a Content-Length body. What ember-null-server needs to answer each
// request of a keep-alive (or pipelining) client without parsing more.
#pragma once

#include <cstddef>
#include <string_view>

namespace ember::loadtest {

struct RequestFrame {
    enum class State {
        incomplete,  // read more
        complete,    // the first `size` bytes are one whole request
        invalid,     // answer 400 and close
    };
    State state = State::incomplete;
    std::size_t size = 0;
    // The client asked for "Connection: close", or spoke HTTP/1.0 without
    // keep-alive.
    bool close = false;
    bool head = false;  // a HEAD: its reply has no body
};

// Longer heads and bodies are invalid: the server buffers a whole request.
inline constexpr std::size_t max_request_head = 16 * 1024;
inline constexpr std::size_t max_request_body = 64 * 1024 * 1024;

// Frames the first request in `bytes`. Chunked request bodies are invalid:
// no load generator of ours sends them.
RequestFrame frame_request(std::string_view bytes);

}  // namespace ember::loadtest
