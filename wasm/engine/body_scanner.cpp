// The binary format of function bodies, without validation (see
// body_scanner.hpp): each instruction's immediates and reserved bytes.
#include "wasm/engine/body_scanner.hpp"

#include "wasm/engine/reader.hpp"

namespace ember::wasm {

namespace {

bool value_type(Reader& in) {
    uint8_t byte = in.u8();
    if (!in.ok()) return false;
    if (byte == 0x7f || byte == 0x7e || byte == 0x7d || byte == 0x7c || byte == 0x70 ||
        byte == 0x6f)
        return true;
    in.fail(byte == 0x7b ? "SIMD is not supported (v128)" : "malformed value type");
    return false;
}

void zero_byte(Reader& in) {
    if (in.u8() != 0 && in.ok()) in.fail("zero byte expected");
}

void block_type(Reader& in) {
    if (in.at_end()) {
        in.u8();
        return;
    }
    uint8_t byte = *in.position();
    if (byte == 0x40) {
        in.u8();
        return;
    }
    if (byte & 0x40) {  // a negative s33: one byte, a value type
        value_type(in);
        return;
    }
    in.s33();
}

void prefixed(Reader& in, const Module& module) {
    uint32_t sub = in.u32();
    switch (sub) {
        case 8:
        case 9:
            in.u32();
            if (sub == 8) zero_byte(in);
            if (in.ok() && !module.has_data_count && !module.data.empty())
                in.fail("data count section required");
            return;
        case 10:
            zero_byte(in);
            zero_byte(in);
            return;
        case 11:
            zero_byte(in);
            return;
        case 12:
        case 14:
            in.u32();
            in.u32();
            return;
        case 13:
        case 15:
        case 16:
        case 17:
            in.u32();
            return;
        default:
            if (sub > 17 && in.ok()) in.fail("illegal opcode");
            return;
    }
}

// One instruction's immediates; `depth` follows the blocks.
void immediates(Reader& in, const Module& module, uint8_t opcode, uint32_t& depth) {
    switch (opcode) {
        case 0x02:
        case 0x03:
        case 0x04:
            block_type(in);
            ++depth;
            return;
        case 0x0b:
            --depth;
            return;
        case 0x0e: {
            uint32_t count = in.u32();
            if (count > in.remaining()) {
                in.fail("unexpected end");
                return;
            }
            for (uint32_t i = 0; i <= count && in.ok(); ++i)
                in.u32();
            return;
        }
        case 0x11:
            in.u32();
            in.u32();
            return;
        case 0x1c: {
            uint32_t count = in.u32();
            for (uint32_t i = 0; i < count && in.ok(); ++i)
                value_type(in);
            return;
        }
        case 0x3f:
        case 0x40:
            zero_byte(in);
            return;
        case 0x41:
            in.s32();
            return;
        case 0x42:
            in.s64();
            return;
        case 0x43:
            in.bytes(4);
            return;
        case 0x44:
            in.bytes(8);
            return;
        case 0xd0: {
            uint8_t heap = in.u8();
            if (in.ok() && heap != 0x70 && heap != 0x6f) in.fail("malformed reference type");
            return;
        }
        case 0xfc:
            prefixed(in, module);
            return;
        case 0xfd:
            in.fail("SIMD is not supported (opcode 0xfd)");
            return;
        default:
            break;
    }
    if (opcode == 0x0c || opcode == 0x0d || opcode == 0x10 || (opcode >= 0x20 && opcode <= 0x26) ||
        opcode == 0xd2) {
        in.u32();
    } else if (opcode >= 0x28 && opcode <= 0x3e) {
        in.u32();
        in.u32();
    } else if (!(opcode <= 0x01 || opcode == 0x05 || opcode == 0x0f || opcode == 0x1a ||
                 opcode == 0x1b || (opcode >= 0x45 && opcode <= 0xc4) || opcode == 0xd1)) {
        in.fail("illegal opcode");
    }
}

bool scan(const Module& module, const Function& function, Error& error) {
    Reader in(function.body.data, function.body.data + function.body.size, function.body_offset,
              error);
    uint32_t depth = 1;
    while (depth > 0 && in.ok()) {
        if (in.at_end()) {
            in.fail(missing_end_message(module, function));
            break;
        }
        immediates(in, module, in.u8(), depth);
    }
    if (in.ok() && !in.at_end()) in.fail("section size mismatch: bytes after the body's end");
    return !in.ok();
}

}  // namespace

bool find_malformed_body(const Module& module, uint32_t first, Error& error) {
    for (uint32_t i = first; i < module.functions.size(); ++i) {
        Error found;
        if (scan(module, module.functions[i], found)) {
            error = found;
            return true;
        }
    }
    return false;
}

const char* missing_end_message(const Module& module, const Function& function) {
    const uint8_t* after = function.body.data + function.body.size;
    const uint8_t* end = module.binary.data() + module.binary.size();
    if (after >= end) return "unexpected end of section or function";
    if (*after == 0x0b) return "section size mismatch";
    return "END opcode expected";
}

}  // namespace ember::wasm
