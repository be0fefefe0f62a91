#include "daemon/registry/wasm_runner_image.hpp"

extern "C" const std::byte ember_wasm_runner_start[];
extern "C" const std::byte ember_wasm_runner_end[];

namespace ember::daemon {

std::span<const std::byte> wasm_runner_image() {
    return {ember_wasm_runner_start, ember_wasm_runner_end};
}

}  // namespace ember::daemon
