// emberd's metrics: recording, and the lookups render() builds on. The text
// itself is written in metrics_render.cpp.
#include "daemon/metrics/metrics.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>

namespace ember::daemon {

Metrics::Metrics() : restore_durations_(latency_buckets_seconds) {}

std::shared_ptr<FunctionMetrics> Metrics::find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    const auto found = functions_.find(name);
    return found == functions_.end() ? nullptr : found->second;
}

std::shared_ptr<FunctionMetrics> Metrics::add_function(std::string_view name) {
    // The common case, a known function, takes only the shared lock.
    if (auto known = find(name)) return known;
    std::unique_lock lock(mutex_);
    auto [entry, inserted] = functions_.try_emplace(std::string(name));
    if (inserted) entry->second = std::make_shared<FunctionMetrics>(restore_durations_);
    return entry->second;
}

std::shared_ptr<const FunctionMetrics> Metrics::function(std::string_view name) const {
    return find(name);
}

std::shared_ptr<FunctionMetrics> Metrics::known_or_unknown(std::string_view name) {
    if (auto known = find(name)) return known;
    return add_function(unknown_function);
}

void Metrics::invocation(std::string_view name, Outcome outcome, std::chrono::nanoseconds total,
                         std::chrono::nanoseconds in_sandbox, bool cold_start) {
    known_or_unknown(name)->invocation(outcome, total, in_sandbox, cold_start);
}

void Metrics::restore(std::string_view name, std::chrono::nanoseconds duration) {
    known_or_unknown(name)->restore(duration);
}

void Metrics::guest_log_dropped(std::string_view name, std::uint64_t lines) {
    known_or_unknown(name)->guest_log_dropped(lines);
}

void Metrics::deploy(std::string_view name, bool ok) {
    (ok ? add_function(name) : known_or_unknown(name))->deploy(ok);
}

void Metrics::remove_function(std::string_view name) {
    std::unique_lock lock(mutex_);
    const auto found = functions_.find(name);
    if (found != functions_.end()) functions_.erase(found);
}

std::size_t Metrics::functions() const {
    std::shared_lock lock(mutex_);
    return functions_.size();
}

void Metrics::http_request(unsigned status) {
    auto& counter = status >= first_status && status <= last_status
                        ? http_status_[status - first_status]
                        : http_status_other_;
    counter.fetch_add(1, std::memory_order_relaxed);
}

std::vector<Metrics::NamedFunction> Metrics::functions_by_name() const {
    // Copies: a function removed while render() runs keeps its series
    // alive until the render is done; render() reads the atomics unlocked.
    std::shared_lock lock(mutex_);
    std::vector<NamedFunction> functions;
    functions.reserve(functions_.size());
    for (const auto& [name, metrics] : functions_)
        functions.push_back({name, metrics});
    return functions;
}

std::vector<Metrics::StatusCount> Metrics::status_counts() const {
    // Only the codes seen: 500 zero series would drown the scrape.
    std::vector<StatusCount> counts;
    for (unsigned status = first_status; status <= last_status; ++status) {
        const std::uint64_t count =
            http_status_[status - first_status].load(std::memory_order_relaxed);
        if (count > 0) counts.push_back({std::to_string(status), count});
    }
    const std::uint64_t other = http_status_other_.load(std::memory_order_relaxed);
    if (other > 0) counts.push_back({"other", other});
    return counts;
}

std::vector<const PoolGauges*> Metrics::live_pools(const std::vector<PoolGauges>& pools) const {
    std::vector<const PoolGauges*> live;
    for (const PoolGauges& pool : pools) {
        if (find(pool.function)) live.push_back(&pool);
    }
    std::sort(live.begin(), live.end(), [](const PoolGauges* a, const PoolGauges* b) {
        return std::tie(a->function, a->version) < std::tie(b->function, b->version);
    });
    return live;
}

}  // namespace ember::daemon
