// The `spectest` module the spec scripts import from, as the reference
// interpreter defines it (interpreter/host/spectest.ml): print functions
// that do nothing, four constant globals, a funcref table 10..20 and a
// memory 1..2. One per script: its table and memory keep what the script's
// modules write into them.
#pragma once

#include "wasm/engine/engine.hpp"

namespace ember::wasm::spec {

class SpectestModule {
  public:
    explicit SpectestModule(Store* store);

    // The export `name`; false when there is none.
    bool lookup(Bytes name, Extern& out) const;

  private:
    struct Entry {
        const char* name;
        Extern object;
    };

    void add(const char* name, ExternKind kind, void* object);
    void add_print(Store* store, const char* name, const ValType* params, uint32_t count);

    Vec<Entry> entries_;
};

}  // namespace ember::wasm::spec
