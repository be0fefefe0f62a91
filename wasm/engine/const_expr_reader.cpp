#include "wasm/engine/const_expr_reader.hpp"

namespace ember::wasm {

namespace {

constexpr uint8_t op_end = 0x0b;
constexpr uint8_t op_else = 0x05;
constexpr uint8_t op_global_get = 0x23;
constexpr uint8_t op_i32_const = 0x41;
constexpr uint8_t op_i64_const = 0x42;
constexpr uint8_t op_f32_const = 0x43;
constexpr uint8_t op_f64_const = 0x44;
constexpr uint8_t op_ref_null = 0xd0;
constexpr uint8_t op_ref_func = 0xd2;
constexpr uint8_t op_prefix_misc = 0xfc;
constexpr uint8_t op_prefix_simd = 0xfd;
constexpr uint32_t last_misc_op = 0x11;  // table.fill

// Whether Wasm 2.0 (SIMD aside) has a one-byte instruction `op`: any other
// instruction here is not constant, an unknown byte is malformed.
bool is_instruction(uint8_t op) {
    return op <= 0x05 || (op >= 0x0b && op <= 0x11) || (op >= 0x1a && op <= 0x1c) ||
           (op >= 0x20 && op <= 0x26) || (op >= 0x28 && op <= 0xc4) || (op >= 0xd0 && op <= 0xd2);
}

class ConstExprReader {
  public:
    ConstExprReader(ModuleReader& in, ValType expected) : in_(in), expected_(expected) {}

    ConstExpr read() {
        uint32_t start = in_.offset();
        while (in_.ok()) {
            uint32_t at = in_.offset();
            uint8_t op = in_.in().u8();
            if (!in_.ok()) break;
            if (op == op_end) {
                if (values_ != 1 || expr_.type != expected_)
                    in_.invalid(start, "type mismatch in constant expression (expected one %s)",
                                val_type_name(expected_));
                break;
            }
            instruction(at, op);
            ++values_;
        }
        return expr_;
    }

  private:
    void instruction(uint32_t at, uint8_t op) {
        Reader& r = in_.in();
        switch (op) {
            case op_i32_const:
                set(ConstExpr::Op::i32_const, ValType::i32, static_cast<uint32_t>(r.s32()));
                return;
            case op_i64_const:
                set(ConstExpr::Op::i64_const, ValType::i64, static_cast<uint64_t>(r.s64()));
                return;
            case op_f32_const:
                set(ConstExpr::Op::f32_const, ValType::f32, r.f32_bits());
                return;
            case op_f64_const:
                set(ConstExpr::Op::f64_const, ValType::f64, r.f64_bits());
                return;
            case op_ref_null:
                set(ConstExpr::Op::ref_null, in_.ref_type(), 0);
                return;
            case op_ref_func:
                ref_func();
                return;
            case op_global_get:
                global_get(at);
                return;
            default:
                not_constant(at, op);
                return;
        }
    }

    void set(ConstExpr::Op op, ValType type, Slot value) {
        expr_.op = op;
        expr_.type = type;
        expr_.value = value;
    }

    void ref_func() {
        uint32_t at = in_.offset();
        uint32_t index = in_.in().u32();
        if (!in_.ok()) return;
        set(ConstExpr::Op::ref_func, ValType::funcref, 0);
        expr_.index = index;
        Module& m = in_.module();
        if (index >= m.func_types.size()) {
            in_.invalid(at, "unknown function %u", index);
            return;
        }
        m.declared_refs.resize(m.func_types.size());
        m.declared_refs[index] = true;
    }

    // Only imported globals are in scope: a module's own globals are not
    // initialised yet when constant expressions are evaluated.
    void global_get(uint32_t at) {
        uint32_t index = in_.in().u32();
        if (!in_.ok()) return;
        const Module& m = in_.module();
        expr_.op = ConstExpr::Op::global_get;
        expr_.index = index;
        if (index >= m.imported_globals) {
            in_.invalid(at, "unknown global %u", index);
            // Any type: the error above is reported whatever follows.
            expr_.type = expected_;
            return;
        }
        expr_.type = m.global_types[index].type;
        if (m.global_types[index].is_mutable)
            in_.invalid(at, "constant expression required (global %u is mutable)", index);
    }

    void not_constant(uint32_t at, uint8_t op) {
        if (op == op_else) {
            in_.malformed(at, "END opcode expected");
        } else if (op == op_prefix_simd) {
            in_.invalid_now(at, "SIMD is not supported (opcode 0xfd)");
        } else if (op == op_prefix_misc) {
            uint32_t sub = in_.in().u32();
            if (!in_.ok()) return;
            if (sub > last_misc_op)
                in_.malformed(at, "illegal opcode fc %02x", sub);
            else
                in_.invalid_now(at, "constant expression required (opcode 0xfc %u)", sub);
        } else if (is_instruction(op)) {
            in_.invalid_now(at, "constant expression required (opcode 0x%02x)", op);
        } else {
            in_.malformed(at, "illegal opcode %02x", op);
        }
    }

    ModuleReader& in_;
    ValType expected_;
    ConstExpr expr_;
    uint32_t values_ = 0;
};

}  // namespace

ConstExpr read_const_expr(ModuleReader& in, ValType expected) {
    return ConstExprReader(in, expected).read();
}

}  // namespace ember::wasm
