// emberd's metrics as Prometheus text: the families, their names and help, and
// their order (alphabetical by family, then by label values) so output is stable.
#include "daemon/metrics/metrics.hpp"

#include "daemon/metrics/prometheus_text.hpp"

namespace ember::daemon {

namespace {

// The helpers are templates only because the rows they take (Metrics::NamedFunction,
// Metrics::StatusCount) are private to Metrics.
template <typename Functions, typename Sample>
void for_each_function(const Functions& functions, Sample sample) {
    for (const auto& [name, metrics] : functions)
        sample(name, *metrics);
}

template <typename Functions>
void render_counters_head(PrometheusText& text, const Functions& functions) {
    text.family("ember_cold_starts_total", "counter",
                "Invocations that started cold: no ready sandbox was waiting for them.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.sample("ember_cold_starts_total", {{"function", name}}, metrics.cold_starts());
    });
    text.family("ember_deploys_total", "counter", "Deploys by result.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.sample("ember_deploys_total", {{"function", name}, {"result", "failed"}},
                    metrics.deploys(false));
        text.sample("ember_deploys_total", {{"function", name}, {"result", "ok"}},
                    metrics.deploys(true));
    });
    text.family("ember_guest_log_lines_dropped_total", "counter",
                "Guest log lines not written: over a call's caps or the function's rate.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.sample("ember_guest_log_lines_dropped_total", {{"function", name}},
                    metrics.guest_log_dropped());
    });
}

template <typename StatusCounts>
void render_http(PrometheusText& text, const ServerGauges& server, const StatusCounts& statuses) {
    text.family("ember_http_connections_active", "gauge", "HTTP connections open now.");
    text.sample("ember_http_connections_active", {}, server.active_connections);
    text.family("ember_http_connections_total", "counter",
                "HTTP connections by result: accepted, or rejected at the connection limit.");
    text.sample("ember_http_connections_total", {{"result", "accepted"}},
                server.connections_accepted);
    text.sample("ember_http_connections_total", {{"result", "rejected"}},
                server.connections_rejected);
    text.family("ember_http_requests_total", "counter", "HTTP responses by status code.");
    for (const auto& [code, count] : statuses) {
        text.sample("ember_http_requests_total", {{"code", code}}, count);
    }
}

template <typename Functions>
void render_invocations(PrometheusText& text, const Functions& functions) {
    text.family("ember_invocation_duration_seconds", "histogram",
                "Invocation time inside the daemon, from arrival to reply.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.histogram("ember_invocation_duration_seconds", {{"function", name}},
                       metrics.total_durations());
    });
    text.family("ember_invocations_total", "counter", "Invocations by outcome.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        for (const Outcome outcome : outcomes_by_name) {
            text.sample("ember_invocations_total",
                        {{"function", name}, {"outcome", to_string(outcome)}},
                        metrics.invocations(outcome));
        }
    });
    text.family("ember_overloaded_total", "counter",
                "Invocations turned away with 429 because the function's queue was full.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.sample("ember_overloaded_total", {{"function", name}}, metrics.overloaded());
    });
}

void render_pools(PrometheusText& text, const std::vector<const PoolGauges*>& pools) {
    text.family("ember_pool_queue_length", "gauge", "Invocations waiting for a sandbox.");
    for (const PoolGauges* pool : pools) {
        const std::string version = std::to_string(pool->version);
        text.sample("ember_pool_queue_length", {{"function", pool->function}, {"version", version}},
                    static_cast<std::uint64_t>(pool->queued));
    }
    text.family("ember_pool_sandboxes", "gauge", "Sandboxes in a function's pool by state.");
    for (const PoolGauges* pool : pools) {
        const std::string version = std::to_string(pool->version);
        const auto state = [&](std::string_view name, std::size_t count) {
            text.sample("ember_pool_sandboxes",
                        {{"function", pool->function}, {"version", version}, {"state", name}},
                        static_cast<std::uint64_t>(count));
        };
        state("busy", pool->busy);
        state("creating", pool->creating);
        state("ready", pool->ready);
    }
}

template <typename Functions>
void render_sandbox_families(PrometheusText& text, const Functions& functions,
                             const HistogramSnapshot& restores) {
    text.family("ember_restore_duration_seconds", "histogram",
                "Time to restore a sandbox to its snapshot, all functions.");
    text.histogram("ember_restore_duration_seconds", {}, restores);
    text.family("ember_restores_total", "counter", "Sandbox restores.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.sample("ember_restores_total", {{"function", name}}, metrics.restores());
    });
    text.family("ember_sandbox_duration_seconds", "histogram",
                "Invocation time inside the micro-VM, for invocations that reached one.");
    for_each_function(functions, [&](std::string_view name, const FunctionMetrics& metrics) {
        text.histogram("ember_sandbox_duration_seconds", {{"function", name}},
                       metrics.sandbox_durations());
    });
}

}  // namespace

std::string Metrics::render(const std::vector<PoolGauges>& pools,
                            const ServerGauges& server) const {
    const std::vector<NamedFunction> functions = functions_by_name();
    PrometheusText text;
    render_counters_head(text, functions);
    render_http(text, server, status_counts());
    render_invocations(text, functions);
    render_pools(text, live_pools(pools));
    render_sandbox_families(text, functions, restore_durations_.snapshot());
    text.family("ember_up", "gauge", "1 while emberd serves.");
    text.sample("ember_up", {}, std::uint64_t{1});
    return std::move(text).take();
}

}  // namespace ember::daemon
