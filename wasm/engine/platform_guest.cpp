// The runner guest's platform: running out of guest memory ends the call
// (or the deploy, during init) with a message, and the sandbox is restored.
#include <ember/guest.h>

#include "wasm/engine/support.hpp"

namespace ember::wasm {

void out_of_memory() {
    ember_abort("wasm: out of guest memory");
}

}  // namespace ember::wasm
