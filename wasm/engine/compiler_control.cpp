// The function compiler's control instructions: blocks, branches, calls,
// drop and select. Values cross a block boundary in their canonical slots;
// a branch copies its label's values to where the target block expects them.
#include "wasm/engine/function_compiler.hpp"

namespace ember::wasm {

namespace {

// An i32 comparison and the fused branches taken when it holds, or not.
struct FusedBranch {
    Op compare;
    Op when_true;
    Op when_false;
};
constexpr FusedBranch fused_branches[] = {
    {Op::i32_eqz, Op::br_eqz, Op::br_nez},
    {Op::i32_eq, Op::br_i32_eq, Op::br_i32_ne},
    {Op::i32_ne, Op::br_i32_ne, Op::br_i32_eq},
    {Op::i32_lt_s, Op::br_i32_lt_s, Op::br_i32_ge_s},
    {Op::i32_lt_u, Op::br_i32_lt_u, Op::br_i32_ge_u},
    {Op::i32_gt_s, Op::br_i32_gt_s, Op::br_i32_le_s},
    {Op::i32_gt_u, Op::br_i32_gt_u, Op::br_i32_le_u},
    {Op::i32_le_s, Op::br_i32_le_s, Op::br_i32_gt_s},
    {Op::i32_le_u, Op::br_i32_le_u, Op::br_i32_gt_u},
    {Op::i32_ge_s, Op::br_i32_ge_s, Op::br_i32_lt_s},
    {Op::i32_ge_u, Op::br_i32_ge_u, Op::br_i32_lt_u},
};

const FusedBranch* fused_branch(Op compare) {
    for (const FusedBranch& f : fused_branches)
        if (f.compare == compare) return &f;
    return nullptr;
}

}  // namespace

bool FunctionCompiler::fusable_condition(uint32_t& instr) const {
    return live() && last_result_is_top(instr) &&
           fused_branch(static_cast<Op>(out_.code[instr])) != nullptr;
}

bool FunctionCompiler::take_condition(Condition& out) {
    uint32_t instr = 0;
    bool fuse = fusable_condition(instr);
    Operand cond;
    if (!pop(ValType::i32, cond)) return false;
    out = Condition{Op::count, cond.slot, 0};
    if (!fuse) return true;
    // {compare, dst, a[, b]}: take the operands, drop the instruction.
    out.compare = static_cast<Op>(out_.code[instr]);
    out.a = out_.code[instr + 2];
    if (out.compare != Op::i32_eqz) out.b = out_.code[instr + 3];
    drop_instruction(instr);
    return true;
}

uint32_t FunctionCompiler::conditional_jump(const Condition& cond, bool when_true) {
    if (cond.compare == Op::count) {
        begin(when_true ? Op::br_if : Op::br_unless);
        slot(cond.a);
    } else {
        const FusedBranch* f = fused_branch(cond.compare);
        begin(when_true ? f->when_true : f->when_false);
        slot(cond.a);
        if (cond.compare != Op::i32_eqz) slot(cond.b);
    }
    uint32_t at = static_cast<uint32_t>(out_.code.size());
    word(0);
    forget_last_result();
    return at;
}

bool FunctionCompiler::read_block_type(BlockType& type) {
    const uint8_t* p = reader_.position();
    if (!reader_.at_end()) {
        uint8_t byte = *p;
        if (byte == 0x40) {
            reader_.u8();
            return true;
        }
        if (byte == 0x7f || byte == 0x7e || byte == 0x7d || byte == 0x7c || byte == 0x70 ||
            byte == 0x6f || byte == 0x7b)
            return read_value_type(type.single);
    }
    int64_t index = reader_.s33();
    if (!reader_.ok()) return false;
    if (index < 0) return malformed("malformed block type");
    if (static_cast<uint64_t>(index) >= module_.types.size())
        return fail("unknown type %lld", static_cast<long long>(index));
    type.type_index = static_cast<uint32_t>(index);
    return true;
}

bool FunctionCompiler::control(uint8_t opcode) {
    switch (opcode) {
        case 0x00:
            if (live()) begin(Op::unreachable, true);
            set_unreachable();
            return true;
        case 0x01:
            return true;
        case 0x02:
        case 0x03: {
            BlockType type;
            if (!read_block_type(type)) return false;
            materialize_all();
            forget_last_result();
            if (!push_control(opcode, type)) return false;
            if (opcode == 0x03)
                controls_.back().loop_start = static_cast<uint32_t>(out_.code.size());
            return true;
        }
        case 0x04: {
            BlockType type;
            if (!read_block_type(type)) return false;
            Condition cond;
            if (!take_condition(cond)) return false;
            bool emit = live();
            materialize_all();
            if (!push_control(opcode, type)) return false;
            if (emit) controls_.back().else_branch = conditional_jump(cond, false);
            return true;
        }
        case 0x05:
            return else_();
        case 0x0b:
            return end();
        case 0x0c:
        case 0x0d:
            return branch(opcode);
        case 0x0e:
            return branch_table();
        case 0x0f: {
            uint32_t count = static_cast<uint32_t>(type_.results.size());
            if (has_values(count)) emit_return();
            if (!pop_list(type_.results.data(), count)) return false;
            set_unreachable();
            return true;
        }
        case 0x10: {
            uint32_t func = reader_.u32();
            if (!reader_.ok()) return false;
            if (func >= module_.func_types.size()) return fail("unknown function %u", func);
            return call(func);
        }
        case 0x11:
            return call_indirect();
        case 0x1a: {
            Operand dropped;
            forget_last_result();
            return pop(dropped);
        }
        case 0x1b:
            return select(false);
        case 0x1c:
            return select(true);
        default:
            return malformed("illegal opcode 0x%02x", opcode);
    }
}

bool FunctionCompiler::select(bool typed) {
    ValType type = unknown_type;
    if (typed) {
        uint32_t count = reader_.u32();
        if (!reader_.ok()) return false;
        if (count != 1) return fail("invalid result arity %u", count);
        if (!read_value_type(type)) return false;
    }
    Operand cond, b, a;
    if (!pop(ValType::i32, cond)) return false;
    if (typed) {
        if (!pop(type, b) || !pop(type, a)) return false;
    } else {
        if (!pop(b) || !pop(a)) return false;
        bool numeric_b = b.type == unknown_type || !is_ref(b.type);
        bool numeric_a = a.type == unknown_type || !is_ref(a.type);
        if (!numeric_a || !numeric_b) return fail("type mismatch: select of references");
        if (a.type != b.type && a.type != unknown_type && b.type != unknown_type)
            return fail("type mismatch: select of %s and %s", val_type_name(a.type),
                        val_type_name(b.type));
        type = a.type == unknown_type ? b.type : a.type;
    }
    const uint32_t operands[] = {a.slot, b.slot, cond.slot};
    emit_result(Op::select, operands, 3, type);
    return true;
}

bool FunctionCompiler::else_() {
    if (controls_.back().opcode != 0x04) return malformed("else without if");
    uint32_t count = 0;
    block_results(controls_.back().type, count);
    if (has_values(count)) {
        materialize_top(count);
        begin(Op::br);
        target_word(controls_.back());
    }
    ControlFrame frame;
    if (!pop_control(frame)) return false;
    if (frame.else_branch != no_position)
        patch(frame.else_branch, static_cast<uint32_t>(out_.code.size()));
    frame.else_branch = no_position;
    frame.opcode = 0x05;
    frame.unreachable = false;
    uint32_t params = 0;
    const ValType* types = block_params(frame.type, params);
    controls_.push_back(std::move(frame));
    push_list(types, params);
    forget_last_result();
    return true;
}

bool FunctionCompiler::end() {
    uint32_t count = 0;
    const ValType* results = block_results(controls_.back().type, count);
    if (has_values(count)) materialize_top(count);
    ControlFrame frame;
    if (!pop_control(frame)) return false;
    if (frame.opcode == 0x04) {
        uint32_t params = 0;
        const ValType* in = block_params(frame.type, params);
        bool same = params == count;
        for (uint32_t i = 0; same && i < count; ++i)
            same = in[i] == results[i];
        if (!same) return fail("type mismatch: if without else must leave its parameters");
    }
    uint32_t here = static_cast<uint32_t>(out_.code.size());
    if (frame.else_branch != no_position) patch(frame.else_branch, here);
    for (uint32_t at : frame.branches)
        patch(at, here);
    forget_last_result();
    if (controls_.empty()) {
        // The function's end: what falls through or branches here returns.
        begin(Op::ret);
        slot(stack_tag | 0);
        word(count);
        for (uint32_t i = 0; i < count; ++i)
            push(results[i]);
        if (max_height_ < count) max_height_ = count;
        return true;
    }
    push_list(results, count);
    return true;
}

bool FunctionCompiler::branch(uint8_t opcode) {
    uint32_t depth = reader_.u32();
    if (!reader_.ok()) return false;
    if (depth >= controls_.size()) return fail("unknown label %u", depth);
    ControlFrame& target = controls_[controls_.size() - 1 - depth];
    uint32_t arity = 0;
    const ValType* types = label_types(target, arity);
    if (opcode == 0x0c) {
        if (has_values(arity)) {
            branch_copies(target);
            begin(Op::br);
            target_word(target);
        }
        if (!pop_list(types, arity)) return false;
        set_unreachable();
        return true;
    }
    Condition cond;
    if (!take_condition(cond)) return false;
    if (has_values(arity)) {
        if (!needs_copies(target)) {
            bind(target, conditional_jump(cond, true));
        } else {
            uint32_t skip = conditional_jump(cond, false);
            branch_copies(target);
            begin(Op::br);
            target_word(target);
            patch(skip, static_cast<uint32_t>(out_.code.size()));
        }
    }
    forget_last_result();
    return check_top(types, arity);
}

bool FunctionCompiler::branch_table() {
    uint32_t count = reader_.u32();
    if (!reader_.ok()) return false;
    if (count > reader_.remaining()) return malformed("unexpected end");
    Vec<uint32_t> depths;
    depths.resize(count + 1);
    for (uint32_t i = 0; i <= count; ++i) {
        depths[i] = reader_.u32();
        if (!reader_.ok()) return false;
        if (depths[i] >= controls_.size()) return fail("unknown label %u", depths[i]);
    }
    Operand index;
    if (!pop(ValType::i32, index)) return false;
    uint32_t arity = 0;
    const ValType* default_types =
        label_types(controls_[controls_.size() - 1 - depths[count]], arity);
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t n = 0;
        label_types(controls_[controls_.size() - 1 - depths[i]], n);
        if (n != arity) return fail("type mismatch: br_table labels of different arity");
    }
    if (has_values(arity)) {
        begin(Op::br_table);
        slot(index.slot);
        word(count);
        Vec<uint32_t> stubs;  // target words whose label needs copies first
        uint32_t first = static_cast<uint32_t>(out_.code.size());
        for (uint32_t i = 0; i <= count; ++i) {
            ControlFrame& target = controls_[controls_.size() - 1 - depths[i]];
            if (needs_copies(target)) {
                word(0);
                stubs.push_back(i);
            } else {
                target_word(target);
            }
        }
        for (uint32_t i : stubs) {
            ControlFrame& target = controls_[controls_.size() - 1 - depths[i]];
            patch(first + i, static_cast<uint32_t>(out_.code.size()));
            branch_copies(target);
            begin(Op::br);
            target_word(target);
        }
    }
    for (uint32_t i = 0; i < count; ++i) {
        uint32_t n = 0;
        const ValType* types = label_types(controls_[controls_.size() - 1 - depths[i]], n);
        if (!check_top(types, n, true)) return false;
    }
    if (!pop_list(default_types, arity)) return false;
    set_unreachable();
    return true;
}

