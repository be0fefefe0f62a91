// emberd's metrics: recording, and the lookups render() builds on. The text
// itself is written in metrics_render.cpp.
#include "daemon/metrics/metrics.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>

namespace ember::daemon {

namespace {

// Outcomes that name a function the request made up rather than one that exists.
bool untrusted_name(Outcome outcome) {
    return outcome == Outcome::not_found || outcome == Outcome::bad_request;
}

}  // namespace

Metrics::Metrics() : restore_durations_(latency_buckets_seconds) {}

FunctionMetrics* Metrics::find(std::string_view name) const {
    std::shared_lock lock(mutex_);
    const auto found = functions_.find(name);
    return found == functions_.end() ? nullptr : found->second.get();
}

FunctionMetrics& Metrics::function(std::string_view name) {
    // The common case, a known function, takes only the shared lock.
    if (FunctionMetrics* known = find(name)) return *known;
    std::unique_lock lock(mutex_);
    auto [entry, inserted] = functions_.try_emplace(std::string(name));
    if (inserted) entry->second = std::make_unique<FunctionMetrics>(restore_durations_);
    return *entry->second;
}

void Metrics::invocation(std::string_view name, Outcome outcome, std::chrono::nanoseconds total,
                         std::chrono::nanoseconds in_sandbox, bool cold_start) {
    FunctionMetrics* known = find(name);
    FunctionMetrics& target =
        known != nullptr ? *known : function(untrusted_name(outcome) ? unknown_function : name);
    target.invocation(outcome, total, in_sandbox, cold_start);
}

void Metrics::restore(std::string_view name, std::chrono::nanoseconds duration) {
    function(name).restore(duration);
}

void Metrics::guest_log_dropped(std::string_view name, std::uint64_t lines) {
    function(name).guest_log_dropped(lines);
}

void Metrics::deploy(std::string_view name, bool ok) {
    function(name).deploy(ok);
}

void Metrics::remove_function(std::string_view name) {
    // A name never seen has nothing to hide; don't create a series for it.
    if (FunctionMetrics* known = find(name)) known->remove();
}

void Metrics::http_request(unsigned status) {
    auto& counter = status >= first_status && status <= last_status
                        ? http_status_[status - first_status]
                        : http_status_other_;
    counter.fetch_add(1, std::memory_order_relaxed);
}

std::vector<Metrics::NamedFunction> Metrics::functions_by_name() const {
    // The entries are never erased or moved, so the pointers and names stay
    // valid after the lock is released; render() reads the atomics unlocked.
    std::shared_lock lock(mutex_);
    std::vector<NamedFunction> functions;
    functions.reserve(functions_.size());
    for (const auto& [name, metrics] : functions_)
        functions.push_back({name, metrics.get()});
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
        const FunctionMetrics* known = find(pool.function);
        if (known == nullptr || !known->removed()) live.push_back(&pool);
    }
    std::sort(live.begin(), live.end(), [](const PoolGauges* a, const PoolGauges* b) {
        return std::tie(a->function, a->version) < std::tie(b->function, b->version);
    });
    return live;
}

}  // namespace ember::daemon
