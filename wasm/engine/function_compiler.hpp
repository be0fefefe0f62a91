// Validates one function body with the spec's algorithm (an operand stack
// of types and a control stack, Wasm 2.0 appendix "Validation Algorithm")
// and compiles it, in the same pass, into the internal code (code.hpp).
//
// Each operand-stack entry also knows where its value is: in its canonical
// slot (the frame's operand stack at its height), or still in a local or a
// constant, when it came from local.get or a const and nothing has needed
// it in place yet. Consumers read such values where they are; a local.set of
// that local, a block boundary or a call puts them in place first.
//
// Slots are written as virtual numbers while compiling (locals as they are,
// constants and stack heights tagged), because the frame's layout is known
// only at the end: finish() rewrites them.
#pragma once

#include <stdarg.h>

#include "wasm/engine/code.hpp"
#include "wasm/engine/error.hpp"
#include "wasm/engine/module.hpp"
#include "wasm/engine/reader.hpp"

namespace ember::wasm {

// A type the validator does not know yet (the polymorphic stack).
constexpr ValType unknown_type = static_cast<ValType>(0);

constexpr uint32_t const_tag = 0x40000000u;
constexpr uint32_t stack_tag = 0x80000000u;
constexpr uint32_t no_position = 0xffffffffu;

struct Operand {
    ValType type = unknown_type;
    uint32_t slot = 0;  // virtual: a local, const_tag|k or stack_tag|height
};

// A block's type: empty, one value type, or a type index.
struct BlockType {
    ValType single = unknown_type;  // one result, when not by index
    uint32_t type_index = no_position;
};

struct ControlFrame {
    uint8_t opcode = 0;  // 0x02 block, 0x03 loop, 0x04 if, 0x05 else; 0 the function
    BlockType type;
    uint32_t height = 0;
    bool unreachable = false;
    bool dead = false;  // entered in unreachable code: no code is emitted for it
    uint32_t loop_start = 0;
    uint32_t else_branch = no_position;  // if: the target word to patch at else/end
    Vec<uint32_t> branches;              // target words to patch at the end
};

class FunctionCompiler {
  public:
    FunctionCompiler(const Module& module, uint32_t func_index, CompiledFunction& out,
                     Error& error);
    bool compile();

  private:
    // Decoding and dispatch (compiler.cpp).
    bool instruction(uint8_t opcode);
    bool numeric(uint32_t opcode);
    bool prefixed(uint32_t sub);         // 0xFC (compiler_memory.cpp)
    bool memory_access(uint8_t opcode);  // loads and stores (compiler_memory.cpp)
    bool memory_or_table(uint8_t opcode);
    bool variable(uint8_t opcode);
    bool control(uint8_t opcode);
    bool select(bool typed);
    bool else_();
    bool end();
    bool branch(uint8_t opcode);
    bool branch_table();
    // {op, first[, second], s:at, s:value, s:count}: the fill/copy/init shapes.
    bool bulk(Op op, uint32_t first, uint32_t second, bool two_immediates, ValType value_type);
    bool bulk_memory(Op op, uint32_t segment, bool has_segment);
    bool table_instruction(uint32_t sub);
    bool call(uint32_t func);
    bool call_indirect();
    bool read_block_type(BlockType& type);
    bool read_value_type(ValType& type);
    bool read_zero_byte();
    bool push_constant(ValType type, Slot bits);
    bool reinterpret(ValType from, ValType to);
    // Pops `types` and pushes them back, or (`keep_found`) what was found.
    bool check_top(const ValType* types, uint32_t count, bool keep_found = false);
    bool has_values(uint32_t count) const;  // live, with `count` values in this block
    bool finish();

