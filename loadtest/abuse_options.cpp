// Parsing of ember-abuse's command line (see abuse_options.hpp).
#include "loadtest/abuse_options.hpp"

#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace ember::loadtest {

const char* const abuse_usage =
    "usage: ember-abuse URL [--target auto|invoke|PATH] [--function NAME] [--duration S]\n"
    "                   [--idle N] [--slowloris N] [--oversize N] [--vanish N] [--nonreaders N]\n"
    "                   [--oversize-bytes B] [--oversize-path P] [--idle-path P]\n"
    "                   [--pause-ms MS] [--trickle-ms MS] [--normal-pause-ms MS]\n"
    "                   [--timeout-ms MS] [--server-pid PID]\n"
    "  Runs every abusive client at once against the emberd at URL (http://HOST:PORT)\n"
    "  while a normal client sends one request at a time and checks each answer.\n"
    "  --target invoke: POST /v1/functions/NAME/invoke, the body must come back;\n"
    "  PATH: GET PATH must keep answering 200 with what it answered before the run;\n"
    "  auto (default): invoke when the function NAME (default echo) exists, else /healthz.\n"
    "  Defaults: --duration 60 --idle 500 --slowloris 50 --oversize 50 --vanish 20\n"
    "  --nonreaders 1 --oversize-bytes 2097152 --oversize-path /v1/functions/NAME/invoke\n"
    "  --idle-path /healthz --pause-ms 100 (before a client's next connection)\n"
    "  --trickle-ms 1000 (slowloris: a byte per client) --normal-pause-ms 10 --timeout-ms 10000.\n"
    "  --server-pid: count the server's open files before, during and after.\n"
    "  Exit status 0 when every normal answer was correct, 1 otherwise, 2 for usage.\n";

namespace {

uint64_t whole_number(const std::string& flag, const std::string& text, uint64_t highest) {
    uint64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || text.empty() || value > highest)
        throw std::invalid_argument(flag + " " + text + ": expected a whole number 0.." +
                                    std::to_string(highest));
    return value;
}

std::string path(const std::string& flag, const std::string& text) {
    if (!text.starts_with("/")) throw std::invalid_argument(flag + " " + text + ": not a path");
    return text;
}

unsigned clients(const std::string& flag, const std::string& text) {
    return static_cast<unsigned>(whole_number(flag, text, 100000));
}

std::chrono::milliseconds millis(const std::string& flag, const std::string& text) {
    return std::chrono::milliseconds(whole_number(flag, text, 3'600'000));
}

bool apply_flag(const std::string& flag, const std::string& value, AbuseOptions& o,
                bool& oversize_path_given) {
    AbuseConfig& c = o.config;
    if (flag == "--target")
        o.target = value;
    else if (flag == "--function")
        o.function = value;
    else if (flag == "--duration") {
        std::size_t used = 0;
        double seconds = 0;
        try {
            seconds = std::stod(value, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != value.size() || !std::isfinite(seconds) || seconds <= 0)
            throw std::invalid_argument("--duration " + value + ": expected seconds > 0");
        c.duration = std::chrono::duration<double>(seconds);
    } else if (flag == "--idle")
        c.counts.idle = clients(flag, value);
    else if (flag == "--slowloris")
        c.counts.slowloris = clients(flag, value);
    else if (flag == "--oversize")
        c.counts.oversize = clients(flag, value);
    else if (flag == "--vanish")
        c.counts.vanish = clients(flag, value);
    else if (flag == "--nonreaders")
        c.counts.nonreader = clients(flag, value);
    else if (flag == "--oversize-bytes")
        c.attack.oversize_bytes = whole_number(flag, value, uint64_t{1} << 40);
    else if (flag == "--oversize-path") {
        c.attack.oversize_path = path(flag, value);
        oversize_path_given = true;
    } else if (flag == "--idle-path")
        c.attack.idle_path = path(flag, value);
    else if (flag == "--pause-ms")
        c.attack.pause = millis(flag, value);
    else if (flag == "--trickle-ms")
        c.attack.trickle_interval = millis(flag, value);
    else if (flag == "--normal-pause-ms")
        c.normal_pause = millis(flag, value);
    else if (flag == "--timeout-ms")
        c.request_timeout = millis(flag, value);
    else if (flag == "--server-pid")
        c.server_pid = static_cast<pid_t>(
            whole_number(flag, value, static_cast<uint64_t>(std::numeric_limits<pid_t>::max())));
    else
        return false;
    return true;
}

}  // namespace

AbuseOptions parse_abuse_options(const std::vector<std::string>& args) {
    AbuseOptions o;
    std::optional<std::string> url;
    bool oversize_path_given = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            continue;
        }
        if (!arg.starts_with("--")) {
            if (url) throw std::invalid_argument("more than one URL: " + arg);
            url = arg;
            continue;
        }
        if (i + 1 >= args.size()) throw std::invalid_argument(arg + " needs a value");
        if (!apply_flag(arg, args[i + 1], o, oversize_path_given))
            throw std::invalid_argument("unknown option " + arg);
        ++i;
    }
    if (o.help) return o;
    if (!url) throw std::invalid_argument("no URL given");
    o.config.url = parse_url(*url);
    if (!oversize_path_given)
        o.config.attack.oversize_path = "/v1/functions/" + o.function + "/invoke";
    return o;
}

}  // namespace ember::loadtest
