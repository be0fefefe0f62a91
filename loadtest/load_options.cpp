// Parsing of ember-load's command line (see load_options.hpp).
#include "loadtest/load_options.hpp"

#include <cmath>
#include <stdexcept>
#include <system_error>
#include <vector>

#include "base/read_file.hpp"

namespace ember::loadtest {

const char* const load_usage =
    "usage: ember-load URL [--method M] [--body TEXT | --body-file F] [--header K:V]...\n"
    "                  [--rate R] [--connections N] [--threads T] [--duration S] [--warmup S]\n"
    "                  [--json]\n"
    "  with --rate: open loop, R requests/s on the wall clock across N keep-alive\n"
    "  connections, each latency counted from its intended send time;\n"
    "  without: closed loop, N connections sending back to back (maximum throughput).\n"
    "  T threads share the connections (default: one per core, at most N).\n"
    "  Defaults: --connections 4 --duration 10 --warmup 1; POST when a body is given.\n";

namespace {

double positive_number(const std::string& flag, const std::string& text, bool zero_ok) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !std::isfinite(value) || value < 0 || (!zero_ok && value == 0))
        throw std::invalid_argument(flag + " " + text + ": expected a number " +
                                    (zero_ok ? ">= 0" : "> 0"));
    return value;
}

unsigned count(const std::string& flag, const std::string& text, unsigned most) {
    const double n = positive_number(flag, text, false);
    if (n != std::floor(n) || n > most)
        throw std::invalid_argument(flag + ": 1.." + std::to_string(most));
    return static_cast<unsigned>(n);
}

std::string read_body_file(const std::string& path) {
    try {
        const std::vector<std::byte> bytes = read_file(path);
        return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
    } catch (const std::system_error& e) {
        throw std::invalid_argument(std::string("--body-file: ") + e.what());
    }
}

std::pair<std::string, std::string> header(const std::string& text) {
    const std::size_t colon = text.find(':');
    if (colon == 0 || colon == std::string::npos)
        throw std::invalid_argument("--header " + text + ": expected NAME:VALUE");
    const std::size_t value = text.find_first_not_of(' ', colon + 1);
    return {text.substr(0, colon), value == std::string::npos ? "" : text.substr(value)};
}

class ArgReader {
  public:
    explicit ArgReader(const std::vector<std::string>& args) : args_(args) {}
    bool done() const { return at_ >= args_.size(); }
    const std::string& next() { return args_[at_++]; }
    const std::string& value_of(const std::string& flag) {
        if (done()) throw std::invalid_argument(flag + " needs a value");
        return next();
    }

  private:
    const std::vector<std::string>& args_;
    std::size_t at_ = 0;
};

void apply_flag(const std::string& flag, ArgReader& in, LoadOptions& o,
                std::optional<std::string>& method) {
    if (flag == "--json")
        o.json = true;
    else if (flag == "--help" || flag == "-h")
        o.help = true;
    else if (flag == "--method")
        method = in.value_of(flag);
    else if (flag == "--body")
        o.request.body = in.value_of(flag);
    else if (flag == "--body-file")
        o.request.body = read_body_file(in.value_of(flag));
    else if (flag == "--header")
        o.request.headers.push_back(header(in.value_of(flag)));
    else if (flag == "--rate")
        o.rate = positive_number(flag, in.value_of(flag), false);
    else if (flag == "--duration")
        o.duration = std::chrono::duration<double>(positive_number(flag, in.value_of(flag), false));
    else if (flag == "--warmup")
        o.warmup = std::chrono::duration<double>(positive_number(flag, in.value_of(flag), true));
    else if (flag == "--connections")
        o.connections = count(flag, in.value_of(flag), 4096);
    else if (flag == "--threads")
        o.threads = count(flag, in.value_of(flag), 256);
    else
        throw std::invalid_argument("unknown option " + flag);
}

}  // namespace

LoadOptions parse_load_options(const std::vector<std::string>& args) {
    LoadOptions o;
    std::optional<std::string> url;
    std::optional<std::string> method;
    bool body_given = false;
    for (ArgReader in(args); !in.done();) {
        const std::string& arg = in.next();
        if (arg.rfind("--", 0) != 0 && arg != "-h") {
            if (url) throw std::invalid_argument("more than one URL: " + arg);
            url = arg;
            continue;
        }
        body_given = body_given || arg == "--body" || arg == "--body-file";
        apply_flag(arg, in, o, method);
    }
    if (o.help) return o;
    if (!url) throw std::invalid_argument("no URL given");
    o.url = parse_url(*url);
    o.request.method = method.value_or(body_given ? "POST" : "GET");
    return o;
}

}  // namespace ember::loadtest
