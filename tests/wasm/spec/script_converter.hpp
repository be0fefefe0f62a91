// Host side: wast2json's output for one script (a JSON command list and the
// .wasm files beside it) turned into a command stream (command_stream.hpp).
// Assertions on modules in the text format become `excluded` commands, so
// that they are counted where the results are.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <vector>

namespace ember::wasm::spec {

// The JSON is not what wast2json 1.0.32 writes (a command or value type the
// converter does not know: SIMD's v128, say), or a module file is missing.
class ConversionError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::vector<uint8_t> convert_script(const std::filesystem::path& json_file);

}  // namespace ember::wasm::spec
