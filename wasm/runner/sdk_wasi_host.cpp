#include "wasm/runner/sdk_wasi_host.hpp"

#include <ember/guest.h>

namespace ember::wasm {

size_t SdkWasiHost::write_output(const uint8_t* data, size_t len) {
    return ember_append(data, len);
}

void SdkWasiHost::log(const char* line, size_t len) {
    ember_log_n(line, len);
}

uint64_t SdkWasiHost::clock_ns() {
    return ember_clock_ns();
}

void SdkWasiHost::random(uint8_t* to, size_t len) {
    if (ember_random(to, len) != static_cast<int64_t>(len))
        ember_abort("wasm: random_get: the host gave no random bytes");
}

void SdkWasiHost::set_status(uint32_t status) {
    ember_set_status(status);
}

}  // namespace ember::wasm
