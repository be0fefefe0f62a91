// The sections that define the module's types, imports, functions, tables,
// memories, globals, exports and start function.
#include "wasm/engine/const_expr_reader.hpp"
#include "wasm/engine/sections.hpp"

namespace ember::wasm {

namespace {

// Whether `index` is in the index space of `kind`, which holds `count`.
bool check_index(ModuleReader& in, uint32_t at, const char* kind, uint32_t index, size_t count) {
    if (index < count) return true;
    in.invalid(at, "unknown %s %u", kind, index);
    return false;
}

uint32_t type_index(ModuleReader& in) {
    uint32_t at = in.offset();
    uint32_t index = in.in().u32();
    if (in.ok()) check_index(in, at, "type", index, in.module().types.size());
    return index;
}

void import_description(ModuleReader& in, Import& import) {
    Module& m = in.module();
    uint32_t at = in.offset();
    uint8_t kind = in.in().u8();
    if (!in.ok()) return;
    switch (kind) {
        case 0:
            import.type_index = type_index(in);
            m.func_types.push_back(import.type_index);
            ++m.imported_funcs;
            break;
        case 1:
            import.table = in.table_type();
            m.table_types.push_back(import.table);
            ++m.imported_tables;
            break;
        case 2:
            import.memory = in.memory_type();
            in.add_memory(at, import.memory);
            ++m.imported_memories;
            break;
        case 3:
            import.global = in.global_type();
            m.global_types.push_back(import.global);
            ++m.imported_globals;
            break;
        default:
            in.malformed(at, "malformed import kind %u", kind);
            return;
    }
    import.kind = static_cast<ExternKind>(kind);
}

uint32_t hash_name(Bytes name) {
    uint32_t hash = 2166136261u;  // FNV-1a
    for (uint32_t i = 0; i < name.size; ++i)
        hash = (hash ^ name.data[i]) * 16777619u;
    return hash;
}

bool same_name(Bytes a, Bytes b) {
    return a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
}

// An open-addressing hash set over the exports' names, so that a module with
// many exports does not take quadratic time.
void check_unique_export_names(ModuleReader& in, uint32_t at) {
    const Vec<Export>& exports = in.module().exports;
    size_t buckets = 16;
    while (buckets < exports.size() * 2)
        buckets *= 2;
    Vec<uint32_t> table;  // export index + 1, 0 when empty
    table.resize(buckets);
    for (uint32_t i = 0; i < exports.size(); ++i) {
        size_t slot = hash_name(exports[i].name) & (buckets - 1);
        while (table[slot] != 0) {
            if (same_name(exports[table[slot] - 1].name, exports[i].name)) {
                const Bytes& name = exports[i].name;
                in.invalid(at, "duplicate export name \"%.*s\"", static_cast<int>(name.size),
                           reinterpret_cast<const char*>(name.data));
                return;
            }
            slot = (slot + 1) & (buckets - 1);
        }
        table[slot] = i + 1;
    }
}

void check_export_index(ModuleReader& in, uint32_t at, const Export& e) {
    Module& m = in.module();
    switch (e.kind) {
        case ExternKind::func:
            if (check_index(in, at, "function", e.index, m.func_types.size()))
                m.declared_refs[e.index] = true;
            break;
        case ExternKind::table:
            check_index(in, at, "table", e.index, m.table_types.size());
            break;
        case ExternKind::memory:
            check_index(in, at, "memory", e.index, m.memory_types.size());
            break;
        case ExternKind::global:
            check_index(in, at, "global", e.index, m.global_types.size());
            break;
    }
}

}  // namespace

void read_type_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.types.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        m.types.push_back(in.func_type());
}

void read_import_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.imports.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        Import import;
        import.module = in.name();
        import.name = in.name();
        import_description(in, import);
        m.imports.push_back(import);
    }
    m.declared_refs.resize(m.func_types.size());
}

void read_function_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.functions.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        Function& f = m.functions.push_back(Function());
        f.type_index = type_index(in);
        m.func_types.push_back(f.type_index);
    }
    m.declared_refs.resize(m.func_types.size());
}

void read_table_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    for (uint32_t i = 0; i < count && in.ok(); ++i)
        m.table_types.push_back(in.table_type());
}

void read_memory_section(ModuleReader& in) {
    uint32_t count = in.length();
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        uint32_t at = in.offset();
        in.add_memory(at, in.memory_type());
    }
}

void read_global_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t count = in.length();
    m.globals.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        DefinedGlobal global;
        global.type = in.global_type();
        if (!in.ok()) return;
        global.init = read_const_expr(in, global.type.type);
        m.globals.push_back(global);
        m.global_types.push_back(global.type);
    }
}

void read_export_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t start = in.offset();
    uint32_t count = in.length();
    m.exports.reserve(count);
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        Export e;
        e.name = in.name();
        uint32_t at = in.offset();
        uint8_t kind = in.in().u8();
        if (in.ok() && kind > 3) in.malformed(at, "malformed export kind %u", kind);
        e.index = in.in().u32();
        if (!in.ok()) return;
        e.kind = static_cast<ExternKind>(kind);
        check_export_index(in, at, e);
        m.exports.push_back(e);
    }
    if (in.ok()) check_unique_export_names(in, start);
}

void read_start_section(ModuleReader& in) {
    Module& m = in.module();
    uint32_t at = in.offset();
    uint32_t index = in.in().u32();
    if (!in.ok()) return;
    m.has_start = true;
    m.start = index;
    if (!check_index(in, at, "function", index, m.func_types.size())) return;
    uint32_t type = m.func_types[index];
    if (type >= m.types.size()) return;  // already reported as an unknown type
    if (!m.types[type].params.empty() || !m.types[type].results.empty())
        in.invalid(at, "start function %u must take no parameters and return nothing", index);
}

}  // namespace ember::wasm
