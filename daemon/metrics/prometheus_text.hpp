// A writer for the Prometheus text exposition format 0.0.4: families, samples,
// histograms and the escaping of label values.
#pragma once

#include "daemon/metrics/histogram.hpp"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

namespace ember::daemon {

struct Label {
    std::string_view name;
    std::string_view value;
};

// Label values escape backslash, double quote and newline (\\, \", \n).
std::string escape_label_value(std::string_view value);
// HELP text escapes backslash and newline only.
std::string escape_help(std::string_view help);
// The shortest text that reads back as the same double; "+Inf", "-Inf", "NaN".
std::string format_value(double value);

// Call family() once per metric family, then its samples; the writer does not
// check that families are distinct or ordered: the caller's code order is the
// output order. Names are trusted (the daemon's constants), label values are not.
class PrometheusText {
  public:
    void family(std::string_view name, std::string_view type, std::string_view help);
    void sample(std::string_view name, std::initializer_list<Label> labels, std::uint64_t value);
    void sample(std::string_view name, std::initializer_list<Label> labels, double value);
    // name_bucket{labels,le="..."} cumulatively up to le="+Inf", then name_sum in
    // seconds and name_count.
    void histogram(std::string_view name, std::initializer_list<Label> labels,
                   const HistogramSnapshot& snapshot);

    std::string take() && { return std::move(out_); }

  private:
    void series(std::string_view name, std::string_view suffix, std::initializer_list<Label> labels,
                const Label* extra);
    void write_label(const Label& label, bool first);
    void write_value(std::string_view text);

    std::string out_;
};

}  // namespace ember::daemon