bool FunctionCompiler::call(uint32_t func) {
    const FuncType& callee = module_.types[module_.func_types[func]];
    uint32_t params = static_cast<uint32_t>(callee.params.size());
    if (has_values(params)) materialize_top(params);
    if (!pop_list(callee.params.data(), params)) return false;
    if (live()) {
        if (func >= module_.imported_funcs) {
            auto code = reinterpret_cast<uintptr_t>(
                module_.functions[func - module_.imported_funcs].compiled);
            begin(Op::call, true);
            word(static_cast<uint32_t>(code));
            word(static_cast<uint32_t>(static_cast<uint64_t>(code) >> 32));
        } else {
            begin(Op::call_import, true);
            word(func);
        }
        slot(stack_tag | height());
        forget_last_result();
    }
    push_list(callee.results.data(), static_cast<uint32_t>(callee.results.size()));
    return true;
}

bool FunctionCompiler::call_indirect() {
    uint32_t type_index = reader_.u32();
    uint32_t table = reader_.u32();
    if (!reader_.ok()) return false;
    if (table >= module_.table_types.size()) return fail("unknown table %u", table);
    if (type_index >= module_.types.size()) return fail("unknown type %u", type_index);
    if (module_.table_types[table].element != ValType::funcref)
        return fail("type mismatch: call_indirect through a table of externref");
    const FuncType& callee = module_.types[type_index];
    uint32_t params = static_cast<uint32_t>(callee.params.size());
    Operand index;
    if (!pop(ValType::i32, index)) return false;
    if (has_values(params)) materialize_top(params);
    if (!pop_list(callee.params.data(), params)) return false;
    if (live()) {
        begin(Op::call_indirect, true);
        word(table);
        word(type_index);
        slot(stack_tag | height());
        slot(index.slot);
        forget_last_result();
    }
    push_list(callee.results.data(), static_cast<uint32_t>(callee.results.size()));
    return true;
}

}  // namespace ember::wasm
