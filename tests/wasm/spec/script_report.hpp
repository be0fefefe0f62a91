// Host side: a result stream (result_stream.hpp) read back, and what it
// says about one script: how many commands passed, failed and were excluded,
// and the failures with their reasons.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/wasm/spec/result_stream.hpp"

namespace ember::wasm::spec {

struct CommandResult {
    uint8_t kind = 0;  // CommandKind; 0 for a broken command stream
    Outcome outcome = Outcome::fail;
    uint32_t line = 0;
    std::string reason;
};

struct ScriptReport {
    std::vector<CommandResult> results;
    size_t passed = 0;
    size_t failed = 0;
    size_t excluded = 0;

    size_t commands() const { return results.size(); }
    std::vector<const CommandResult*> failures() const;
};

// Throws std::runtime_error when `results` is not a result stream.
ScriptReport read_results(std::span<const uint8_t> results);

// "assert_return", "module", ... ("?" for an unknown kind).
const char* command_kind_name(uint8_t kind);

}  // namespace ember::wasm::spec
