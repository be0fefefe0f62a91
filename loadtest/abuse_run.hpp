// An ember-abuse run: every abusive client at once (abusive_clients.hpp)
// while the normal client (normal_client.hpp) checks and times its
// requests; then the attackers leave, and the server must still answer and
// give back what they held.
//
// run_abuse(): starts the attacks, waits until the idle connections are
// all established (or ramp_limit passes), runs the normal client for
// `duration`, stops the attacks, and checks one more normal request. When
// the server's pid is known it counts its open files before, at the most
// during the run, and after: the last check waits first (up to
// fd_settle_limit) until they are back down to what they were.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "base/url.hpp"
#include "loadtest/abusive_clients.hpp"
#include "loadtest/normal_client.hpp"

namespace ember::loadtest {

struct AbuseCounts {
    unsigned idle = 500;
    unsigned slowloris = 50;
    unsigned oversize = 50;
    unsigned vanish = 20;
    unsigned nonreader = 1;
};

struct AbuseConfig {
    Url url;
    NormalTarget target;
    AbuseCounts counts;
    AttackSetup attack;  // its endpoint and host are filled in from url
    std::chrono::duration<double> duration{60.0};
    std::chrono::milliseconds normal_pause{10};  // between two normal requests
    std::chrono::milliseconds request_timeout{10000};
    std::chrono::milliseconds ramp_limit{60000};
    std::chrono::milliseconds fd_settle_limit{30000};
    std::optional<pid_t> server_pid;
};

struct AttackResult {
    AttackKind kind;
    unsigned clients;
    AttackTally tally;
};

struct AbuseReport {
    NormalResult normal;
    std::vector<AttackResult> attacks;
    unsigned idle_established = 0;  // when the normal client started
    double ramp_seconds = 0;
    std::chrono::duration<double> measured{0};
    std::string after_error;    // the check once the attackers left; empty: correct
    double settle_seconds = 0;  // from the attackers' leaving to the files back down
    std::optional<std::size_t> fds_before, fds_peak, fds_after;

    // Every normal answer and the one after the attackers correct.
    bool passed() const;
};

// Throws std::runtime_error when the server cannot be reached at all.
AbuseReport run_abuse(AbuseConfig config);

std::string report_text(const AbuseConfig& config, const AbuseReport& report);

// Entries of /proc/PID/fd; nullopt when they cannot be read.
std::optional<std::size_t> open_fds(pid_t pid);

}  // namespace ember::loadtest
