// A redis-server of its own for one test: a temporary directory for its
// append-only file, its log and its Unix socket; a free port on 127.0.0.1
// (never the system instance's 6379); `appendonly yes` and `appendfsync
// always`, no snapshots, no config file. The child is killed with SIGKILL
// when the object goes, or when the thread that started it ends
// (PR_SET_PDEATHSIG), and the directory removed.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "kv/redis_kv_store.hpp"

namespace ember::kv::test {

class RedisServer {
  public:
    // Starts redis-server with `extra_args` after the defaults (e.g.
    // {"--requirepass", "secret"}) and waits until it accepts connections;
    // FAILs with its log when it does not within 20 s. Skips the test
    // (tests/skip.hpp) when redis-server is not installed.
    explicit RedisServer(std::vector<std::string> extra_args = {});
    RedisServer(const RedisServer&) = delete;
    RedisServer& operator=(const RedisServer&) = delete;
    ~RedisServer();

    std::uint16_t port() const { return port_; }
    std::filesystem::path unix_socket() const { return dir_ / "redis.sock"; }
    // Options for a store of this server on 127.0.0.1:port(), with
    // timeouts of 2 s.
    RedisKvOptions options() const;

    // SIGKILL and reap, as a crash would.
    void kill9();
    // Starts it again on the same port and directory (REQUIREs that it was
    // killed), and waits until it has loaded its append-only file.
    void restart();
    // SIGSTOP and SIGCONT: a server that accepts connections and answers
    // nothing, then comes back.
    void freeze();
    void thaw();

    std::string log_text() const;

  private:
    void spawn();
    bool wait_ready();
    void kill_and_reap() noexcept;

    std::filesystem::path binary_;
    std::vector<std::string> extra_args_;
    std::filesystem::path dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
    int starts_ = 0;  // how many "Ready to accept connections" the log has by now
};

}  // namespace ember::kv::test
