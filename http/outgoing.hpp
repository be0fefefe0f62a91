// A response in wire form, and how much of it the socket has taken: the part
// of a reply that any thread may write, Asio-free.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace ember::http {

struct Outgoing {
    std::string head;
    std::string body;
    std::size_t sent = 0;
    bool keep_alive = false;
    bool failed = false;  // the connection broke while writing

    std::size_t size() const { return head.size() + body.size(); }
    bool done() const { return sent == size(); }
    // What is left of the head and of the body.
    std::array<std::string_view, 2> rest() const;
};

// Writes what the socket takes without blocking (MSG_DONTWAIT); the rest is
// left for the session's asynchronous write. Sets `failed` when the
// connection broke.
void write_without_waiting(int fd, Outgoing& out);

}  // namespace ember::http
