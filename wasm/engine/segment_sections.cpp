// The sections of segments and code: element, data count, code and data.
#include "wasm/engine/const_expr_reader.hpp"
#include "wasm/engine/sections.hpp"

namespace ember::wasm {

namespace {

// The element segment's flags: bit 0 is set for a passive or declarative
// segment, bit 1 for an explicit table index (active) or declarative
// (otherwise), bit 2 for items as expressions rather than function indices.
constexpr uint32_t elem_not_active = 1;
constexpr uint32_t elem_table_or_declarative = 2;
constexpr uint32_t elem_expressions = 4;
constexpr uint32_t last_elem_flags = 7;

// Data segments: 0 active in memory 0, 1 passive, 2 active in a given memory.
constexpr uint32_t data_passive = 1;
constexpr uint32_t data_memory_index = 2;

// An active segment's table must exist and hold its type of references.
void check_table(ModuleReader& in, uint32_t at, const ElementSegment& segment) {
    const Module& m = in.module();
    if (segment.table >= m.table_types.size())
        in.invalid(at, "unknown table %u", segment.table);
    else if (m.table_types[segment.table].element != segment.type)
        in.invalid(at, "type mismatch: a %s segment for a table of %s", val_type_name(segment.type),
                   val_type_name(m.table_types[segment.table].element));
}

// The element kind of segments of function indices: 0x00, funcref.
ValType element_kind(ModuleReader& in) {
    uint32_t at = in.offset();
    uint8_t kind = in.in().u8();
    if (in.ok() && kind != 0x00) in.malformed(at, "malformed element kind 0x%02x", kind);
    return ValType::funcref;
}

ConstExpr function_item(ModuleReader& in) {
    ConstExpr item;
    item.op = ConstExpr::Op::ref_func;
    item.type = ValType::funcref;
    uint32_t at = in.offset();
    item.index = in.in().u32();
    if (!in.ok()) return item;
    Module& m = in.module();
    if (item.index < m.func_types.size())
        m.declared_refs[item.index] = true;
    else
        in.invalid(at, "unknown function %u", item.index);
    return item;
}

ElementSegment element_segment(ModuleReader& in) {
    ElementSegment segment;
    uint32_t at = in.offset();
    uint32_t flags = in.in().u32();
    if (!in.ok()) return segment;
    if (flags > last_elem_flags) {
        in.malformed(at, "malformed elements segment kind %u", flags);
        return segment;
    }
    bool expressions = (flags & elem_expressions) != 0;
    uint32_t table_at = in.offset();
    if (flags & elem_not_active) {
        bool declarative = (flags & elem_table_or_declarative) != 0;
        segment.mode = declarative ? SegmentMode::declarative : SegmentMode::passive;
    } else {
        segment.mode = SegmentMode::active;
        segment.table = (flags & elem_table_or_declarative) ? in.in().u32() : 0;
        segment.offset = read_const_expr(in, ValType::i32);
    }
    // Flags 0 and 4 leave the type out: funcref.
    if (flags & (elem_not_active | elem_table_or_declarative))
        segment.type = expressions ? in.ref_type() : element_kind(in);
    if (in.ok() && segment.mode == SegmentMode::active) check_table(in, table_at, segment);
    uint32_t count = in.length();
    segment.items.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        segment.items.push_back(expressions ? read_const_expr(in, segment.type)
                                            : function_item(in));
    return segment;
}

DataSegment data_segment(ModuleReader& in) {
    DataSegment segment;
    uint32_t at = in.offset();
    uint32_t flags = in.in().u32();
    if (!in.ok()) return segment;
    if (flags > data_memory_index) {
        in.malformed(at, "malformed data segment kind %u", flags);
        return segment;
    }
    if (flags != data_passive) {
        segment.mode = SegmentMode::active;
        uint32_t memory_at = in.offset();
        segment.memory = flags == data_memory_index ? in.in().u32() : 0;
        segment.offset = read_const_expr(in, ValType::i32);
        if (in.ok() && segment.memory >= in.module().memory_types.size())
            in.invalid(memory_at, "unknown memory %u", segment.memory);
    }
    uint32_t size = in.length();
    const uint8_t* bytes = in.in().bytes(size);
    if (in.ok()) segment.bytes = {bytes, size};
    return segment;
}

// The locals a body declares, in runs of one type. A function's locals with
// its parameters are bounded (max_function_locals).
void read_locals(ModuleReader& in, Function& f, uint64_t params) {
    uint32_t at = in.offset();
    uint32_t runs = in.length();
    uint64_t total = 0;
    for (uint32_t i = 0; i < runs && in.ok(); ++i) {
        LocalRun run;
        run.count = in.in().u32();
        run.type = in.value_type();
        total += run.count;
        if (in.ok() && params + total > max_function_locals) {
            in.malformed(at, "too many locals (more than %u with the parameters)",
                         static_cast<unsigned>(max_function_locals));
            return;
        }
        f.locals.push_back(run);
    }
    f.local_count = static_cast<uint32_t>(total);
}

}  // namespace

void read_element_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.elements.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        m.elements.push_back(element_segment(in));
}

void read_data_count_section(ModuleReader& in) {
    Module& m = in.module();
    m.data_count = in.in().u32();
    m.has_data_count = in.ok();
}

uint32_t read_code_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        uint32_t at = in.offset();
        uint32_t size = in.length();
        uint32_t start = in.offset();
        if (!in.ok()) break;
        if (size > in.size() - start) {
            in.malformed(start, "unexpected end of section or function");
            break;
        }
        // Bodies beyond the function section's count are read all the same,
        // as the spec reads the whole module before comparing the counts.
        Function extra;
        Function& f = i < m.functions.size() ? m.functions[i] : extra;
        uint64_t params = f.type_index < m.types.size() && i < m.functions.size()
                              ? m.types[f.type_index].params.size()
                              : 0;
        read_locals(in, f, params);
        if (!in.ok()) break;
        uint32_t end = start + size;
        if (in.offset() > end) {
            in.malformed(at, "section size mismatch: function %u's locals overrun its body",
                         m.imported_funcs + i);
            break;
        }
        f.body_offset = in.offset();
        f.body = {m.binary.data() + f.body_offset, end - f.body_offset};
        in.in().bytes(f.body.size);
    }
    return count;
}

void read_data_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.data.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        m.data.push_back(data_segment(in));
}

}  // namespace ember::wasm
