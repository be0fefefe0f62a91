// `ember exec GUEST.elf [options]`: runs one call of a guest binary locally,
// without a daemon. Its exit statuses: 0 success, 1 guest error, 2 usage
// error, 3 the binary could not be loaded or initialised, 4 the guest replied
// with an HTTP status of 400 or above.
#include <charconv>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <ember/abi.h>
#include <CLI/CLI.hpp>

#include "base/printable.hpp"
#include "base/read_file.hpp"
#include "cli/commands.hpp"
#include "sandbox/elf_loader.hpp"
#include "sandbox/kvm/kvm_error.hpp"
#include "sandbox/sandbox.hpp"

namespace ember::cli {

namespace {

constexpr std::string_view usage =
    "usage: ember exec GUEST.elf [--handler H] [--input TEXT | --input-file F]\n"
    "                  [--timeout-ms N] [--memory-mb N] [--repeat N] [--stats]\n"
    "Runs one call of GUEST.elf in a local micro-VM and prints its output.\n"
    "Without --input or --input-file the input is read from standard input.\n";

struct Options {
    std::string guest;
    std::string handler;
    std::optional<std::string> input;
    std::optional<std::string> input_file;
    uint64_t timeout_ms = 1000;
    uint64_t memory_mb = 16;
    uint64_t repeat = 1;
    bool stats = false;
    bool help = false;
};

uint64_t parse_number(std::string_view flag, std::string_view text, uint64_t min, uint64_t max) {
    uint64_t value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        throw UsageError{std::string(flag) + " takes a number from " + std::to_string(min) +
                         " to " + std::to_string(max) + ", not '" + std::string(text) + "'"};
    }
    return value;
}

Options parse(std::span<const std::string_view> args) {
    Options o;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view arg = args[i];
        auto value = [&]() -> std::string_view {
            if (i + 1 >= args.size()) throw UsageError{std::string(arg) + " needs a value"};
            return args[++i];
        };
        if (arg == "--help" || arg == "-h") {
            o.help = true;
            return o;
        }
        if (arg == "--handler")
            o.handler = value();
        else if (arg == "--input")
            o.input = std::string(value());
        else if (arg == "--input-file")
            o.input_file = std::string(value());
        else if (arg == "--timeout-ms")
            o.timeout_ms = parse_number(arg, value(), 1, 3'600'000);
        else if (arg == "--memory-mb")
            o.memory_mb = parse_number(arg, value(), EMBER_MEMORY_MIN_MB, EMBER_MEMORY_MAX_MB);
        else if (arg == "--repeat")
            o.repeat = parse_number(arg, value(), 1, 10'000'000);
        else if (arg == "--stats")
            o.stats = true;
        else if (arg.starts_with("-"))
            throw UsageError{"unknown option " + std::string(arg)};
        else if (o.guest.empty())
            o.guest = arg;
        else
            throw UsageError{"more than one guest binary given"};
    }
    if (o.guest.empty()) throw UsageError{"no guest binary given"};
    if (o.input && o.input_file) throw UsageError{"give --input or --input-file, not both"};
    return o;
}

