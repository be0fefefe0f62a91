#include "wasm/runner/handler_table.hpp"

namespace ember::wasm {

namespace {

bool has_type(const Func* func, const ValType* params, size_t param_count, const ValType* results,
              size_t result_count) {
    const FuncType& type = func_type(func);
    if (type.params.size() != param_count || type.results.size() != result_count) return false;
    for (size_t i = 0; i < param_count; ++i)
        if (type.params[i] != params[i]) return false;
    for (size_t i = 0; i < result_count; ++i)
        if (type.results[i] != results[i]) return false;
    return true;
}

bool is_stream(const Func* func) {
    return has_type(func, nullptr, 0, nullptr, 0);
}

bool is_buffer(const Func* func) {
    static constexpr ValType params[] = {ValType::i32, ValType::i32};
    static constexpr ValType results[] = {ValType::i64};
    return has_type(func, params, 2, results, 1);
}

bool is_alloc(const Func* func) {
    static constexpr ValType params[] = {ValType::i32};
    static constexpr ValType results[] = {ValType::i32};
    return has_type(func, params, 1, results, 1);
}

bool valid_name(const Bytes& name) {
    if (name.size == 0 || name.size > EMBER_HANDLER_NAME_MAX) return false;
    for (uint32_t i = 0; i < name.size; ++i) {
        const uint8_t c = name.data[i];
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                        (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
        if (!ok) return false;
    }
    return true;
}

bool named(const Bytes& name, const char* text) {
    const size_t n = strlen(text);
    return name.size == n && memcmp(name.data, text, n) == 0;
}

Func* exported_func(const Instance* instance, const Bytes& name) {
    Extern found;
    if (!instance_export(instance, reinterpret_cast<const char*>(name.data), name.size, found) ||
        found.kind != ExternKind::func) {
        return nullptr;
    }
    return static_cast<Func*>(found.object);
}

void add(HandlerTable& table, Func* func, HandlerKind kind, const Bytes& name) {
    if (table.count == EMBER_HANDLERS_MAX) return;
    WasmHandler& handler = table.handlers[table.count++];
    handler.func = func;
    handler.kind = kind;
    memcpy(handler.name, name.data, name.size);
    handler.name_len = name.size;
}

}  // namespace

bool find_handlers(const Instance* instance, HandlerTable& table, char* message, size_t cap) {
    const Module& module = instance_module(instance);
    for (const Export& e : module.exports) {
        if (e.kind != ExternKind::func) continue;
        Func* func = exported_func(instance, e.name);
        if (!func) continue;
        if (named(e.name, "_start") && is_stream(func)) {
            table.is_command = true;
            table.count = 0;
            add(table, func, HandlerKind::stream, e.name);
            return true;
        }
        if (named(e.name, "_initialize")) {
            if (is_stream(func)) table.initialize = func;
        } else if (named(e.name, "ember_alloc")) {
            if (is_alloc(func)) table.alloc = func;
        } else if (valid_name(e.name) && is_stream(func)) {
            add(table, func, HandlerKind::stream, e.name);
        } else if (valid_name(e.name) && is_buffer(func)) {
            add(table, func, HandlerKind::buffer, e.name);
        }
    }
    // (ptr, len) handlers need ember_alloc for their input.
    if (!table.alloc) {
        uint32_t kept = 0;
        for (uint32_t i = 0; i < table.count; ++i)
            if (table.handlers[i].kind == HandlerKind::stream)
                table.handlers[kept++] = table.handlers[i];
        table.count = kept;
    }
    if (table.count == 0) {
        snprintf(message, cap,
                 "the module exports no handler: a command exports _start, a reactor functions "
                 "of type () -> (), or (i32, i32) -> i64 with ember_alloc: (i32) -> i32");
        return false;
    }
    for (uint32_t i = 0; i < table.count; ++i) {
        if (table.handlers[i].name_len == 6 && memcmp(table.handlers[i].name, "handle", 6) == 0)
            table.default_handler = i;
    }
    return true;
}

}  // namespace ember::wasm
