// The decoder's cursor over a module being decoded (decoder.cpp and the
// section readers): the binary format's composite values (lengths, names,
// types, limits) on top of Reader's primitives, and the two ways a module
// is refused.
//
// Malformed input ends decoding at once. A validation error ("invalid") is
// held while decoding goes on, and reported only when the rest of the module
// is well-formed: the spec decodes a whole module before validating it, so a
// module broken in both ways is malformed. Validation errors that leave the
// decoder unable to go on (a non-constant instruction in a constant
// expression, SIMD) end decoding as invalid at once.
#pragma once

#include "wasm/engine/module.hpp"
#include "wasm/engine/reader.hpp"

namespace ember::wasm {

// The most locals (parameters included) a function may have, which bounds
// its frame. The spec's limit is 2^32; real compilers stay far below this.
constexpr uint64_t max_function_locals = 50000;

class ModuleReader {
  public:
    // Reads `module.binary`, which holds the whole module.
    ModuleReader(Module& module, Error& error);

    Module& module() { return module_; }
    Reader& in() { return in_; }
    bool ok() const { return in_.ok(); }
    uint32_t offset() const { return in_.offset(); }
    uint32_t size() const { return size_; }

    __attribute__((format(printf, 3, 4))) void malformed(uint32_t at, const char* fmt, ...);
    // Recorded, and decoding goes on (see above).
    __attribute__((format(printf, 3, 4))) void invalid(uint32_t at, const char* fmt, ...);
    // Ends decoding as invalid.
    __attribute__((format(printf, 3, 4))) void invalid_now(uint32_t at, const char* fmt, ...);
    // The outcome, once the whole module was read: false with the error set
    // when it is malformed or invalid.
    bool finish();

    // A vector's length or a size in bytes, which cannot exceed the bytes
    // left ("length out of bounds"): that also bounds what a count allocates.
    uint32_t length();
    Bytes name();  // UTF-8, pointing into the module's binary
    ValType value_type();
    ValType ref_type();
    FuncType func_type();
    TableType table_type();
    MemoryType memory_type();
    GlobalType global_type();
    // A memory index space with more than one memory is invalid in Wasm 2.0.
    void add_memory(uint32_t at, MemoryType type);

  private:
    void value_types(Vec<ValType>& types);
    Limits limits();

    Module& module_;
    Error& error_;
    Error pending_;  // the first validation error, held
    Reader in_;
    uint32_t size_;
};

}  // namespace ember::wasm
