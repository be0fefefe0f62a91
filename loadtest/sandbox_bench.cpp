// ember-sandbox-bench: what a call costs inside one process, without HTTP —
// call+restore, restore alone, exits per call, a sandbox from the snapshot
// against a cold boot (with pre-made VMs, as emberd runs, and without), how
// fast a deadline stops a spinning guest, memory per sandbox, and real work
// (SHA-256 of 64 KiB, against the same C code run natively here; wordcount
// of 1 KiB).
// Prints medians and tails; --json prints one object for scripts.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "loadtest/bench_args.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/snapshot.hpp"
#include "sandbox/vm_shell.hpp"
#include "sha256_core.h"

namespace {

using namespace ember::sandbox;
using ember::loadtest::BenchArgs;
using ember::loadtest::parse_bench_args;
using ember::loadtest::print_json;
using ember::loadtest::read_guest;
using Clock = std::chrono::steady_clock;

double us(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    const auto index =
        static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size() - 1));
    return samples[index];
}

struct CallFigures {
    std::vector<double> call_restore, restore, in_guest;
    std::vector<double> pages, exits;
    double first_in_guest = 0;  // a fresh sandbox's first call: first touches, if any
};

CallFigures measure_calls(const std::shared_ptr<const Snapshot>& snapshot, std::string_view handler,
                          const std::string& input, int calls) {
    Sandbox box(snapshot);
    const auto bytes = std::as_bytes(std::span(input.data(), input.size()));
    CallFigures f;
    for (int i = 0; i < calls; ++i) {
        const auto started = Clock::now();
        const CallResult result = box.call(handler, bytes, Clock::now() + std::chrono::seconds(1));
        const auto called = Clock::now();
        const RestoreStats restored = box.restore();
        const auto done = Clock::now();
        if (!result.ok()) throw std::runtime_error("call failed: " + result.error().message);
        if (i == 0) f.first_in_guest = us(result.stats.in_guest);
        f.call_restore.push_back(us(done - started));
        f.restore.push_back(us(done - called));
        f.in_guest.push_back(us(result.stats.in_guest));
        f.pages.push_back(restored.pages);
        f.exits.push_back(result.stats.exits);
    }
    return f;
}

// The same SHA-256 code, compiled into this process.
std::vector<double> measure_native_sha256(const std::string& input, int runs) {
    std::vector<double> samples;
    uint8_t digest[SHA256_DIGEST_BYTES];
    for (int i = 0; i < runs; ++i) {
        const auto started = Clock::now();
        sha256_digest(reinterpret_cast<const uint8_t*>(input.data()), input.size(), digest);
        samples.push_back(us(Clock::now() - started));
        asm volatile("" : : "r"(digest) : "memory");
    }
    return samples;
}

std::string words_of(std::size_t bytes) {
    std::string text;
    while (text.size() < bytes)
        text += "lorem ";
    text.resize(bytes);
    return text;
}

// With the shell stash on (as in emberd), each measurement starts once the
// stash is full again: the figures are those of a pool refilling at its
// own pace, not of a burst that outruns the stash.
std::vector<double> measure_cold_boot(const std::vector<std::byte>& elf, int runs) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        ShellStash::instance().wait_full();
        const auto started = Clock::now();
        auto snapshot = Snapshot::create(elf, ImageConfig{});
        samples.push_back(us(Clock::now() - started));
    }
    return samples;
}

std::vector<double> measure_from_snapshot(const std::shared_ptr<const Snapshot>& snapshot,
                                          int runs) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        ShellStash::instance().wait_full();
        const auto started = Clock::now();
        Sandbox box(snapshot);
        samples.push_back(us(Clock::now() - started));
    }
    return samples;
}

std::vector<double> measure_interrupt(const std::shared_ptr<const Snapshot>& looping, int runs) {
    Sandbox box(looping);
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(5);
        const CallResult result = box.call("", {}, deadline);
        samples.push_back(us(Clock::now() - deadline));
        if (result.ok() || result.error().kind != GuestErrorKind::timeout) {
            throw std::runtime_error("the looping guest did not time out");
        }
        box.restore();
    }
    return samples;
}

long resident_kib() {
    std::ifstream status("/proc/self/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.rfind("VmRSS:", 0) == 0) return std::stol(line.substr(6));
    }
    return 0;
}

