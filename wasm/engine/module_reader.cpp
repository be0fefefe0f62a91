#include "wasm/engine/module_reader.hpp"

#include "wasm/engine/utf8.hpp"

namespace ember::wasm {

namespace {

__attribute__((format(printf, 4, 0))) void set_error(Error& error, ErrorKind kind, uint32_t at,
                                                     const char* fmt, va_list ap) {
    char message[sizeof error.message];
    vsnprintf(message, sizeof message, fmt, ap);
    error.set(kind, at, "%s", message);
}

}  // namespace

ModuleReader::ModuleReader(Module& module, Error& error)
    : module_(module),
      error_(error),
      in_(module.binary.data(), module.binary.data() + module.binary.size(), 0, error),
      size_(static_cast<uint32_t>(module.binary.size())) {}

void ModuleReader::malformed(uint32_t at, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_error(error_, ErrorKind::malformed, at, fmt, ap);
    va_end(ap);
}

void ModuleReader::invalid(uint32_t at, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_error(pending_, ErrorKind::invalid, at, fmt, ap);
    va_end(ap);
}

void ModuleReader::invalid_now(uint32_t at, const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    set_error(error_, ErrorKind::invalid, at, fmt, ap);
    va_end(ap);
}

bool ModuleReader::finish() {
    if (error_.kind == ErrorKind::malformed) return false;
    // An earlier held error comes before one that ended decoding.
    if (pending_) error_ = pending_;
    return !error_;
}

uint32_t ModuleReader::length() {
    uint32_t at = offset();
    uint32_t n = in_.u32();
    // Counted from the length's own first byte, as the spec interpreter does.
    if (ok() && n > size_ - at) malformed(at, "length out of bounds");
    return ok() ? n : 0;
}

Bytes ModuleReader::name() {
    uint32_t at = offset();
    uint32_t n = length();
    const uint8_t* bytes = in_.bytes(n);
    if (!ok()) return {};
    if (!is_valid_utf8(bytes, n)) {
        malformed(at, "malformed UTF-8 encoding");
        return {};
    }
    return {bytes, n};
}

// Types are signed LEB128 numbers of one byte in Wasm 2.0: a byte with the
// continuation bit set is a longer representation.
ValType ModuleReader::value_type() {
    uint32_t at = offset();
    uint8_t byte = in_.u8();
    switch (byte) {
        case 0x7f:
            return ValType::i32;
        case 0x7e:
            return ValType::i64;
        case 0x7d:
            return ValType::f32;
        case 0x7c:
            return ValType::f64;
        case 0x70:
            return ValType::funcref;
        case 0x6f:
            return ValType::externref;
        case 0x7b:
            invalid_now(at, "SIMD is not supported (v128)");
            return ValType::i32;
        default:
            break;
    }
    if (!ok()) return ValType::i32;
    if (byte & 0x80)
        malformed(at, "integer representation too long");
    else if (byte > 0x70)
        malformed(at, "malformed number type 0x%02x", byte);
    else
        malformed(at, "malformed reference type 0x%02x", byte);
    return ValType::i32;
}

ValType ModuleReader::ref_type() {
    uint32_t at = offset();
    uint8_t byte = in_.u8();
    if (byte == 0x70) return ValType::funcref;
    if (byte == 0x6f) return ValType::externref;
    if (!ok()) return ValType::funcref;
    if (byte & 0x80)
        malformed(at, "integer representation too long");
    else
        malformed(at, "malformed reference type 0x%02x", byte);
    return ValType::funcref;
}

FuncType ModuleReader::func_type() {
    FuncType type;
    uint32_t at = offset();
    uint8_t form = in_.u8();
    if (!ok()) return type;
    if (form != 0x60) {
        if (form & 0x80)
            malformed(at, "integer representation too long");
        else
            malformed(at, "malformed function type 0x%02x", form);
        return type;
    }
    value_types(type.params);
    value_types(type.results);
    return type;
}

void ModuleReader::value_types(Vec<ValType>& types) {
    uint32_t count = length();
    types.reserve(count);
    for (uint32_t i = 0; i < count && ok(); ++i)
        types.push_back(value_type());
}

// The flags are a 1-bit LEB128 number: 0 (no maximum) or 1.
Limits ModuleReader::limits() {
    Limits limits;
    uint32_t at = offset();
    uint8_t flags = in_.u8();
    if (!ok()) return limits;
    if (flags & 0x80) {
        malformed(at, "integer representation too long");
        return limits;
    }
    if (flags > 1) {
        malformed(at, "integer too large");
        return limits;
    }
    limits.min = in_.u32();
    limits.has_max = flags == 1;
    if (limits.has_max) limits.max = in_.u32();
    return limits;
}

TableType ModuleReader::table_type() {
    TableType type;
    type.element = ref_type();
    uint32_t at = offset();
    type.limits = limits();
    if (ok() && type.limits.has_max && type.limits.min > type.limits.max)
        invalid(at, "size minimum must not be greater than maximum");
    return type;
}

MemoryType ModuleReader::memory_type() {
    MemoryType type;
    uint32_t at = offset();
    type.limits = limits();
    if (!ok()) return type;
    const Limits& l = type.limits;
    if (l.min > max_pages || (l.has_max && l.max > max_pages))
        invalid(at, "memory size must be at most 65536 pages (4GiB)");
    else if (l.has_max && l.min > l.max)
        invalid(at, "size minimum must not be greater than maximum");
    return type;
}

GlobalType ModuleReader::global_type() {
    GlobalType type;
    type.type = value_type();
    uint32_t at = offset();
    uint8_t mutability = in_.u8();
    if (!ok()) return type;
    if (mutability > 1) malformed(at, "malformed mutability");
    type.is_mutable = mutability == 1;
    return type;
}

void ModuleReader::add_memory(uint32_t at, MemoryType type) {
    if (!module_.memory_types.empty()) invalid(at, "multiple memories");
    module_.memory_types.push_back(type);
}

}  // namespace ember::wasm