    // Validation (compiler_stack.cpp).
    bool fail(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    bool malformed(const char* fmt, ...) __attribute__((format(printf, 2, 3)));
    bool report(ErrorKind kind, const char* fmt, va_list ap) __attribute__((format(printf, 3, 0)));
    void push(ValType type);  // in its canonical slot
    void push_at(ValType type, uint32_t slot);
    bool pop(Operand& out);
    bool pop(ValType expect, Operand& out);
    bool pop(ValType expect) {
        Operand unused;
        return pop(expect, unused);
    }
    bool pop_list(const ValType* types, uint32_t count);
    void push_list(const ValType* types, uint32_t count);
    bool push_control(uint8_t opcode, BlockType type);
    bool pop_control(ControlFrame& out);
    void set_unreachable();
    void truncate(uint32_t height);
    const ValType* block_params(const BlockType& type, uint32_t& count) const;
    const ValType* block_results(const BlockType& type, uint32_t& count) const;
    const ValType* label_types(const ControlFrame& frame, uint32_t& count) const;
    bool live() const;
    uint32_t height() const { return static_cast<uint32_t>(stack_.size()); }

    // Emission (compiler_stack.cpp).
    void begin(Op op, bool traps = false);
    void word(uint32_t value) { out_.code.push_back(value); }
    void slot(uint32_t virtual_slot);
    void result_slot(uint32_t height);  // a single result, which local.set may retarget
    // An instruction with one result: begin_result, its operands, end_result.
    void begin_result(Op op, bool traps);
    void end_result();
    void emit_result(Op op, const uint32_t* operands, uint32_t count, ValType result,
                     bool traps = false);
    uint32_t constant(Slot bits);
    void materialize(uint32_t index);
    void materialize_all();
    void materialize_top(uint32_t count);
    void materialize_local(uint32_t local);
    void forget_last_result() { last_result_end_ = no_position; }
    bool last_result_is_top(uint32_t& instr) const;
    // Takes back the instruction at `instr`, the last one emitted, whose
    // result its consumer computes itself.
    void drop_instruction(uint32_t instr);
    void branch_copies(const ControlFrame& target);
    bool needs_copies(const ControlFrame& target) const;
    void target_word(ControlFrame& target);  // a branch's target, patched at its end
    // A branch's condition: a slot, or the operands of the i32 comparison
    // that computed it, which the branch does itself.
    struct Condition {
        Op compare = Op::count;  // a fused i32 comparison, or count: `a` is the value
        uint32_t a = 0, b = 0;
    };
    bool fusable_condition(uint32_t& instr) const;
    // Pops the condition; a fusable comparison just before is taken back.
    bool take_condition(Condition& out);
    // A branch taken when `cond` is (`when_true`) nonzero or zero; returns
    // its target word.
    uint32_t conditional_jump(const Condition& cond, bool when_true);
    void bind(ControlFrame& target, uint32_t at);
    void patch(uint32_t at, uint32_t target);
    void emit_return();
    void emit_copy(uint32_t dst, uint32_t src);

    const Module& module_;
    uint32_t func_index_;
    const Function& function_;
    const FuncType& type_;
    CompiledFunction& out_;
    Error& error_;
    Reader reader_;
    uint32_t instr_offset_ = 0;  // module offset of the instruction being compiled

    Vec<ValType> local_types_;
    Vec<uint32_t> lazy_uses_;  // per local: stack entries still reading it
    Vec<Operand> stack_;
    uint32_t lazy_floor_ = 0;  // no entry below it reads a local or constant
    Vec<ControlFrame> controls_;
    uint32_t max_height_ = 0;

    Vec<uint32_t> relocations_;  // code positions holding virtual slots
    Vec<Slot> constants_;
    Vec<uint32_t> constant_buckets_;  // open addressing: index + 1, 0 empty

    // The last instruction with a single result in a canonical slot, while
    // nothing has been emitted after it.
    uint32_t last_result_instr_ = 0;
    uint32_t last_result_dst_ = 0;
    uint32_t last_result_end_ = no_position;
};

}  // namespace ember::wasm
