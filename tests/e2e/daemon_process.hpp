// A real emberd (EMBER_BIN_DIR/emberd) run as a child process for one test:
// its own temporary directory with the config file, the data dir and the log,
// a free port on 127.0.0.1, and RAII clean-up (the child is always killed and
// reaped, the directory always removed).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "http_client.hpp"

namespace ember::e2e {

// The config every test daemon starts from: no preload, small pools (memory_mb
// 16, pool_min 1, pool_max 4, max_queue 8, timeout_ms 1000), a 10 s drain.
// A test's overrides are merged over it (JSON merge patch).
nlohmann::json base_config();

struct DaemonOptions {
    nlohmann::json config = nlohmann::json::object();  // merged over base_config()
    bool wait_ready = true;                            // also wait for /readyz 200
    std::string log_level = "debug";
    // Where the store lives; empty for dir()/data. A test that puts it on a
    // disk of its own (tests/tmpfs_mount.hpp) names a directory on it.
    std::filesystem::path data_dir = {};
};

// Create, restart and destroy a Daemon on one thread (the test's): the
// child is killed when the thread that started it ends (PR_SET_PDEATHSIG),
// so that a crashed test process leaves no daemon behind.
class Daemon {
  public:
    // Starts emberd and waits for /healthz (and /readyz unless told not to);
    // FAILs with the log's tail when it does not come up within 20 s. Without
    // /dev/kvm the test is skipped (tests/skip.hpp).
    explicit Daemon(DaemonOptions options = {});
    ~Daemon();
    Daemon(const Daemon&) = delete;
    Daemon& operator=(const Daemon&) = delete;

    uint16_t port() const { return port_; }
    pid_t pid() const { return pid_; }
    bool running() const { return pid_ > 0; }
    const std::filesystem::path& dir() const { return dir_; }
    std::filesystem::path data_dir() const {
        return options_.data_dir.empty() ? dir_ / "data" : options_.data_dir;
    }
    std::filesystem::path log_path() const { return dir_ / "emberd.log"; }
    std::filesystem::path config_path() const { return dir_ / "emberd.json"; }

    // A new client of this daemon (keep-alive; one per thread).
    HttpClient client(std::chrono::milliseconds timeout = 10s) const {
        return HttpClient(port_, timeout);
    }
    // One request on a fresh connection (throws ClientError when none comes).
    Response request(std::string_view method, std::string_view target, std::string_view body = {},
                     const Headers& headers = {}) const;

    // Polls GET /healthz (and then /readyz) every 20 ms; false when the
    // limit passes or the process exits first.
    bool wait_healthy(std::chrono::milliseconds limit = 20s);
    bool wait_ready(std::chrono::milliseconds limit = 20s);

    // SIGTERM, then waits up to `limit` for the exit. Returns the exit status
    // (128 + N for a death by signal N); on timeout SIGKILLs it and FAILs.
    int stop(std::chrono::milliseconds limit = 20s);
    // Sends SIGTERM only (for tests that watch the drain).
    void signal_terminate();
    // Waits up to `limit` for the child to exit; its status, or nullopt
    // while it still runs.
    std::optional<int> wait_exit(std::chrono::milliseconds limit);
    // SIGKILL and reap.
    void kill9();
    // Starts emberd again on the same data dir and config (a new port: make
    // new clients). REQUIREs that the previous process has been stopped.
    void restart(bool wait_ready = true);

    // The last `lines` lines of the log (stdout and stderr of every run).
    std::string log_tail(std::size_t lines = 60) const;
    std::string log_text() const;
    // The log of the current (or last) run only.
    std::string last_run_log() const;

  private:
    static DaemonOptions on_kvm(DaemonOptions options);
    void write_config() const;
    void spawn();
    void start(bool wait_ready);
    void kill_and_reap() noexcept;

    DaemonOptions options_;
    std::filesystem::path dir_;
    uint16_t port_ = 0;
    pid_t pid_ = -1;
    bool log_dumped_ = false;
};

// The emberd executable under test.
std::filesystem::path emberd_path();

// True when the current test case has a failed assertion so far.
bool current_test_failed();

}  // namespace ember::e2e
