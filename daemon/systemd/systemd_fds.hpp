// systemd socket activation without libsystemd: the listening sockets passed
// in LISTEN_PID / LISTEN_FDS, as sd_listen_fds(3) describes.
#pragma once

#include <vector>

namespace ember::daemon {

// The first file descriptor systemd passes (SD_LISTEN_FDS_START).
inline constexpr int listen_fds_start = 3;

// The inherited fds 3, 4, ... when LISTEN_PID names this process; empty when
// the variables are absent or meant for another process. Marks the fds
// close-on-exec and unsets LISTEN_PID, LISTEN_FDS and LISTEN_FDNAMES so that
// children do not inherit them. Throws std::system_error (invalid_argument)
// when a variable is malformed, or with errno when an fd is not open.
// Not thread-safe (it edits the environment): call it early in main().
std::vector<int> systemd_listen_fds();

}  // namespace ember::daemon
