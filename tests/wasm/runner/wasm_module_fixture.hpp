// Runs a module of build/guests/*.wasm on the host engine, with WASI bound
// to a fake host that records what the module wrote: the runner guest's
// logic without a VM. Skips when the module was not built (no wasm32-wasi
// toolchain).
#pragma once

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "tests/skip.hpp"
#include "wasm/engine/engine.hpp"
#include "wasm/runner/handler_table.hpp"
#include "wasm/runner/wasi.hpp"

namespace ember::wasm::test {

class RecordingHost final : public WasiHost {
  public:
    size_t write_output(const uint8_t* data, size_t len) override {
        const size_t n = std::min(len, output_capacity - output.size());
        output.append(reinterpret_cast<const char*>(data), n);
        return n;
    }
    void log(const char* line, size_t len) override { logs.emplace_back(line, len); }
    uint64_t clock_ns() override { return 1'764'547'200'000'000'000; }  // 2025-12-01
    void random(uint8_t* to, size_t len) override {
        for (size_t i = 0; i < len; ++i)
            to[i] = static_cast<uint8_t>(++random_counter);
    }
    void set_status(uint32_t value) override { status = value; }

    std::string output;
    size_t output_capacity = 1 << 20;
    std::vector<std::string> logs;
    uint32_t status = 200;
    unsigned random_counter = 0;
};

inline std::vector<uint8_t> module_file(const std::string& name) {
    const auto path = std::filesystem::path(EMBER_GUEST_DIR) / (name + ".wasm");
    if (!std::filesystem::exists(path))
        ember::test::skip_test(path.string() + " was not built (no wasm32-wasi toolchain)");
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct ModuleRun {
    explicit ModuleRun(const std::vector<uint8_t>& bytes, WasiStrings environment = {},
                       uint64_t memory_limit = 64ull << 20) {
        Error error;
        module = module_load(bytes.data(), bytes.size(), error);
        INFO(error.message);
        REQUIRE(module != nullptr);
        StoreConfig config;
        config.memory_limit_bytes = memory_limit;
        store = store_new(config);
        static const char argv[] = "main";
        wasi = std::make_unique<Wasi>(host, WasiStrings{argv, sizeof argv, 1}, environment);
        Vec<Extern> imports;
        REQUIRE(wasi->link(store, *module, imports, error));
        instance = instantiate(store, module, imports.data(), static_cast<uint32_t>(imports.size()),
                               error);
        INFO(error.message);
        REQUIRE(instance != nullptr);
        char message[256] = {};
        INFO(message);
        REQUIRE(find_handlers(instance, handlers, message, sizeof message));
        if (handlers.initialize)
            REQUIRE_FALSE(invoke(store, handlers.initialize, nullptr, nullptr));
    }
    ~ModuleRun() {
        store_free(store);
        module_free(module);
    }
    ModuleRun(const ModuleRun&) = delete;
    ModuleRun& operator=(const ModuleRun&) = delete;

    const WasmHandler& handler(const std::string& name) const {
        for (uint32_t i = 0; i < handlers.count; ++i)
            if (std::string(handlers.handlers[i].name, handlers.handlers[i].name_len) == name)
                return handlers.handlers[i];
        FAIL("no handler " << name);
        return handlers.handlers[0];
    }

    // Runs a () -> () handler with `input` on stdin: the output is in host.
    Trap call(const std::string& name, const std::string& input = {}) {
        host.output.clear();
        wasi->begin_call(reinterpret_cast<const uint8_t*>(input.data()), input.size());
        const Trap trap = invoke(store, handler(name).func, nullptr, nullptr);
        wasi->end_call();
        return trap;
    }

    RecordingHost host;
    Module* module = nullptr;
    Store* store = nullptr;
    std::unique_ptr<Wasi> wasi;
    Instance* instance = nullptr;
    HandlerTable handlers;
};

}  // namespace ember::wasm::test
