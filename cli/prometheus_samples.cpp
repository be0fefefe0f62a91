// Reading Prometheus text samples (see prometheus_samples.hpp).
#include "cli/prometheus_samples.hpp"

#include <stdexcept>

namespace ember::cli {
namespace {

[[noreturn]] void reject(std::string_view line, std::string_view why) {
    throw std::runtime_error("unreadable metrics line (" + std::string(why) +
                             "): " + std::string(line.substr(0, 200)));
}

// A quoted label value from just after its opening quote; `at` ends after
// the closing quote. Escapes: \\, \" and \n.
std::string read_label_value(std::string_view line, std::size_t& at) {
    std::string value;
    while (at < line.size() && line[at] != '"') {
        char c = line[at++];
        if (c == '\\') {
            if (at == line.size()) break;
            c = line[at++];
            if (c == 'n') c = '\n';
        }
        value += c;
    }
    if (at == line.size()) reject(line, "unterminated label value");
    ++at;
    return value;
}

// `{name="value",...}` from its '{'; `at` ends after the '}'.
void read_labels(std::string_view line, std::size_t& at, PrometheusSample& sample) {
    ++at;
    while (at < line.size() && line[at] != '}') {
        const std::size_t equals = line.find('=', at);
        if (equals == std::string_view::npos || equals + 1 >= line.size() ||
            line[equals + 1] != '"')
            reject(line, "label without a quoted value");
        std::string name(line.substr(at, equals - at));
        at = equals + 2;
        sample.labels.emplace_back(std::move(name), read_label_value(line, at));
        if (at < line.size() && line[at] == ',') ++at;
    }
    if (at == line.size()) reject(line, "labels without '}'");
    ++at;
}

PrometheusSample read_sample(std::string_view line) {
    PrometheusSample sample;
    std::size_t at = line.find_first_of("{ ");
    if (at == 0 || at == std::string_view::npos) reject(line, "no name and value");
    sample.name = std::string(line.substr(0, at));
    if (line[at] == '{') read_labels(line, at, sample);
    while (at < line.size() && line[at] == ' ')
        ++at;
    const std::size_t end = line.find(' ', at);  // a timestamp may follow
    sample.value = std::string(line.substr(at, end == std::string_view::npos ? end : end - at));
    if (sample.value.empty()) reject(line, "no value");
    return sample;
}

}  // namespace

std::vector<PrometheusSample> parse_prometheus_text(std::string_view text) {
    std::vector<PrometheusSample> samples;
    while (!text.empty()) {
        const std::size_t newline = text.find('\n');
        const std::string_view line = text.substr(0, newline);
        text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
        if (line.empty() || line.front() == '#') continue;
        samples.push_back(read_sample(line));
    }
    return samples;
}

}  // namespace ember::cli
