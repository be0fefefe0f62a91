// The function compiler's memory and table instructions: loads, stores, the
// 0xFC prefix (saturating conversions, bulk memory, table instructions).
#include "wasm/engine/function_compiler.hpp"

namespace ember::wasm {

namespace {

struct Access {
    Op op;
    ValType type;
    uint32_t align;  // log2 of the natural alignment
};

// Opcodes 0x28..0x3e in order: 14 loads, then 9 stores.
constexpr Access accesses[] = {
    {Op::load_u32, ValType::i32, 2},     {Op::load_u64, ValType::i64, 3},
    {Op::load_u32, ValType::f32, 2},     {Op::load_u64, ValType::f64, 3},
    {Op::load_i32_s8, ValType::i32, 0},  {Op::load_u8, ValType::i32, 0},
    {Op::load_i32_s16, ValType::i32, 1}, {Op::load_u16, ValType::i32, 1},
    {Op::load_i64_s8, ValType::i64, 0},  {Op::load_u8, ValType::i64, 0},
    {Op::load_i64_s16, ValType::i64, 1}, {Op::load_u16, ValType::i64, 1},
    {Op::load_i64_s32, ValType::i64, 2}, {Op::load_u32, ValType::i64, 2},
    {Op::store_32, ValType::i32, 2},     {Op::store_64, ValType::i64, 3},
    {Op::store_32, ValType::f32, 2},     {Op::store_64, ValType::f64, 3},
    {Op::store_8, ValType::i32, 0},      {Op::store_16, ValType::i32, 1},
    {Op::store_8, ValType::i64, 0},      {Op::store_16, ValType::i64, 1},
    {Op::store_32, ValType::i64, 2},
};

}  // namespace

bool FunctionCompiler::memory_access(uint8_t opcode) {
    const Access& access = accesses[opcode - 0x28];
    uint32_t align = reader_.u32();
    uint32_t offset = reader_.u32();
    if (!reader_.ok()) return false;
    if (module_.memory_types.empty()) return fail("unknown memory 0");
    if (align > access.align) return fail("alignment must not be larger than natural");
    bool load = opcode <= 0x35;
    if (load) {
        // An address computed by the i32.add just before is added by the load.
        uint32_t add = 0;
        bool fuse =
            live() && last_result_is_top(add) && static_cast<Op>(out_.code[add]) == Op::i32_add;
        uint32_t a = fuse ? out_.code[add + 2] : 0, b = fuse ? out_.code[add + 3] : 0;
        Operand address;
        if (!pop(ValType::i32, address)) return false;
        if (live()) {
            if (fuse) drop_instruction(add);
            begin_result(fuse ? load_with_add(access.op) : access.op, true);
            slot(fuse ? a : address.slot);
            if (fuse) slot(b);
            word(offset);
            end_result();
        }
        push(access.type);
        return true;
    }
    Operand value, address;
    if (!pop(access.type, value) || !pop(ValType::i32, address)) return false;
    if (live()) {
        begin(access.op, true);
        slot(address.slot);
        slot(value.slot);
        word(offset);
        forget_last_result();
    }
    return true;
}

bool FunctionCompiler::memory_or_table(uint8_t opcode) {
    if (opcode == 0x3f || opcode == 0x40) {
        if (!read_zero_byte()) return false;
        if (module_.memory_types.empty()) return fail("unknown memory 0");
        Operand delta;
        if (opcode == 0x40 && !pop(ValType::i32, delta)) return false;
        if (live()) {
            begin_result(opcode == 0x3f ? Op::memory_size : Op::memory_grow, false);
            if (opcode == 0x40) slot(delta.slot);
            end_result();
        }
        push(ValType::i32);
        return true;
    }
    uint32_t table = reader_.u32();
    if (!reader_.ok()) return false;
    if (table >= module_.table_types.size()) return fail("unknown table %u", table);
    ValType element = module_.table_types[table].element;
    if (opcode == 0x25) {
        Operand index;
        if (!pop(ValType::i32, index)) return false;
        if (live()) {
            begin_result(Op::table_get, true);
            word(table);
            slot(index.slot);
            end_result();
        }
        push(element);
        return true;
    }
    Operand value, index;
    if (!pop(element, value) || !pop(ValType::i32, index)) return false;
    if (live()) {
        begin(Op::table_set, true);
        word(table);
        slot(index.slot);
        slot(value.slot);
        forget_last_result();
    }
    return true;
}

bool FunctionCompiler::bulk(Op op, uint32_t first, uint32_t second, bool two_immediates,
                            ValType value_type) {
    Operand count, value, at;
    if (!pop(ValType::i32, count) || !pop(value_type, value) || !pop(ValType::i32, at))
        return false;
    if (live()) {
        begin(op, true);
        word(first);
        if (two_immediates) word(second);
        slot(at.slot);
        slot(value.slot);
        slot(count.slot);
        forget_last_result();
    }
    return true;
}

bool FunctionCompiler::prefixed(uint32_t sub) {
    if (!reader_.ok()) return false;
    if (sub <= 7) return numeric(0xfc00 | sub);
    switch (sub) {
        case 8:
        case 9: {
            uint32_t segment = reader_.u32();
            if (sub == 8 && !read_zero_byte()) return false;
            if (!reader_.ok()) return false;
            if (sub == 8 && module_.memory_types.empty()) return fail("unknown memory 0");
            // Without a data count section the binary is malformed, but with
            // no data at all the index is simply unknown (as the text format
            // sees it).
            if (!module_.has_data_count && module_.data.empty())
                return fail("unknown data segment %u", segment);
            if (!module_.has_data_count) return malformed("data count section required");
            if (segment >= module_.data_count) return fail("unknown data segment %u", segment);
            if (sub == 8) return bulk_memory(Op::memory_init, segment, true);
            if (live()) {
                begin(Op::data_drop);
                word(segment);
                forget_last_result();
            }
            return true;
        }
        case 10:
        case 11:
            if (!read_zero_byte() || (sub == 10 && !read_zero_byte())) return false;
            if (module_.memory_types.empty()) return fail("unknown memory 0");
            return bulk_memory(sub == 10 ? Op::memory_copy : Op::memory_fill, 0, false);
        case 12:
        case 14: {
            uint32_t first = reader_.u32();   // init: segment, copy: destination table
            uint32_t second = reader_.u32();  // init: table, copy: source table
            if (!reader_.ok()) return false;
            uint32_t table = sub == 12 ? second : first;
            if (table >= module_.table_types.size()) return fail("unknown table %u", table);
            ValType into = module_.table_types[table].element;
            ValType from = unknown_type;
            if (sub == 12) {
                if (first >= module_.elements.size()) return fail("unknown elem segment %u", first);
                from = module_.elements[first].type;
            } else {
                if (second >= module_.table_types.size()) return fail("unknown table %u", second);
                from = module_.table_types[second].element;
            }
            if (from != into)
                return fail("type mismatch: %s into a table of %s", val_type_name(from),
                            val_type_name(into));
            // table_init: {table, segment}; table_copy: {dst table, src table}.
            return sub == 12 ? bulk(Op::table_init, second, first, true, ValType::i32)
                             : bulk(Op::table_copy, first, second, true, ValType::i32);
        }
        case 13: {
            uint32_t segment = reader_.u32();
            if (!reader_.ok()) return false;
            if (segment >= module_.elements.size()) return fail("unknown elem segment %u", segment);
            if (live()) {
                begin(Op::elem_drop);
                word(segment);
                forget_last_result();
            }
            return true;
        }
        case 15:
        case 16:
        case 17:
            return table_instruction(sub);
        default:
            return malformed("illegal opcode 0xfc %u", sub);
    }
}

bool FunctionCompiler::bulk_memory(Op op, uint32_t segment, bool has_segment) {
    Operand count, src, dst;
    if (!pop(ValType::i32, count) || !pop(ValType::i32, src) || !pop(ValType::i32, dst))
        return false;
    if (live()) {
        begin(op, true);
        if (has_segment) word(segment);
        slot(dst.slot);
        slot(src.slot);
        slot(count.slot);
        forget_last_result();
    }
    return true;
}

bool FunctionCompiler::table_instruction(uint32_t sub) {
    uint32_t table = reader_.u32();
    if (!reader_.ok()) return false;
    if (table >= module_.table_types.size()) return fail("unknown table %u", table);
    ValType element = module_.table_types[table].element;
    if (sub == 16) {
        if (live()) {
            begin_result(Op::table_size, false);
            word(table);
            end_result();
        }
        push(ValType::i32);
        return true;
    }
    if (sub == 15) {
        Operand delta, init;
        if (!pop(ValType::i32, delta) || !pop(element, init)) return false;
        if (live()) {
            begin_result(Op::table_grow, false);
            word(table);
            slot(init.slot);
            slot(delta.slot);
            end_result();
        }
        push(ValType::i32);
        return true;
    }
    return bulk(Op::table_fill, table, 0, false, element);
}

}  // namespace ember::wasm
