// The Wasm runner guest: at init, before the snapshot, it fetches the
// module's bytes from the host, decodes, validates and instantiates it (so a
// hostile module attacks only this VM), runs its initialisation and reports
// its handlers; every call then starts from the instantiated module.
#include <ember/guest.h>

#include "wasm/runner/handler_table.hpp"
#include "wasm/runner/linear_memory.hpp"
#include "wasm/runner/sdk_wasi_host.hpp"
#include "wasm/runner/wasi.hpp"

using namespace ember::wasm;

// One entry point per handler slot (trampolines.S): loads its index and
// jumps to ember_wasm_call.
extern "C" const uint8_t ember_wasm_trampolines[];
constexpr uint64_t trampoline_bytes = 16;

namespace {

// What the runtime keeps of the heap once linear memory has the rest: the
// instance, its tables and the interpreter's stacks.
constexpr uint64_t value_stack_slots = 64 * 1024;
constexpr uint32_t max_call_depth = 10000;
constexpr size_t runtime_keep = 2u << 20;

Store* store;
Instance* instance;
Wasi* wasi;
SdkWasiHost host;
HandlerTable handlers;
ember_handler_entry entries[EMBER_HANDLERS_MAX];

[[noreturn]] void fail(const char* format, const char* detail) {
    char message[320];
    snprintf(message, sizeof message, format, detail);
    ember_abort(message);
}

[[noreturn]] void fail_trap(const char* context, const Trap& trap) {
    char text[256];
    format_trap(trap, text, sizeof text);
    fail(context, text);
}

// A host function's whole result, in a fresh heap block (never freed for
// the environment, which WASI hands out on every call).
uint8_t* fetch(const char* function, size_t& size) {
    uint8_t probe = 0;
    const int64_t n = ember_host_call(function, nullptr, 0, &probe, 0);
    if (n < 0) fail("wasm: the host has no %s for this function", function);
    uint8_t* bytes = static_cast<uint8_t*>(malloc(n > 0 ? static_cast<size_t>(n) : 1));
    if (!bytes) ember_abort("wasm: the module does not fit in the function's memory_mb");
    if (ember_host_call(function, nullptr, 0, bytes, static_cast<size_t>(n)) != n)
        fail("wasm: %s changed while it was read", function);
    size = static_cast<size_t>(n);
    return bytes;
}

// The environment as WASI wants it: the host's "NAME=VALUE\0..." counted.
WasiStrings environment() {
    size_t size = 0;
    const uint8_t* bytes = fetch("wasm_environ", size);
    WasiStrings strings{reinterpret_cast<const char*>(bytes), static_cast<uint32_t>(size), 0};
    for (size_t i = 0; i < size; ++i)
        strings.count += bytes[i] == 0;
    return strings;
}

Module* load_module() {
    size_t size = 0;
    uint8_t* bytes = fetch("wasm_module", size);
    Error error;
    Module* module = module_load(bytes, size, error);
    free(bytes);
    if (!module) fail("wasm: invalid module: %s", error.message);
    return module;
}

void instantiate_module(Module* module) {
    StoreConfig config;
    config.allocator = &linear_memory_allocator(runtime_keep);
    // Only a ceiling: what the heap has left when memory 0 is allocated
    // bounds linear memory (linear_memory.hpp).
    config.memory_limit_bytes = ember_boot()->memory_size;
    config.max_call_depth = max_call_depth;
    config.value_stack_slots = value_stack_slots;
    store = store_new(config);

    static const char argv[] = "main";
    wasi = new Wasi(host, WasiStrings{argv, sizeof argv, 1}, environment());
    Vec<Extern> imports;
    Error error;
    if (!wasi->link(store, *module, imports, error)) fail("wasm: %s", error.message);
    instance =
        instantiate(store, module, imports.data(), static_cast<uint32_t>(imports.size()), error);
    if (!instance) fail("wasm: cannot instantiate the module: %s", error.message);
}

void report_handlers() {
    char message[256];
    if (!find_handlers(instance, handlers, message, sizeof message)) fail("wasm: %s", message);
    if (handlers.initialize) {
        const Trap trap = invoke(store, handlers.initialize, nullptr, nullptr);
        wasi->end_call();
        if (trap && !(trap.kind == TrapKind::exit && trap.exit_code == 0))
            fail_trap("wasm: _initialize failed: %s", trap);
    }
    for (uint32_t i = 0; i < handlers.count; ++i) {
        const WasmHandler& handler = handlers.handlers[i];
        entries[i].name_gva = reinterpret_cast<uint64_t>(handler.name);
        entries[i].name_len = handler.name_len;
        entries[i].fn_gva =
            reinterpret_cast<uint64_t>(ember_wasm_trampolines) + uint64_t{i} * trampoline_bytes;
        entries[i].flags = i == handlers.default_handler ? EMBER_HANDLER_DEFAULT : 0;
    }
    ember_set_handlers(entries, handlers.count);
}

// (ptr, len) -> i64: the input goes where ember_alloc says, the reply is
// read from where the result points (zero-copy: linear memory outlives the
// call's return to the host).
Trap call_buffer(Func* func, const uint8_t* input, size_t len) {
    Slot size = len;
    Slot at = 0;
    if (Trap trap = invoke(store, handlers.alloc, &size, &at)) return trap;
    Memory* memory = instance_memory(instance);
    if (!memory) ember_abort("wasm: a (ptr, len) handler needs the module to have a memory");
    const uint64_t memory_bytes = memory_size(memory);
    const uint64_t ptr = static_cast<uint32_t>(at);
    if (len > memory_bytes || ptr > memory_bytes - len)
        ember_abort("wasm: ember_alloc returned memory outside the module's memory");
    if (len > 0) memcpy(memory_data(memory) + ptr, input, len);
    Slot args[2] = {ptr, len};
    Slot result = 0;
    if (Trap trap = invoke(store, func, args, &result)) return trap;
    const uint64_t reply_at = result >> 32, reply_len = result & 0xffffffffu;
    if (reply_len > memory_bytes || reply_at > memory_bytes - reply_len)
        ember_abort("wasm: the handler's reply lies outside the module's memory");
    ember_reply_bytes(memory_data(memory) + reply_at, reply_len);
    return Trap{};
}

}  // namespace

extern "C" void ember_init(void) {
    Module* module = load_module();
    instantiate_module(module);
    report_handlers();
}

extern "C" void ember_wasm_call(const uint8_t* input, size_t len, uint32_t index) {
    const WasmHandler& handler = handlers.handlers[index];
    if (len > UINT32_MAX) ember_abort("wasm: the input is over 4 GiB");
    wasi->begin_call(input, len);
    const Trap trap = handler.kind == HandlerKind::buffer
                          ? call_buffer(handler.func, input, len)
                          : invoke(store, handler.func, nullptr, nullptr);
    wasi->end_call();
    if (!trap) return;
    if (trap.kind == TrapKind::exit) {
        if (trap.exit_code == 0) return;
        char message[64];
        snprintf(message, sizeof message, "wasm: exited with code %d", trap.exit_code);
        ember_abort(message);
    }
    fail_trap("%s", trap);
}
