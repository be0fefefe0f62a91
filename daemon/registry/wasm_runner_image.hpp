// The Wasm runner guest (wasm/runner), built with emberd and linked into it,
// so that the daemon and the runner it boots always come from one build.
#pragma once

#include <cstddef>
#include <span>

namespace ember::daemon {

std::span<const std::byte> wasm_runner_image();

}  // namespace ember::daemon
