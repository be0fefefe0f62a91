// A writer for the Prometheus text exposition format 0.0.4: families, samples,
// histograms and the escaping of label values.
#include "daemon/metrics/prometheus_text.hpp"

#include <array>
#include <charconv>
#include <cmath>

namespace ember::daemon {

namespace {

std::string escape(std::string_view text, bool quotes) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        if (c == '\\') {
            escaped += "\\\\";
        } else if (c == '\n') {
            escaped += "\\n";
        } else if (c == '"' && quotes) {
            escaped += "\\\"";
        } else {
            escaped += c;
        }
    }
    return escaped;
}

std::string to_text(std::uint64_t number) {
    std::array<char, 24> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number);
    return std::string(buffer.data(), result.ptr);
}

std::string to_text(double number, std::chars_format format) {
    std::array<char, 32> buffer{};
    const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), number, format);
    return std::string(buffer.data(), result.ptr);
}

// The decimal exponent of a finite double, read off its shortest scientific form.
int decimal_exponent(const std::string& scientific) {
    const std::size_t e = scientific.find('e');
    int exponent = 0;
    const char* first = scientific.data() + e + 1;
    if (*first == '+') ++first;
    std::from_chars(first, scientific.data() + scientific.size(), exponent);
    return exponent;
}

}  // namespace

std::string escape_label_value(std::string_view value) {
    return escape(value, true);
}

std::string escape_help(std::string_view help) {
    return escape(help, false);
}

std::string format_value(double value) {
    // The spellings the format defines; to_chars would write "inf" and "nan".
    if (std::isnan(value)) return "NaN";
    if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
    // Plain decimals unless the exponent is below -4 or above 15, as the Go and
    // Python clients write them: le="0.0001" and le="1e-05", never le="1e-04",
    // so that bucket labels match other exporters' and stay readable.
    std::string scientific = to_text(value, std::chars_format::scientific);
    const int exponent = decimal_exponent(scientific);  // 0 for zero
    if (exponent < -4 || exponent > 15) return scientific;
    return to_text(value, std::chars_format::fixed);
}

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    out_.append("# HELP ").append(name).append(" ").append(escape_help(help)).append("\n");
    out_.append("# TYPE ").append(name).append(" ").append(type).append("\n");
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> labels,
                            std::uint64_t number) {
    series(name, "", labels, nullptr);
    write_value(to_text(number));
}

void PrometheusText::sample(std::string_view name, std::initializer_list<Label> labels,
                            double number) {
    series(name, "", labels, nullptr);
    write_value(format_value(number));
}

void PrometheusText::histogram(std::string_view name, std::initializer_list<Label> labels,
                               const HistogramSnapshot& snapshot) {
    for (std::size_t i = 0; i < snapshot.cumulative_counts.size(); ++i) {
        const bool inf = i == snapshot.upper_bounds.size();
        const std::string le = inf ? "+Inf" : format_value(snapshot.upper_bounds[i]);
        const Label le_label{"le", le};
        series(name, "_bucket", labels, &le_label);
        write_value(to_text(snapshot.cumulative_counts[i]));
    }
    series(name, "_sum", labels, nullptr);
    write_value(format_value(snapshot.sum_seconds()));
    series(name, "_count", labels, nullptr);
    write_value(to_text(snapshot.count));
}

void PrometheusText::series(std::string_view name, std::string_view suffix,
                            std::initializer_list<Label> labels, const Label* extra) {
    out_.append(name).append(suffix);
    if (labels.size() == 0 && extra == nullptr) return;
    bool first = true;
    for (const Label& each : labels) {
        write_label(each, first);
        first = false;
    }
    if (extra != nullptr) write_label(*extra, first);
    out_ += '}';
}

void PrometheusText::write_label(const Label& label, bool first) {
    out_ += first ? '{' : ',';
    out_.append(label.name).append("=\"").append(escape_label_value(label.value)).append("\"");
}

void PrometheusText::write_value(std::string_view text) {
    out_.append(" ").append(text).append("\n");
}

}  // namespace ember::daemon
