// Which exports of an instance are handlers (docs/wasm.md): a command's
// `_start`, or a reactor's exports of type () -> () (input on fd 0, reply on
// fd 1) and (i32, i32) -> i64 (input in memory from `ember_alloc`, reply
// returned as pointer and length).
#pragma once

#include <ember/abi.h>

#include "wasm/engine/engine.hpp"

namespace ember::wasm {

enum class HandlerKind : uint8_t {
    stream,  // () -> (): _start, or a reactor's
    buffer,  // (i32 ptr, i32 len) -> i64 (reply_ptr << 32 | reply_len)
};

struct WasmHandler {
    Func* func = nullptr;
    HandlerKind kind = HandlerKind::stream;
    char name[EMBER_HANDLER_NAME_MAX + 1] = {};
    uint32_t name_len = 0;
};

struct HandlerTable {
    WasmHandler handlers[EMBER_HANDLERS_MAX];
    uint32_t count = 0;
    uint32_t default_handler = 0;
    bool is_command = false;
    Func* initialize = nullptr;  // a reactor's _initialize
    Func* alloc = nullptr;       // ember_alloc: (i32) -> i32
};

// Fills `table` from `instance`'s exports. False with `message` set when the
// module offers no handler. Exports whose names a handler cannot have
// (1..64 bytes of [A-Za-z0-9_.-]) are left out, and so are handlers past
// EMBER_HANDLERS_MAX.
bool find_handlers(const Instance* instance, HandlerTable& table, char* message, size_t cap);

}  // namespace ember::wasm
