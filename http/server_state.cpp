// The connection table and counters behind limits, stats and drain.
#include "http/server_state.hpp"

namespace ember::http {

ServerState::ServerState(const ServerConfig& config, Handler& handler)
    : config_(config), handler_(handler) {}

std::optional<uint64_t> ServerState::admit(std::weak_ptr<Connection> connection) {
    std::lock_guard lock(mutex_);
    if (connections_.size() >= config_.max_connections) {
        rejected_.fetch_add(1, std::memory_order_relaxed);
        return std::nullopt;
    }
    const uint64_t id = next_id_++;
    connections_.emplace(id, std::move(connection));
    accepted_.fetch_add(1, std::memory_order_relaxed);
    return id;
}

void ServerState::remove(uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
    if (connections_.empty()) emptied_.notify_all();
}

// Strong references taken under the lock and used outside it: a connection's
// destructor calls remove(), which must not find mutex_ held.
std::vector<std::shared_ptr<Connection>> ServerState::open_connections() const {
    std::vector<std::shared_ptr<Connection>> open;
    std::lock_guard lock(mutex_);
    for (const auto& [id, weak] : connections_) {
        if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
    return open;
}

void ServerState::begin_drain() {
    draining_.store(true);
    for (const auto& connection : open_connections())
        connection->drain();
}

void ServerState::force_close_all() {
    for (const auto& connection : open_connections())
        connection->force_close();
}

void ServerState::abandon_all() {
    for (const auto& connection : open_connections())
        connection->abandon();
}

bool ServerState::wait_until_empty(std::chrono::steady_clock::time_point deadline) {
    std::unique_lock lock(mutex_);
    return emptied_.wait_until(lock, deadline, [this] { return connections_.empty(); });
}

ServerStats ServerState::stats() const {
    ServerStats stats;
    stats.connections_accepted = accepted_.load(std::memory_order_relaxed);
    stats.connections_rejected = rejected_.load(std::memory_order_relaxed);
    stats.requests = requests_.load(std::memory_order_relaxed);
    std::lock_guard lock(mutex_);
    stats.active_connections = connections_.size();
    return stats;
}

void ServerState::shut_gate() {
    std::lock_guard lock(gate_mutex_);
    running_ = false;
}

}  // namespace ember::http
