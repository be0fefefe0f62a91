// The function compiler's operand and control stacks (the spec's validation
// algorithm) and the emission helpers that keep values' slots in step.
#include <stdarg.h>

#include "wasm/engine/function_compiler.hpp"

namespace ember::wasm {

bool FunctionCompiler::report(ErrorKind kind, const char* fmt, va_list ap) {
    if (error_) return false;
    char text[160];
    vsnprintf(text, sizeof text, fmt, ap);
    error_.set(kind, instr_offset_, "%s (function %u at offset 0x%x)", text, func_index_,
               instr_offset_);
    return false;
}

bool FunctionCompiler::fail(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report(ErrorKind::invalid, fmt, ap);
    va_end(ap);
    return false;
}

bool FunctionCompiler::malformed(const char* fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    report(ErrorKind::malformed, fmt, ap);
    va_end(ap);
    return false;
}

bool FunctionCompiler::live() const {
    const ControlFrame& frame = controls_.back();
    return !frame.dead && !frame.unreachable;
}

void FunctionCompiler::push(ValType type) {
    push_at(type, stack_tag | height());
}

void FunctionCompiler::push_at(ValType type, uint32_t where) {
    uint32_t h = height();
    if (where != (stack_tag | h)) {
        if (h < lazy_floor_) lazy_floor_ = h;
        if (where < const_tag) ++lazy_uses_[where];
    }
    stack_.push_back(Operand{type, where});
    if (height() > max_height_) max_height_ = height();
}

// The entry leaves the stack: it no longer pins its local.
static void release(Vec<uint32_t>& lazy_uses, const Operand& entry) {
    if (entry.slot < const_tag) --lazy_uses[entry.slot];
}

bool FunctionCompiler::pop(Operand& out) {
    const ControlFrame& frame = controls_.back();
    if (height() == frame.height) {
        if (frame.unreachable) {
            out = Operand{unknown_type, stack_tag | height()};
            return true;
        }
        return fail("type mismatch: the operand stack is empty");
    }
    out = stack_.back();
    release(lazy_uses_, out);
    stack_.pop_back();
    if (lazy_floor_ > height()) lazy_floor_ = height();
    return true;
}

bool FunctionCompiler::pop(ValType expect, Operand& out) {
    if (!pop(out)) return false;
    if (out.type != expect && out.type != unknown_type && expect != unknown_type)
        return fail("type mismatch: expected %s, found %s", val_type_name(expect),
                    val_type_name(out.type));
    return true;
}

bool FunctionCompiler::pop_list(const ValType* types, uint32_t count) {
    for (uint32_t i = count; i-- > 0;)
        if (!pop(types[i])) return false;
    return true;
}

void FunctionCompiler::push_list(const ValType* types, uint32_t count) {
    for (uint32_t i = 0; i < count; ++i)
        push(types[i]);
}

const ValType* FunctionCompiler::block_params(const BlockType& type, uint32_t& count) const {
    if (type.type_index == no_position) {
        count = 0;
        return nullptr;
    }
    const FuncType& ft = module_.types[type.type_index];
    count = static_cast<uint32_t>(ft.params.size());
    return ft.params.data();
}

const ValType* FunctionCompiler::block_results(const BlockType& type, uint32_t& count) const {
    if (type.type_index == no_position) {
        count = type.single == unknown_type ? 0 : 1;
        return &type.single;
    }
    const FuncType& ft = module_.types[type.type_index];
    count = static_cast<uint32_t>(ft.results.size());
    return ft.results.data();
}

const ValType* FunctionCompiler::label_types(const ControlFrame& frame, uint32_t& count) const {
    return frame.opcode == 0x03 ? block_params(frame.type, count)
                                : block_results(frame.type, count);
}

bool FunctionCompiler::push_control(uint8_t opcode, BlockType type) {
    uint32_t count = 0;
    const ValType* params = block_params(type, count);
    if (!pop_list(params, count)) return false;
    ControlFrame frame;
    frame.opcode = opcode;
    frame.type = type;
    frame.height = height();
    if (!controls_.empty()) {
        const ControlFrame& outer = controls_.back();
        frame.dead = outer.dead || outer.unreachable;
    }
    controls_.push_back(std::move(frame));
    push_list(params, count);
    return true;
}

bool FunctionCompiler::pop_control(ControlFrame& out) {
    if (controls_.empty()) return fail("unexpected end of the control stack");
    uint32_t count = 0;
    const ValType* results = block_results(controls_.back().type, count);
    if (!pop_list(results, count)) return false;
    if (height() != controls_.back().height)
        return fail("type mismatch: %u values left on the stack at the block's end",
                    height() - controls_.back().height);
    out = std::move(controls_.back());
    controls_.pop_back();
    return true;
}

void FunctionCompiler::truncate(uint32_t h) {
    while (height() > h) {
        release(lazy_uses_, stack_.back());
        stack_.pop_back();
    }
    if (lazy_floor_ > h) lazy_floor_ = h;
}

void FunctionCompiler::set_unreachable() {
    truncate(controls_.back().height);
    controls_.back().unreachable = true;
    forget_last_result();
}

void FunctionCompiler::begin(Op op, bool traps) {
    if (traps)
        out_.trap_sites.push_back(TrapSite{static_cast<uint32_t>(out_.code.size()), instr_offset_});
    out_.code.push_back(static_cast<uint32_t>(op));
}

void FunctionCompiler::slot(uint32_t virtual_slot) {
    relocations_.push_back(static_cast<uint32_t>(out_.code.size()));
    out_.code.push_back(virtual_slot);
}

void FunctionCompiler::result_slot(uint32_t h) {
    last_result_dst_ = static_cast<uint32_t>(out_.code.size());
    slot(stack_tag | h);
}

bool FunctionCompiler::last_result_is_top(uint32_t& instr) const {
    if (last_result_end_ != out_.code.size() || stack_.empty()) return false;
    uint32_t top = height() - 1;
    if (stack_.back().slot != (stack_tag | top)) return false;
    if (out_.code[last_result_dst_] != (stack_tag | top)) return false;
    instr = last_result_instr_;
    return true;
}

void FunctionCompiler::drop_instruction(uint32_t instr) {
    out_.code.resize(instr);
    while (!relocations_.empty() && relocations_.back() >= instr)
        relocations_.pop_back();
    forget_last_result();
}

uint32_t FunctionCompiler::constant(Slot bits) {
    if (constants_.size() * 2 >= constant_buckets_.size()) {
        size_t capacity = constant_buckets_.empty() ? 64 : constant_buckets_.size() * 2;
        constant_buckets_.clear();
        constant_buckets_.resize(capacity);
        for (uint32_t i = 0; i < constants_.size(); ++i) {
            size_t b = (constants_[i] * 0x9e3779b97f4a7c15ull >> 40) & (capacity - 1);
            while (constant_buckets_[b])
                b = (b + 1) & (capacity - 1);
            constant_buckets_[b] = i + 1;
        }
    }
    size_t mask = constant_buckets_.size() - 1;
    size_t b = (bits * 0x9e3779b97f4a7c15ull >> 40) & mask;
    while (uint32_t entry = constant_buckets_[b]) {
        if (constants_[entry - 1] == bits) return const_tag | (entry - 1);
        b = (b + 1) & mask;
    }
    constants_.push_back(bits);
    constant_buckets_[b] = static_cast<uint32_t>(constants_.size());
    return const_tag | static_cast<uint32_t>(constants_.size() - 1);
}

void FunctionCompiler::emit_copy(uint32_t dst, uint32_t src) {
    begin(Op::copy);
    slot(dst);
    slot(src);
    forget_last_result();
}

void FunctionCompiler::materialize(uint32_t index) {
    Operand& entry = stack_[index];
    uint32_t canonical = stack_tag | index;
    if (entry.slot == canonical) return;
    emit_copy(canonical, entry.slot);
    release(lazy_uses_, entry);
    entry.slot = canonical;
}

void FunctionCompiler::materialize_all() {
    if (!live()) return;
    for (uint32_t i = lazy_floor_; i < height(); ++i)
        materialize(i);
    lazy_floor_ = height();
}

void FunctionCompiler::materialize_top(uint32_t count) {
    if (!live()) return;
    uint32_t floor = controls_.back().height;
    uint32_t from = height() - count < floor || count > height() ? floor : height() - count;
    if (from < lazy_floor_) from = lazy_floor_;
    for (uint32_t i = from; i < height(); ++i)
        materialize(i);
}

void FunctionCompiler::materialize_local(uint32_t local) {
    if (lazy_uses_[local] == 0) return;
    for (uint32_t i = lazy_floor_; i < height() && lazy_uses_[local] > 0; ++i)
        if (stack_[i].slot == local) materialize(i);
}

// The label's values go to the heights where its block expects them.
bool FunctionCompiler::has_values(uint32_t count) const {
    return live() && height() >= controls_.back().height + count;
}

bool FunctionCompiler::check_top(const ValType* types, uint32_t count, bool keep_found) {
    Vec<Operand> taken;
    taken.resize(count);
    for (uint32_t i = count; i-- > 0;)
        if (!pop(types[i], taken[i])) return false;
    bool keep = live();
    for (uint32_t i = 0; i < count; ++i) {
        ValType type = keep_found ? taken[i].type : types[i];
        if (keep)
            push_at(type, taken[i].slot);
        else
            push(type);
    }
    return true;
}

bool FunctionCompiler::needs_copies(const ControlFrame& target) const {
    uint32_t arity = 0;
    label_types(target, arity);
    for (uint32_t i = 0; i < arity; ++i)
        if (stack_[height() - arity + i].slot != (stack_tag | (target.height + i))) return true;
    return false;
}

void FunctionCompiler::branch_copies(const ControlFrame& target) {
    uint32_t arity = 0;
    label_types(target, arity);
    // Ascending: each destination is at or below its source.
    for (uint32_t i = 0; i < arity; ++i) {
        uint32_t dst = stack_tag | (target.height + i);
        uint32_t src = stack_[height() - arity + i].slot;
        if (src != dst) emit_copy(dst, src);
    }
}

// Branch targets are relative to the word that holds them.
void FunctionCompiler::target_word(ControlFrame& target) {
    uint32_t at = static_cast<uint32_t>(out_.code.size());
    word(0);
    bind(target, at);
}

void FunctionCompiler::bind(ControlFrame& target, uint32_t at) {
    if (target.opcode == 0x03)
        patch(at, target.loop_start);
    else
        target.branches.push_back(at);
}

void FunctionCompiler::patch(uint32_t at, uint32_t target) {
    out_.code[at] = target - at;
}

void FunctionCompiler::emit_return() {
    materialize_top(static_cast<uint32_t>(type_.results.size()));
    uint32_t count = static_cast<uint32_t>(type_.results.size());
    begin(Op::ret);
    slot(stack_tag | (height() - count));
    word(count);
    forget_last_result();
}

}  // namespace ember::wasm
