// ember-hostcall-bench: what a host call costs, in one process without HTTP.
// A sandbox of tests/guests/t_kv makes N sequential kv_get calls per call
// (N = 0, 1, 10, 100) against a real SQLite store, as emberd would serve it;
// the per-host-call cost is the slope between N = 1 and N = 100, set beside
// the store's own get (no VM) and the guest's exits.
// Prints medians; --json prints one object for scripts.
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "capabilities/host_capabilities.hpp"
#include "kv/sqlite_kv_store.hpp"
#include "loadtest/bench_args.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/snapshot.hpp"

namespace {

using namespace ember;
using Clock = std::chrono::steady_clock;
using loadtest::BenchArgs;
using loadtest::parse_bench_args;
using loadtest::print_json;
using loadtest::read_guest;

double us(Clock::duration d) {
    return std::chrono::duration<double, std::micro>(d).count();
}

double median(std::vector<double> samples) {
    if (samples.empty()) return 0;
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

// A directory for the store, removed at the end.
class TempDir {
  public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ember-hostcall-XXXXXX");
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

struct Reads {
    double call_restore_us = 0;  // medians
    double in_guest_us = 0;
    double exits = 0;
};

Reads measure_reads(sandbox::Sandbox& box, int reads, int calls) {
    const std::string input = std::to_string(reads);
    const auto bytes = std::as_bytes(std::span(input));
    std::vector<double> call_restore, in_guest, exits;
    for (int i = 0; i < calls; ++i) {
        const auto started = Clock::now();
        const sandbox::CallResult result =
            box.call("reads", bytes, Clock::now() + std::chrono::seconds(5));
        box.restore();
        call_restore.push_back(us(Clock::now() - started));
        if (!result.ok()) throw std::runtime_error("call failed: " + result.error().message);
        in_guest.push_back(us(result.stats.in_guest));
        exits.push_back(result.stats.exits);
    }
    return {median(call_restore), median(in_guest), median(exits)};
}

double measure_store_get(kv::KvStore& store, int runs) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const auto started = Clock::now();
        const kv::KvValue value = store.get("fn:bench", "k");
        samples.push_back(us(Clock::now() - started));
        if (value.status != kv::KvStatus::ok) throw std::runtime_error("the store lost k");
    }
    return median(samples);
}

}  // namespace

int main(int argc, char** argv) {
    const BenchArgs o = parse_bench_args(argc, argv, "ember-hostcall-bench", 2000);
    try {
        TempDir dir;
        const kv::KvLimits limits;
        auto store = std::make_shared<kv::SqliteKvStore>(dir.path(), limits);
        if (store->set("fn:bench", "k", std::string(100, 'v')) != kv::KvStatus::ok) {
            throw std::runtime_error("cannot write the benchmark's key");
        }
        const capabilities::HostCapabilities capabilities(
            store, limits, std::make_shared<fetch::Fetcher>(), fetch::FetchPolicy{});
        sandbox::ImageConfig config;
        config.host_functions = {"kv_get"};
        config.host_table = capabilities.table_for({"bench", "", {}, {}});
        sandbox::Sandbox box(sandbox::Snapshot::create(read_guest(o, "t_kv"), config));

        std::map<int, Reads> reads;
        for (const int n : {0, 1, 10, 100}) {
            // Fewer calls where each is long: the medians settle sooner.
            reads[n] = measure_reads(box, n, n == 100 ? std::max(10, o.calls / 10) : o.calls);
        }
        const double store_get = measure_store_get(*store, o.calls * 10);
        const double per_host_call = (reads[100].call_restore_us - reads[1].call_restore_us) / 99;

        std::map<std::string, double> figures = {
            {"store_get_p50_us", store_get},
            {"per_host_call_us", per_host_call},
            {"per_host_call_beyond_store_us", per_host_call - store_get},
        };
        for (const auto& [n, r] : reads) {
            const std::string key = "reads_" + std::to_string(n);
            figures[key + "_call_restore_p50_us"] = r.call_restore_us;
            figures[key + "_in_guest_p50_us"] = r.in_guest_us;
            figures[key + "_exits_p50"] = r.exits;
        }
        if (o.json) {
            print_json(figures);
            return 0;
        }
        std::printf("sequential kv_get calls per call, call + restore (medians):\n");
        for (const auto& [n, r] : reads) {
            std::printf("  N = %3d: %9.1f us  (in the guest %9.1f us, %5.0f exits)\n", n,
                        r.call_restore_us, r.in_guest_us, r.exits);
        }
        std::printf("one host call (slope from N = 1 to 100): %.2f us\n", per_host_call);
        std::printf("  of which the store's own get (no VM):   %.2f us\n", store_get);
        std::printf("  and the exit, decoding and copying:     %.2f us\n",
                    per_host_call - store_get);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-hostcall-bench: %s\n", e.what());
        return 1;
    }
}