double measure_rss_per_sandbox(const std::shared_ptr<const Snapshot>& snapshot, int count) {
    std::vector<std::unique_ptr<Sandbox>> boxes;
    const std::string input = "hello";
    const auto bytes = std::as_bytes(std::span(input.data(), input.size()));
    auto warm_one = [&] {
        boxes.push_back(std::make_unique<Sandbox>(snapshot));
        boxes.back()->call("", bytes, Clock::now() + std::chrono::seconds(1));
        boxes.back()->restore();
    };
    warm_one();  // the first pays for shared structures
    const long before = resident_kib();
    for (int i = 0; i < count; ++i)
        warm_one();
    return static_cast<double>(resident_kib() - before) / count;
}

}  // namespace

int main(int argc, char** argv) {
    const BenchArgs o = parse_bench_args(argc, argv, "ember-sandbox-bench", 5000);
    try {
        const auto echo_elf = read_guest(o, "echo");
        const auto echo = Snapshot::create(echo_elf, ImageConfig{});
        const auto counter = Snapshot::create(read_guest(o, "counter"), ImageConfig{});
        const auto looping = Snapshot::create(read_guest(o, "t_infinite_loop"), ImageConfig{});

        const auto sha256 = Snapshot::create(read_guest(o, "sha256"), ImageConfig{});
        const auto wordcount = Snapshot::create(read_guest(o, "wordcount"), ImageConfig{});

        const CallFigures e = measure_calls(echo, "", "hello", o.calls);
        const CallFigures c = measure_calls(counter, "", "hello", o.calls);
        const std::string block(64 << 10, 'x');
        const int heavy_calls = std::max(10, o.calls / 10);
        const CallFigures sha = measure_calls(sha256, "", block, heavy_calls);
        const auto native_sha = measure_native_sha256(block, heavy_calls);
        const CallFigures words = measure_calls(wordcount, "", words_of(1024), o.calls);
        const auto cold_unstashed = measure_cold_boot(echo_elf, 20);
        const auto clone_unstashed = measure_from_snapshot(echo, 50);
        ShellStash::instance().keep_ready(2);
        const auto cold = measure_cold_boot(echo_elf, 30);
        const auto clone = measure_from_snapshot(echo, 100);
        ShellStash::instance().keep_ready(0);
        const auto interrupt = measure_interrupt(looping, 30);
        const double rss = measure_rss_per_sandbox(echo, 50);

        std::map<std::string, double> figures = {
            {"call_restore_p50_us", percentile(e.call_restore, 50)},
            {"call_restore_p99_us", percentile(e.call_restore, 99)},
            {"restore_p50_us", percentile(e.restore, 50)},
            {"restore_p99_us", percentile(e.restore, 99)},
            {"in_guest_p50_us", percentile(e.in_guest, 50)},
            {"exits_per_call_p50", percentile(e.exits, 50)},
            {"dirty_pages_p50", percentile(e.pages, 50)},
            {"counter_call_restore_p50_us", percentile(c.call_restore, 50)},
            {"counter_call_restore_p99_us", percentile(c.call_restore, 99)},
            {"counter_restore_p50_us", percentile(c.restore, 50)},
            {"counter_in_guest_p50_us", percentile(c.in_guest, 50)},
            {"counter_dirty_pages_p50", percentile(c.pages, 50)},
            {"sha256_64k_call_restore_p50_us", percentile(sha.call_restore, 50)},
            {"sha256_64k_in_guest_p50_us", percentile(sha.in_guest, 50)},
            {"sha256_64k_first_call_in_guest_us", sha.first_in_guest},
            {"sha256_64k_native_p50_us", percentile(native_sha, 50)},
            {"sha256_64k_sandbox_vs_native_ratio",
             percentile(sha.in_guest, 50) / percentile(native_sha, 50)},
            {"sha256_64k_exits_per_call_p50", percentile(sha.exits, 50)},
            {"wordcount_1k_call_restore_p50_us", percentile(words.call_restore, 50)},
            {"wordcount_1k_in_guest_p50_us", percentile(words.in_guest, 50)},
            {"from_snapshot_p50_us", percentile(clone, 50)},
            {"cold_boot_p50_us", percentile(cold, 50)},
            {"cold_vs_snapshot_ratio", percentile(cold, 50) / percentile(clone, 50)},
            {"from_snapshot_no_stash_p50_us", percentile(clone_unstashed, 50)},
            {"cold_boot_no_stash_p50_us", percentile(cold_unstashed, 50)},
            {"interrupt_latency_p50_us", percentile(interrupt, 50)},
            {"interrupt_latency_max_us", percentile(interrupt, 100)},
            {"rss_per_sandbox_kib", rss},
        };
        if (o.json) {
            print_json(figures);
        } else {
            for (const auto& [key, value] : figures)
                std::printf("%-30s %10.2f\n", key.c_str(), value);
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-sandbox-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
