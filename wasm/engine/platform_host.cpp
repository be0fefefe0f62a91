// The host build's platform: running out of memory is fatal, as in any host
// program that cannot allocate.
#include "wasm/engine/support.hpp"

namespace ember::wasm {

void out_of_memory() {
    fputs("ember wasm engine: out of memory\n", stderr);
    abort();
}

}  // namespace ember::wasm
