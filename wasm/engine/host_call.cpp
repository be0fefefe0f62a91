// Calls into host functions: from Wasm code, and from the embedder.
#include "wasm/engine/runtime.hpp"

namespace ember::wasm {

Trap host_call(Store& store, Func& func, Instance* caller, Slot* args, Slot* results) {
    HostContext context{&store, caller, Trap{}};
    if (func.host(func.host_context, context, args, results)) return Trap{};
    if (!context.trap) context.trap.kind = TrapKind::host;
    return context.trap;
}

// Invokes a host function from outside Wasm: arguments and results apart.
Trap invoke_host(Store& store, Func& func, const Slot* args, Slot* results) {
    uint32_t params = static_cast<uint32_t>(func.type->params.size());
    uint32_t count = params + static_cast<uint32_t>(func.type->results.size());
    Slot* base = store.stack_in_use;
    if (count > static_cast<uint64_t>(store.stack_end - base))
        return Trap{TrapKind::call_stack_exhausted, 0, 0, 0, nullptr};
    for (uint32_t i = 0; i < params; ++i)
        base[i] = args[i];
    store.stack_in_use = base + count;
    Trap trap = host_call(store, func, nullptr, base, base + params);
    store.stack_in_use = base;
    if (!trap)
        for (size_t i = 0; i < func.type->results.size(); ++i)
            results[i] = base[params + i];
    return trap;
}

}  // namespace ember::wasm
