// compile_module, and the function compiler's decoding loop: variables,
// constants, numeric instructions, references, calls and the frame's final
// layout. Control instructions are in compiler_control.cpp, memory and table
// instructions in compiler_memory.cpp.
#include "wasm/engine/compiler.hpp"

#include "wasm/engine/function_compiler.hpp"

namespace ember::wasm {

namespace {
// Far below const_tag, and far above what compilers emit.
constexpr uint32_t max_frame_values = 1u << 24;
}  // namespace

Module::~Module() {
    for (Function& function : functions)
        delete function.compiled;
}

bool compile_module(Module& module, Error& error) {
    // All first, so that calls can name their callee's code.
    for (Function& function : module.functions)
        function.compiled = new CompiledFunction();
    for (uint32_t i = 0; i < module.functions.size(); ++i) {
        FunctionCompiler compiler(module, module.imported_funcs + i, *module.functions[i].compiled,
                                  error);
        if (!compiler.compile()) return false;
    }
    return true;
}

uint32_t module_offset_at(const CompiledFunction& function, uint32_t code_pos) {
    const Vec<TrapSite>& sites = function.trap_sites;
    size_t lo = 0, hi = sites.size();
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (sites[mid].code_pos < code_pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < sites.size() && sites[lo].code_pos == code_pos ? sites[lo].module_offset : 0;
}

FunctionCompiler::FunctionCompiler(const Module& module, uint32_t func_index, CompiledFunction& out,
                                   Error& error)
    : module_(module),
      func_index_(func_index),
      function_(module.functions[func_index - module.imported_funcs]),
      type_(module.types[module.func_types[func_index]]),
      out_(out),
      error_(error),
      reader_(function_.body.data, function_.body.data + function_.body.size, function_.body_offset,
              error) {}

bool FunctionCompiler::compile() {
    for (ValType t : type_.params)
        local_types_.push_back(t);
    for (const LocalRun& run : function_.locals)
        for (uint32_t i = 0; i < run.count; ++i)
            local_types_.push_back(run.type);
    lazy_uses_.resize(local_types_.size());

    ControlFrame body;
    body.type.type_index = module_.func_types[func_index_];
    controls_.push_back(std::move(body));
    while (!controls_.empty()) {
        instr_offset_ = reader_.offset();
        if (reader_.at_end()) return malformed("END opcode expected");
        uint8_t opcode = reader_.u8();
        if (!instruction(opcode) || !reader_.ok()) return false;
        // Slots are numbered below the tags (function_compiler.hpp).
        if (max_height_ + constants_.size() > max_frame_values)
            return fail("function too large: more than %u values in its frame", max_frame_values);
    }
    if (!reader_.at_end()) return malformed("section size mismatch: bytes after the body's end");
    return finish();
}

bool FunctionCompiler::read_value_type(ValType& type) {
    uint8_t byte = reader_.u8();
    switch (byte) {
        case 0x7f:
        case 0x7e:
        case 0x7d:
        case 0x7c:
        case 0x70:
        case 0x6f:
            type = static_cast<ValType>(byte);
            return true;
        case 0x7b:
            return malformed("SIMD is not supported (v128)");
        default:
            return malformed("malformed value type 0x%02x", byte);
    }
}

bool FunctionCompiler::read_zero_byte() {
    if (reader_.u8() != 0) return malformed("zero byte expected");
    return reader_.ok();
}

bool FunctionCompiler::instruction(uint8_t opcode) {
    if (opcode <= 0x11) return control(opcode);
    if (opcode >= 0x1a && opcode <= 0x1c) return control(opcode);
    if (opcode >= 0x20 && opcode <= 0x24) return variable(opcode);
    if (opcode >= 0x28 && opcode <= 0x3e) return memory_access(opcode);
    if (opcode >= 0x45 && opcode <= 0xc4) return numeric(opcode);
    switch (opcode) {
        case 0x25:
        case 0x26:
        case 0x3f:
        case 0x40:
            return memory_or_table(opcode);
        case 0x41: {
            uint32_t v = static_cast<uint32_t>(reader_.s32());
            return push_constant(ValType::i32, v);
        }
        case 0x42:
            return push_constant(ValType::i64, static_cast<uint64_t>(reader_.s64()));
        case 0x43:
            return push_constant(ValType::f32, reader_.f32_bits());
        case 0x44:
            return push_constant(ValType::f64, reader_.f64_bits());
        case 0xd0: {
            uint8_t heap = reader_.u8();
            if (heap != 0x70 && heap != 0x6f) return malformed("malformed reference type");
            return push_constant(static_cast<ValType>(heap), 0);
        }
        case 0xd1: {
            Operand ref;
            if (!pop(ref)) return false;
            if (ref.type != unknown_type && !is_ref(ref.type))
                return fail("type mismatch: ref.is_null of %s", val_type_name(ref.type));
            const uint32_t operands[] = {ref.slot};
            emit_result(Op::ref_is_null, operands, 1, ValType::i32);
            return true;
        }
        case 0xd2: {
            uint32_t func = reader_.u32();
            if (func >= module_.func_types.size()) return fail("unknown function %u", func);
            if (func >= module_.declared_refs.size() || !module_.declared_refs[func])
                return fail("undeclared function reference %u", func);
            if (live()) {
                begin_result(Op::ref_func, false);
                word(func);
                end_result();
            }
            push(ValType::funcref);
            return true;
        }
        case 0xfc:
            return prefixed(reader_.u32());
        case 0xfd:
            return malformed("SIMD is not supported (opcode 0xfd)");
        default:
            return malformed("illegal opcode 0x%02x", opcode);
    }
}

bool FunctionCompiler::push_constant(ValType type, Slot bits) {
    if (!reader_.ok()) return false;
    if (live())
        push_at(type, constant(bits));
    else
        push(type);
    return true;
}

void FunctionCompiler::begin_result(Op op, bool traps) {
    last_result_instr_ = static_cast<uint32_t>(out_.code.size());
    begin(op, traps);
    result_slot(height());
}

void FunctionCompiler::end_result() {
    last_result_end_ = static_cast<uint32_t>(out_.code.size());
}

void FunctionCompiler::emit_result(Op op, const uint32_t* operands, uint32_t count, ValType result,
                                   bool traps) {
    if (live()) {
        begin_result(op, traps);
        for (uint32_t i = 0; i < count; ++i)
            slot(operands[i]);
        end_result();
    }
    push(result);
}

#define EMBER_VT_I32 ValType::i32
#define EMBER_VT_I64 ValType::i64
#define EMBER_VT_F32 ValType::f32
#define EMBER_VT_F64 ValType::f64

bool FunctionCompiler::numeric(uint32_t opcode) {
    ValType in = unknown_type, result = unknown_type;
    Op op = Op::count;
    bool binary = false, traps = false;
    switch (opcode) {
#define EMBER_UNARY(name, code, a, r, ...)                       \
    case code:                                                   \
        op = Op::name, in = EMBER_VT_##a, result = EMBER_VT_##r; \
        break;
#define EMBER_BINARY(name, code, a, r, ...)                                     \
    case code:                                                                  \
        op = Op::name, in = EMBER_VT_##a, result = EMBER_VT_##r, binary = true; \
        break;
#define EMBER_TRAPPING_UNARY(name, code, a, r, ...)                            \
    case code:                                                                 \
        op = Op::name, in = EMBER_VT_##a, result = EMBER_VT_##r, traps = true; \
        break;
#define EMBER_TRAPPING_BINARY(name, code, a, r, ...)                                          \
    case code:                                                                                \
        op = Op::name, in = EMBER_VT_##a, result = EMBER_VT_##r, binary = true, traps = true; \
        break;
        EMBER_WASM_UNARY_OPS(EMBER_UNARY)
        EMBER_WASM_BINARY_OPS(EMBER_BINARY)
        EMBER_WASM_TRAPPING_UNARY_OPS(EMBER_TRAPPING_UNARY)
        EMBER_WASM_TRAPPING_BINARY_OPS(EMBER_TRAPPING_BINARY)
#undef EMBER_UNARY
#undef EMBER_BINARY
#undef EMBER_TRAPPING_UNARY
#undef EMBER_TRAPPING_BINARY
        // Reinterpretations change the type, not the bits: no code.
        case 0xbc:
            return reinterpret(ValType::f32, ValType::i32);
        case 0xbd:
            return reinterpret(ValType::f64, ValType::i64);
        case 0xbe:
            return reinterpret(ValType::i32, ValType::f32);
        case 0xbf:
            return reinterpret(ValType::i64, ValType::f64);
        default:
            return malformed("illegal opcode 0x%x", opcode);
    }
    Operand a, b;
    if (binary && !pop(in, b)) return false;
    if (!pop(in, a)) return false;
    const uint32_t operands[] = {a.slot, b.slot};
    emit_result(op, operands, binary ? 2 : 1, result, traps);
    return true;
}

bool FunctionCompiler::reinterpret(ValType from, ValType to) {
    Operand a;
    if (!pop(from, a)) return false;
    if (live())
        push_at(to, a.slot);
    else
        push(to);
    return true;
}

bool FunctionCompiler::variable(uint8_t opcode) {
    uint32_t index = reader_.u32();
    if (!reader_.ok()) return false;
    if (opcode >= 0x23) {
        if (index >= module_.global_types.size()) return fail("unknown global %u", index);
        GlobalType global = module_.global_types[index];
        if (opcode == 0x23) {
            if (live()) {
                begin_result(Op::global_get, false);
                word(index);
                end_result();
            }
            push(global.type);
            return true;
        }
        if (!global.is_mutable) return fail("global is immutable: %u", index);
        Operand value;
        if (!pop(global.type, value)) return false;
        if (live()) {
            begin(Op::global_set);
            word(index);
            slot(value.slot);
            forget_last_result();
        }
        return true;
    }
    if (index >= local_types_.size()) return fail("unknown local %u", index);
    ValType type = local_types_[index];
    if (opcode == 0x20) {
        if (live())
            push_at(type, index);
        else
            push(type);
        return true;
    }
    uint32_t producer = 0;
    bool retarget = live() && last_result_is_top(producer);
    Operand value;
    if (!pop(type, value)) return false;
    if (!live()) {
        if (opcode == 0x22) push(type);
        return true;
    }
    if (value.slot != index) {
        materialize_local(index);
        if (retarget && last_result_end_ == out_.code.size()) {
            // The producer writes the local itself (it reads its operands
            // before it writes).
            out_.code[last_result_dst_] = index;
            forget_last_result();
            value.slot = index;
        } else {
            emit_copy(index, value.slot);
        }
    }
    if (opcode == 0x22) push_at(type, value.slot);
    return true;
}

bool FunctionCompiler::finish() {
    uint32_t locals = static_cast<uint32_t>(local_types_.size());
    uint32_t stack_base = locals + static_cast<uint32_t>(constants_.size());
    for (uint32_t at : relocations_) {
        uint32_t v = out_.code[at];
        if (v & stack_tag)
            out_.code[at] = stack_base + (v & ~stack_tag);
        else if (v & const_tag)
            out_.code[at] = locals + (v & ~const_tag);
    }
    uint32_t params = static_cast<uint32_t>(type_.params.size());
    out_.frame_init.resize(locals - params + constants_.size());
    for (uint32_t i = 0; i < constants_.size(); ++i)
        out_.frame_init[locals - params + i] = constants_[i];
    out_.func_index = func_index_;
    out_.param_count = params;
    out_.result_count = static_cast<uint32_t>(type_.results.size());
    out_.frame_size = stack_base + max_height_;
    if (out_.frame_size < out_.result_count) out_.frame_size = out_.result_count;
    return true;
}

}  // namespace ember::wasm
