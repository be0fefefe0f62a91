// sd_notify(3) without libsystemd: READY=1, STOPPING=1 and WATCHDOG=1 as
// datagrams to $NOTIFY_SOCKET. Does nothing when not run by systemd.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace ember::daemon {

void notify_systemd(std::string_view state);

// How often to send WATCHDOG=1 (half of WATCHDOG_USEC), when systemd asks.
std::optional<std::chrono::microseconds> watchdog_interval();

}  // namespace ember::daemon
