// sd_listen_fds(3) re-done in a few lines, so the daemon needs no libsystemd.
#include "daemon/systemd/systemd_fds.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <string>
#include <string_view>
#include <system_error>

namespace ember::daemon {
namespace {

// Far beyond any unit file; keeps fd arithmetic in range.
constexpr long max_listen_fds = 4096;

long parse_number(const char* name, std::string_view text) {
    long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || value < 0)
        throw std::system_error(
            std::make_error_code(std::errc::invalid_argument),
            std::string(name) + "=" + std::string(text) + ": expected a non-negative number");
    return value;
}

void unset_variables() {
    ::unsetenv("LISTEN_PID");
    ::unsetenv("LISTEN_FDS");
    ::unsetenv("LISTEN_FDNAMES");
}

void set_close_on_exec(int fd) {
    const int flags = ::fcntl(fd, F_GETFD);
    if (flags < 0 || ::fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0)
        throw std::system_error(errno, std::generic_category(),
                                "LISTEN_FDS: fd " + std::to_string(fd));
}

}  // namespace

std::vector<int> systemd_listen_fds() {
    const char* pid_text = std::getenv("LISTEN_PID");
    const char* fds_text = std::getenv("LISTEN_FDS");
    if (pid_text == nullptr || fds_text == nullptr) return {};
    const long pid = parse_number("LISTEN_PID", pid_text);
    const long count = parse_number("LISTEN_FDS", fds_text);
    if (pid != ::getpid()) return {};
    if (count > max_listen_fds)
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                "LISTEN_FDS=" + std::string(fds_text) + ": too many sockets");
    unset_variables();
    std::vector<int> fds;
    for (long i = 0; i < count; ++i) {
        const int fd = listen_fds_start + static_cast<int>(i);
        set_close_on_exec(fd);
        fds.push_back(fd);
    }
    return fds;
}

}  // namespace ember::daemon
