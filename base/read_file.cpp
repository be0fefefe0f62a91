// Whole-file and chunked reads through the fd, retrying interrupted reads.
#include "base/read_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <system_error>

#include "base/unique_fd.hpp"

namespace ember {

namespace {

constexpr std::size_t chunk_bytes = 64 * 1024;

[[noreturn]] void fail(const char* action, const std::filesystem::path& path) {
    throw std::system_error(errno, std::generic_category(),
                            std::string(action) + " " + path.string());
}

}  // namespace

void read_file_chunks(const std::filesystem::path& path,
                      const std::function<void(std::span<const std::byte>)>& consume) {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd) fail("reading", path);
    std::array<std::byte, chunk_bytes> buffer{};
    for (;;) {
        const ssize_t got = ::read(fd.get(), buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) fail("reading", path);
        if (got == 0) return;
        consume(std::span(buffer).first(static_cast<std::size_t>(got)));
    }
}

std::vector<std::byte> read_file(const std::filesystem::path& path) {
    std::vector<std::byte> bytes;
    read_file_chunks(path, [&](std::span<const std::byte> chunk) {
        bytes.insert(bytes.end(), chunk.begin(), chunk.end());
    });
    return bytes;
}

}  // namespace ember
