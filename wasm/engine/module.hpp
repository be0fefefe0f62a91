// A decoded module: what the binary says, checked against the spec's
// module-level rules by the decoder (decoder.hpp). Function bodies are kept
// as byte ranges until the compiler (compiler.hpp) validates and compiles
// them. Names and data point into the module's own copy of the bytes.
#pragma once

#include "wasm/engine/types.hpp"

namespace ember::wasm {

struct Bytes {
    const uint8_t* data = nullptr;
    uint32_t size = 0;
};

// A constant expression of Wasm 2.0: a single instruction, then `end`.
struct ConstExpr {
    enum class Op : uint8_t {
        i32_const,
        i64_const,
        f32_const,
        f64_const,
        ref_null,
        ref_func,
        global_get
    };
    Op op = Op::i32_const;
    ValType type = ValType::i32;  // the value's type
    Slot value = 0;               // the constant's bits (the *_const ops)
    uint32_t index = 0;           // ref_func: function; global_get: global
};

struct Import {
    Bytes module;
    Bytes name;
    ExternKind kind = ExternKind::func;
    uint32_t type_index = 0;  // func: index into Module::types
    TableType table;
    MemoryType memory;
    GlobalType global;
};

struct Export {
    Bytes name;
    ExternKind kind = ExternKind::func;
    uint32_t index = 0;  // in the index space of its kind (imports first)
};

struct LocalRun {
    uint32_t count = 0;
    ValType type = ValType::i32;
};

struct CompiledFunction;  // the compiler's, opaque here

struct Function {
    uint32_t type_index = 0;
    Vec<LocalRun> locals;                  // as declared, beyond the parameters
    uint32_t local_count = 0;              // their total (the decoder bounds it)
    uint32_t body_offset = 0;              // module offset of the first instruction
    Bytes body;                            // the instructions, up to and including the final `end`
    CompiledFunction* compiled = nullptr;  // set by compile_module
};

// A global the module defines (the run-time object is engine.hpp's Global).
struct DefinedGlobal {
    GlobalType type;
    ConstExpr init;
};

enum class SegmentMode : uint8_t { passive, active, declarative };

struct ElementSegment {
    SegmentMode mode = SegmentMode::passive;
    ValType type = ValType::funcref;
    uint32_t table = 0;    // active only
    ConstExpr offset;      // active only
    Vec<ConstExpr> items;  // function indices become ref_func items
};

struct DataSegment {
    SegmentMode mode = SegmentMode::passive;  // never declarative
    uint32_t memory = 0;                      // active only
    ConstExpr offset;                         // active only
    Bytes bytes;
};

struct Module {
    Vec<uint8_t> binary;  // the module's own copy; Bytes point into it

    Vec<FuncType> types;
    Vec<Import> imports;
    // The index spaces: imports first, then the module's own definitions.
    // *_types are whole index spaces; functions/tables/... are definitions.
    Vec<uint32_t> func_types;  // every function's type index
    Vec<TableType> table_types;
    Vec<MemoryType> memory_types;
    Vec<GlobalType> global_types;
    uint32_t imported_funcs = 0;
    uint32_t imported_tables = 0;
    uint32_t imported_memories = 0;
    uint32_t imported_globals = 0;

    Vec<Function> functions;     // defined: func index = imported_funcs + i
    Vec<DefinedGlobal> globals;  // defined: global index = imported_globals + i
    Vec<Export> exports;
    bool has_start = false;
    uint32_t start = 0;
    Vec<ElementSegment> elements;
    Vec<DataSegment> data;
    bool has_data_count = false;
    uint32_t data_count = 0;
    // C.refs of the validation rules: functions that ref.func may name in a
    // body (those named in element segments, exports and global inits).
    Vec<bool> declared_refs;

    Module() = default;
    Module(const Module&) = delete;
    Module& operator=(const Module&) = delete;
    ~Module();  // frees compiled code (compiler.cpp)
};

}  // namespace ember::wasm
