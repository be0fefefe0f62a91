// The Wasm decoder (wasm/engine/decoder) on arbitrary bytes, as a .wasm
// upload reaches the runner guest. Beyond not crashing: a refusal is
// malformed or invalid with a message, and an accepted module keeps the
// promises of module.hpp that the compiler and instantiation rely on without
// checking them again (index spaces, indices in range, bytes inside the
// module's own copy, types of constant expressions).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <set>
#include <string_view>

#include "fuzz_check.hpp"
#include "wasm/engine/decoder.hpp"

namespace {

using ember::fuzz::check;
using namespace ember::wasm;

bool inside(const Module& m, Bytes bytes) {
    return bytes.data >= m.binary.data() &&
           bytes.size <= static_cast<size_t>(m.binary.end() - bytes.data);
}

void check_index_spaces(const Module& m) {
    check(m.func_types.size() == m.imported_funcs + m.functions.size(), "function index space");
    check(m.table_types.size() >= m.imported_tables, "table index space");
    check(m.memory_types.size() == m.imported_memories ||
              m.memory_types.size() == m.imported_memories + 1u,
          "memory index space");
    check(m.memory_types.size() <= 1, "at most one memory");
    check(m.global_types.size() == m.imported_globals + m.globals.size(), "global index space");
    check(m.declared_refs.size() == m.func_types.size(), "declared_refs covers every function");
    for (uint32_t type : m.func_types)
        check(type < m.types.size(), "a function's type exists");
    for (const MemoryType& memory : m.memory_types)
        check(memory.limits.min <= max_pages && memory.limits.max <= max_pages &&
                  (!memory.limits.has_max || memory.limits.min <= memory.limits.max),
              "memory limits");
    for (const TableType& table : m.table_types)
        check(!table.limits.has_max || table.limits.min <= table.limits.max, "table limits");
}

void check_const(const Module& m, const ConstExpr& e, ValType type) {
    check(e.type == type, "a constant expression has the expected type");
    if (e.op == ConstExpr::Op::ref_func)
        check(e.index < m.func_types.size() && m.declared_refs[e.index],
              "ref.func names a declared function");
    if (e.op == ConstExpr::Op::global_get)
        check(e.index < m.imported_globals && !m.global_types[e.index].is_mutable &&
                  m.global_types[e.index].type == type,
              "global.get reads an imported immutable global of its type");
}

void check_definitions(const Module& m) {
    for (const Import& import : m.imports)
        check(inside(m, import.module) && inside(m, import.name), "import names inside");
    for (const Function& f : m.functions) {
        check(inside(m, f.body) && f.body.data == m.binary.data() + f.body_offset,
              "a body is inside, at its offset");
        uint64_t locals = 0;
        for (const LocalRun& run : f.locals)
            locals += run.count;
        check(locals == f.local_count, "local_count sums the runs");
        check(locals + m.types[f.type_index].params.size() <= 50000, "locals are bounded");
    }
    for (size_t i = 0; i < m.globals.size(); ++i) {
        check(m.global_types[m.imported_globals + i].type == m.globals[i].type.type,
              "global_types holds the globals' types");
        check_const(m, m.globals[i].init, m.globals[i].type.type);
    }
    std::set<std::string_view> names;
    const size_t spaces[] = {m.func_types.size(), m.table_types.size(), m.memory_types.size(),
                             m.global_types.size()};
    for (const Export& e : m.exports) {
        check(inside(m, e.name), "export names inside");
        check(names.emplace(reinterpret_cast<const char*>(e.name.data), e.name.size).second,
              "export names are unique");
        check(e.index < spaces[static_cast<int>(e.kind)], "an export's index exists");
    }
    if (m.has_start) {
        check(m.start < m.func_types.size(), "the start function exists");
        const FuncType& type = m.types[m.func_types[m.start]];
        check(type.params.empty() && type.results.empty(), "the start function is [] -> []");
    }
}

void check_segments(const Module& m) {
    for (const ElementSegment& s : m.elements) {
        check(is_ref(s.type), "an element segment holds references");
        if (s.mode == SegmentMode::active) {
            check(s.table < m.table_types.size() && m.table_types[s.table].element == s.type,
                  "an active element segment's table exists and has its type");
            check_const(m, s.offset, ValType::i32);
        }
        for (const ConstExpr& item : s.items)
            check_const(m, item, s.type);
    }
    for (const DataSegment& s : m.data) {
        check(s.mode != SegmentMode::declarative, "no declarative data segment");
        check(inside(m, s.bytes), "data inside");
        if (s.mode == SegmentMode::active) {
            check(s.memory < m.memory_types.size(), "an active data segment's memory exists");
            check_const(m, s.offset, ValType::i32);
        }
    }
    check(!m.has_data_count || m.data_count == m.data.size(), "the data count matches");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
    Module m;
    Error error;
    if (!decode_module(data, size, m, error)) {
        check(error.kind == ErrorKind::malformed || error.kind == ErrorKind::invalid,
              "a module is refused as malformed or invalid");
        check(error.message[0] != '\0' && error.offset <= size, "a refusal says what and where");
        return 0;
    }
    check(!error, "an accepted module has no error");
    check(m.binary.size() == size && (size == 0 || std::memcmp(m.binary.data(), data, size) == 0),
          "the module's copy of the bytes");
    check_index_spaces(m);
    check_definitions(m);
    check_segments(m);
    return 0;
}
