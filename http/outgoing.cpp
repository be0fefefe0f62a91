// Non-blocking gathered writes of a response.
#include "http/outgoing.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

namespace ember::http {

std::array<std::string_view, 2> Outgoing::rest() const {
    const std::size_t in_head = std::min(sent, head.size());
    return {std::string_view(head).substr(in_head), std::string_view(body).substr(sent - in_head)};
}

void write_without_waiting(int fd, Outgoing& out) {
    while (!out.done()) {
        std::array<iovec, 2> parts{};
        std::size_t count = 0;
        for (const std::string_view part : out.rest()) {
            if (part.empty()) continue;
            parts[count++] = {const_cast<char*>(part.data()), part.size()};
        }
        msghdr message{};
        message.msg_iov = parts.data();
        message.msg_iovlen = count;
        const ssize_t written = ::sendmsg(fd, &message, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (written > 0) {
            out.sent += static_cast<std::size_t>(written);
        } else if (written < 0 && errno == EINTR) {
            continue;
        } else {
            out.failed = written < 0 && errno != EAGAIN && errno != EWOULDBLOCK;
            return;
        }
    }
}

}  // namespace ember::http
