// ember-wasm-bench: Ember's Wasm engine, built for the host, on the kernels
// of loadtest/wasm_kernels, beside the same C compiled natively into this
// program. For each kernel: the module's load (decode, validate, compile)
// and instantiation, and the median of --runs calls of NAME_run.
// loadtest/wasm-bench puts these beside wabt's wasm-interp and the VM.
//
//   ember-wasm-bench [--modules DIR] [--runs N] [--json]
//   ember-wasm-bench --once NAME MODULE.wasm  load, instantiate, call NAME_run
//                                             once and print its result (to
//                                             time the whole process, as
//                                             wasm-interp's is timed)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "wasm/engine/engine.hpp"

extern "C" {
#include "kernel.h"
}

namespace {

namespace wasm = ember::wasm;
using Clock = std::chrono::steady_clock;

struct Kernel {
    const char* name;
    int (*native)(void);
};
constexpr Kernel kernels[] = {
    {"fib30", fib30_run}, {"coremark_loop", coremark_loop_run}, {"sha256_64k", sha256_64k_run}};

double ms(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> samples) {
    std::sort(samples.begin(), samples.end());
    return samples[samples.size() / 2];
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    return {std::istreambuf_iterator<char>(in), {}};
}

// A module loaded and instantiated in a store of its own, with its `run`.
class LoadedKernel {
  public:
    LoadedKernel(const std::string& path, const std::string& name) {
        const std::string bytes = read_file(path);
        wasm::Error error;
        const auto start = Clock::now();
        module_ =
            wasm::module_load(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), error);
        const auto loaded = Clock::now();
        if (!module_) throw std::runtime_error(path + ": " + error.message);
        // The runner guest's value stack (wasm/runner), not the host default.
        wasm::StoreConfig config;
        config.value_stack_slots = 64 * 1024;
        store_ = wasm::store_new(config);
        wasm::Instance* instance = wasm::instantiate(store_, module_, nullptr, 0, error);
        instantiated_ = Clock::now();
        if (!instance) throw std::runtime_error(path + ": " + error.message);
        const std::string export_name = name + "_run";
        wasm::Extern run;
        if (!wasm::instance_export(instance, export_name.data(), export_name.size(), run) ||
            run.kind != wasm::ExternKind::func)
            throw std::runtime_error(path + " exports no function " + export_name);
        run_ = static_cast<wasm::Func*>(run.object);
        load_ms = ms(loaded - start);
        instantiate_ms = ms(instantiated_ - loaded);
    }
    ~LoadedKernel() {
        if (store_) wasm::store_free(store_);
        if (module_) wasm::module_free(module_);
    }
    LoadedKernel(const LoadedKernel&) = delete;
    LoadedKernel& operator=(const LoadedKernel&) = delete;

    uint32_t call() {
        wasm::Slot result = 0;
        const wasm::Trap trap = wasm::invoke(store_, run_, nullptr, &result);
        if (trap) {
            char text[256];
            wasm::format_trap(trap, text, sizeof text);
            throw std::runtime_error(text);
        }
        return static_cast<uint32_t>(result);
    }

    double load_ms = 0;
    double instantiate_ms = 0;

  private:
    wasm::Module* module_ = nullptr;
    wasm::Store* store_ = nullptr;
    wasm::Func* run_ = nullptr;
    Clock::time_point instantiated_;
};

template <class F>
std::vector<double> time_runs(int runs, F&& call) {
    std::vector<double> samples;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        call();
        samples.push_back(ms(Clock::now() - start));
    }
    return samples;
}

int usage() {
    std::fprintf(stderr,
                 "usage: ember-wasm-bench [--modules DIR] [--runs N] [--json]\n"
                 "       ember-wasm-bench --once NAME MODULE.wasm\n");
    return 2;
}

}  // namespace

int main(int argc, char** argv) try {
    std::string modules = "build/guests";
    int runs = 11;
    bool json = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--once" && i + 2 < argc) {
            LoadedKernel kernel(argv[i + 2], argv[i + 1]);
            std::printf("%u\n", kernel.call());
            return 0;
        }
        if (arg == "--modules" && i + 1 < argc)
            modules = argv[++i];
        else if (arg == "--runs" && i + 1 < argc)
            runs = std::max(1, std::atoi(argv[++i]));
        else if (arg == "--json")
            json = true;
        else
            return usage();
    }
    if (json) std::printf("{");
    bool first = true;
    for (const Kernel& k : kernels) {
        LoadedKernel kernel(modules + "/bench_" + k.name + ".wasm", k.name);
        uint32_t engine_result = 0;
        int native_result = 0;
        const double engine = median(time_runs(runs, [&] { engine_result = kernel.call(); }));
        const double native = median(time_runs(runs, [&] { native_result = k.native(); }));
        if (engine_result != static_cast<uint32_t>(native_result))
            throw std::runtime_error(std::string(k.name) + ": the engine's result " +
                                     std::to_string(engine_result) + " is not native's " +
                                     std::to_string(static_cast<uint32_t>(native_result)));
        if (json) {
            std::printf(
                "%s\"%s\":{\"load_ms\":%.3f,\"instantiate_ms\":%.3f,\"engine_ms\":%.3f,"
                "\"native_ms\":%.3f}",
                first ? "" : ",", k.name, kernel.load_ms, kernel.instantiate_ms, engine, native);
        } else {
            std::printf(
                "%-14s load %7.3f ms  instantiate %7.3f ms  call: engine %9.3f ms, native %8.3f "
                "ms (%.1fx)\n",
                k.name, kernel.load_ms, kernel.instantiate_ms, engine, native, engine / native);
        }
        first = false;
    }
    if (json) std::printf("}\n");
    return 0;
} catch (const std::exception& e) {
    std::fprintf(stderr, "ember-wasm-bench: %s\n", e.what());
    return 1;
}