std::vector<std::byte> read_input(const Options& o) {
    if (o.input) {
        const auto* p = reinterpret_cast<const std::byte*>(o.input->data());
        return {p, p + o.input->size()};
    }
    if (o.input_file) {
        try {
            return read_file(*o.input_file);
        } catch (const std::system_error& e) {
            throw UsageError{e.what()};
        }
    }
    std::string all((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    const auto* p = reinterpret_cast<const std::byte*>(all.data());
    return {p, p + all.size()};
}

void print_log(const sandbox::GuestLog& log) {
    for (const std::string& line : log.lines())
        std::cerr << "guest log: " << printable(line) << "\n";
    if (log.dropped() > 0)
        std::cerr << "guest log: " << log.dropped()
                  << " more lines dropped (over the per-call cap)\n";
}

void print_stats(const sandbox::Snapshot& snapshot, const sandbox::CallResult& last,
                 std::chrono::nanoseconds total, uint64_t calls) {
    std::fprintf(stderr,
                 "ember: cold boot %.1f us; last call: %u exits, %u host calls, %.1f us in guest; "
                 "%llu calls in %.1f us (%.2f us per call+restore)\n",
                 static_cast<double>(snapshot.boot_time().count()) / 1e3, last.stats.exits,
                 last.stats.host_calls, static_cast<double>(last.stats.in_guest.count()) / 1e3,
                 static_cast<unsigned long long>(calls), static_cast<double>(total.count()) / 1e3,
                 static_cast<double>(total.count()) / 1e3 / static_cast<double>(calls));
}

int run(const Options& o) {
    std::vector<std::byte> binary;
    try {
        binary = read_file(o.guest);
    } catch (const std::system_error& e) {
        std::cerr << "ember: " << e.what() << "\n";
        return 3;
    }
    const std::vector<std::byte> input = read_input(o);
    sandbox::ImageConfig config;
    config.limits.memory_bytes = o.memory_mb << 20;
    config.init_timeout = std::chrono::milliseconds(o.timeout_ms);
    std::shared_ptr<const sandbox::Snapshot> snapshot;
    try {
        snapshot = sandbox::Snapshot::create(binary, config);
    } catch (const sandbox::ElfError& e) {
        std::cerr << "ember: " << o.guest << " is not a valid guest: " << e.what() << "\n";
        return 3;
    } catch (const sandbox::InitError& e) {
        std::cerr << "ember: " << o.guest << ": " << e.what() << "\n";
        return 3;
    } catch (const sandbox::LayoutError& e) {
        std::cerr << "ember: " << o.guest << ": " << e.what() << "\n";
        return 3;
    }
    print_log(snapshot->init_log());

    sandbox::Sandbox box(snapshot);
    sandbox::CallResult result;
    const auto started = std::chrono::steady_clock::now();
    for (uint64_t i = 0; i < o.repeat; ++i) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(o.timeout_ms);
        result = box.call(o.handler, input, deadline);
        if (!result.ok() || i + 1 == o.repeat) break;
        box.restore();
    }
    const auto total = std::chrono::steady_clock::now() - started;
    print_log(result.log);
    if (o.stats) print_stats(*snapshot, result, total, o.repeat);
    if (!result.ok()) {
        std::cerr << "ember: " << to_string(result.error().kind) << ": " << result.error().message
                  << "\n";
        return 1;
    }
    const sandbox::Reply& reply = result.reply();
    std::fwrite(reply.output.data(), 1, reply.output.size(), stdout);
    std::fflush(stdout);
    if (reply.status >= 400) {
        std::cerr << "ember: the guest replied with status " << reply.status << "\n";
        return 4;
    }
    return 0;
}

int exec_command(std::span<const std::string_view> args) {
    try {
        const Options options = parse(args);
        if (options.help) {
            std::cout << usage;
            return 0;
        }
        return run(options);
    } catch (const UsageError& e) {
        std::cerr << "ember exec: " << e.message << "\n" << usage;
        return 2;
    } catch (const std::exception& e) {
        std::cerr << "ember: " << e.what() << "\n";
        return 3;
    }
}

}  // namespace

void add_exec_command(CLI::App& app, Action& action) {
    CLI::App* command = app.add_subcommand(
        "exec", "Run one call of a guest locally, without emberd (needs /dev/kvm)");
    // exec reads its own arguments, --help included, as it did before the
    // other commands came (its usage and exit statuses are its own).
    command->prefix_command();
    command->set_help_flag();
    command->callback([command, &action] {
        action = [args = command->remaining()] {
            const std::vector<std::string_view> views(args.begin(), args.end());
            return exec_command(views);
        };
    });
}

}  // namespace ember::cli
