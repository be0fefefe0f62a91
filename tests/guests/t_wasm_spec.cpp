// Runs one WebAssembly spec script inside the sandbox: the call's input is
// a command stream (tests/wasm/spec/command_stream.hpp), the reply its
// result stream, which tests/wasm/spec/spec_sandbox_test.cpp compares with
// the host's run of the same script.
#include <ember/guest.h>

#include "tests/wasm/spec/executor.hpp"

EMBER_DEFAULT_HANDLER(run) {
    ember::wasm::Vec<uint8_t> results;
    ember::wasm::spec::run_script(input, len, ember::wasm::spec::ExecutorLimits{}, results);
    size_t capacity = 0;
    uint8_t* out = ember_output_buffer(&capacity);
    if (results.size() > capacity) ember_abort("t_wasm_spec: the results exceed the output buffer");
    memcpy(out, results.data(), results.size());
    ember_output_commit(results.size());
}
