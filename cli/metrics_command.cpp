// `ember metrics`: emberd's /metrics as a table of series and values, or as
// JSON samples.
#include <charconv>
#include <cmath>
#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/api_client.hpp"
#include "cli/commands.hpp"
#include "cli/json_text.hpp"
#include "cli/prometheus_samples.hpp"
#include "cli/table.hpp"

namespace ember::cli {
namespace {

std::string series_name(const PrometheusSample& sample) {
    std::string out = sample.name;
    if (sample.labels.empty()) return out;
    char separator = '{';
    for (const auto& [name, value] : sample.labels) {
        out += separator + name + "=" + value;
        separator = ',';
    }
    return out + "}";
}

// A finite value as a JSON number; +Inf, -Inf and NaN, which JSON cannot
// hold, as their text.
nlohmann::json value_json(const std::string& text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return text;
    return value;
}

nlohmann::json samples_json(const std::vector<PrometheusSample>& samples) {
    nlohmann::json out = nlohmann::json::array();
    for (const PrometheusSample& sample : samples) {
        nlohmann::json labels = nlohmann::json::object();
        for (const auto& [name, value] : sample.labels)
            labels[name] = value;
        out.push_back(
            {{"name", sample.name}, {"labels", labels}, {"value", value_json(sample.value)}});
    }
    return out;
}

int metrics(const ServerOptions& o) {
    const std::vector<PrometheusSample> samples =
        parse_prometheus_text(ApiClient(resolve_server(o)).metrics());
    if (o.json) {
        print_json(samples_json(samples));
        return exit_status::ok;
    }
    // Histogram buckets would drown the rest; their _sum and _count stay.
    Table table({"SERIES", "VALUE"});
    for (const PrometheusSample& sample : samples)
        if (!sample.name.ends_with("_bucket")) table.add_row({series_name(sample), sample.value});
    std::cout << table.render();
    return exit_status::ok;
}

}  // namespace

void add_metrics_command(CLI::App& app, Action& action) {
    auto o = std::make_shared<ServerOptions>();
    CLI::App* command = app.add_subcommand("metrics", "Show emberd's metrics");
    command->footer("Histogram buckets are left out of the table; --json has every sample.");
    add_server_options(*command, *o);
    command->callback([o, &action] { action = [o] { return metrics(*o); }; });
}

}  // namespace ember::cli
