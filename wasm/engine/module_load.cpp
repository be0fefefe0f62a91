// module_load: the decoder's module-level checks, then the compiler's
// validation of every function body.
#include "wasm/engine/compiler.hpp"
#include "wasm/engine/decoder.hpp"
#include "wasm/engine/engine.hpp"

namespace ember::wasm {

Module* module_load(const uint8_t* bytes, size_t size, Error& error) {
    Module* module = new Module();
    if (!decode_module(bytes, size, *module, error) || !compile_module(*module, error)) {
        delete module;
        return nullptr;
    }
    return module;
}

void module_free(Module* module) {
    delete module;
}

}  // namespace ember::wasm
