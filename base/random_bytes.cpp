// A per-thread buffer of getrandom() bytes: one system call per 4 KiB of
// ids, not one per id.
#include "base/random_bytes.hpp"

#include <sys/random.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace ember {

namespace {

struct Buffer {
    std::array<std::byte, 4096> bytes;
    std::size_t used = bytes.size();

    void refill() {
        std::size_t filled = 0;
        while (filled < bytes.size()) {
            const ssize_t got = getrandom(bytes.data() + filled, bytes.size() - filled, 0);
            if (got < 0) {
                if (errno == EINTR) continue;
                throw std::system_error(errno, std::generic_category(), "getrandom");
            }
            filled += static_cast<std::size_t>(got);
        }
        used = 0;
    }
};

}  // namespace

void random_bytes(std::span<std::byte> out) {
    thread_local Buffer buffer;
    while (!out.empty()) {
        if (buffer.used == buffer.bytes.size()) buffer.refill();
        const std::size_t n = std::min(out.size(), buffer.bytes.size() - buffer.used);
        std::memcpy(out.data(), buffer.bytes.data() + buffer.used, n);
        // Bytes handed out once are never handed out again.
        std::memset(buffer.bytes.data() + buffer.used, 0, n);
        buffer.used += n;
        out = out.subspan(n);
    }
}

}  // namespace ember
