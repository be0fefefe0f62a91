// What the server, its listeners and its sessions share: the config, the
// handler, the table of open connections (for limits, stats and drain) and
// the gate that tells other threads whether the I/O context still exists.
// Internal to ember_http; Beast-free.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <vector>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace ember::http {

// An open connection as the server sees it. drain() and force_close() may be
// called from any thread while the I/O context exists (they post to the
// connection's own strand); abandon() only once the I/O threads are joined.
class Connection {
  public:
    virtual ~Connection() = default;
    // Close now if idle, else after the current response.
    virtual void drain() = 0;
    virtual void force_close() = 0;
    // Drop the reference a connection holds on itself while a handler owns
    // its request, so that it can be destroyed with the I/O context.
    virtual void abandon() = 0;
};

class ServerState {
  public:
    ServerState(const ServerConfig& config, Handler& handler);

    const ServerConfig& config() const { return config_; }
    Handler& handler() const { return handler_; }

    // Registers an accepted connection and returns its id, or nullopt (and
    // counts a rejection) when max_connections are already open.
    std::optional<uint64_t> admit(std::weak_ptr<Connection> connection);
    // Idempotent; wakes wait_until_empty().
    void remove(uint64_t id);
    void count_request() { requests_.fetch_add(1, std::memory_order_relaxed); }

    bool draining() const { return draining_.load(); }
    // Sets draining() and calls drain() on every open connection.
    void begin_drain();
    void force_close_all();
    void abandon_all();
    // True once no connection is open; false if `deadline` came first.
    bool wait_until_empty(std::chrono::steady_clock::time_point deadline);

    ServerStats stats() const;

    // Runs `post` (which posts to the I/O context or writes to one of its
    // sockets) unless shut_gate() has been called: a thread outside the
    // server may then never touch the context, which is about to be destroyed.
    template <class Post>
    void while_running(Post&& post) {
        std::shared_lock lock(gate_mutex_);
        if (running_) post();
    }
    void shut_gate();

  private:
    std::vector<std::shared_ptr<Connection>> open_connections() const;

    ServerConfig config_;
    Handler& handler_;

    mutable std::mutex mutex_;  // guards connections_ and next_id_
    std::condition_variable emptied_;
    std::map<uint64_t, std::weak_ptr<Connection>> connections_;
    uint64_t next_id_ = 0;

    std::atomic<bool> draining_{false};
    std::atomic<uint64_t> accepted_{0};
    std::atomic<uint64_t> rejected_{0};
    std::atomic<uint64_t> requests_{0};

    // Separate from mutex_: destroying a connection under the gate takes mutex_.
    std::shared_mutex gate_mutex_;
    bool running_ = true;
};

}  // namespace ember::http
