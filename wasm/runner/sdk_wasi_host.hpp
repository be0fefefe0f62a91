// WASI on the guest SDK: the reply, the host functions log, clock and
// random (each subject to the function's host_functions, like any guest's).
#pragma once

#include "wasm/runner/wasi.hpp"

namespace ember::wasm {

class SdkWasiHost final : public WasiHost {
  public:
    size_t write_output(const uint8_t* data, size_t len) override;
    void log(const char* line, size_t len) override;
    uint64_t clock_ns() override;
    void random(uint8_t* to, size_t len) override;
    void set_status(uint32_t status) override;
};

}  // namespace ember::wasm
