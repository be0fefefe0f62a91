// emberd's metrics: what the daemon counts while it runs, rendered for
// `GET /metrics` in the Prometheus text format with the `ember_` prefix.
#pragma once

#include "daemon/metrics/function_metrics.hpp"
#include "daemon/metrics/histogram.hpp"
#include "daemon/metrics/outcome.hpp"

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace ember::daemon {

// One function version's pool at scrape time, supplied by the caller.
struct PoolGauges {
    std::string function;
    std::uint32_t version = 0;
    std::size_t ready = 0;
    std::size_t busy = 0;
    std::size_t creating = 0;
    std::size_t queued = 0;
};

// The HTTP server's connection counts at scrape time, supplied by the caller.
struct ServerGauges {
    std::uint64_t connections_accepted = 0;
    std::uint64_t connections_rejected = 0;
    std::uint64_t active_connections = 0;
};

// Thread-safe. A function has series from add_function() (its deploy) until
// remove_function() (its delete): the function label's values are the
// functions served, so names that come and go leave nothing behind, in
// memory or in the scrape. Anything recorded for a name without series (a
// call to a name never deployed, the last calls of a function being
// removed, a failed deploy of a new name) counts under `unknown_function`.
// The name-taking calls cost a shared lock and a map lookup on top of the
// atomic adds.
class Metrics {
  public:
    // Where what names no function with series is counted: such names may
    // come from requests, and a series per name would let any client grow
    // the daemon's memory and the scrape without bound. Function names
    // cannot start with '_', so this cannot collide with one.
    static constexpr std::string_view unknown_function = "_unknown";

    Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // Creates the function's series (all zero) if it has none yet. The
    // handle stays usable after remove_function(), recording into series
    // no scrape shows any more.
    std::shared_ptr<FunctionMetrics> add_function(std::string_view name);
    // The function's series, or null when it has none.
    std::shared_ptr<const FunctionMetrics> function(std::string_view name) const;

    void invocation(std::string_view function, Outcome outcome, std::chrono::nanoseconds total,
                    std::chrono::nanoseconds in_sandbox, bool cold_start);
    void restore(std::string_view function, std::chrono::nanoseconds duration);
    // A successful deploy creates the function's series.
    void deploy(std::string_view function, bool ok);
    void guest_log_dropped(std::string_view function, std::uint64_t lines);
    // Drops the function's series, its pool gauges included even if the
    // caller still lists its pool. Deployed again, it starts from zero
    // (Prometheus reads that as a counter reset).
    void remove_function(std::string_view function);
    // Functions with series, unknown_function included once used.
    std::size_t functions() const;
    // Counted by status code; codes outside 100..599 as code="other".
    void http_request(unsigned status);

    std::string render(const std::vector<PoolGauges>& pools, const ServerGauges& server) const;

  private:
    struct NamedFunction {
        std::string name;
        std::shared_ptr<const FunctionMetrics> metrics;
    };
    struct StatusCount {
        std::string code;
        std::uint64_t count;
    };

    std::shared_ptr<FunctionMetrics> find(std::string_view name) const;
    // The function's series, or unknown_function's.
    std::shared_ptr<FunctionMetrics> known_or_unknown(std::string_view name);
    std::vector<NamedFunction> functions_by_name() const;
    std::vector<StatusCount> status_counts() const;
    std::vector<const PoolGauges*> live_pools(const std::vector<PoolGauges>& pools) const;

    static constexpr unsigned first_status = 100;
    static constexpr unsigned last_status = 599;

    // Guards the map's shape only; the counters inside are atomics.
    mutable std::shared_mutex mutex_;
    std::map<std::string, std::shared_ptr<FunctionMetrics>, std::less<>> functions_;
    Histogram restore_durations_;
    std::array<std::atomic<std::uint64_t>, last_status - first_status + 1> http_status_{};
    std::atomic<std::uint64_t> http_status_other_{0};
};

}  // namespace ember::daemon
