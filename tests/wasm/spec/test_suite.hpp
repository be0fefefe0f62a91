// Host side: the WebAssembly core test suite on disk (beside the project,
// never in it: ../shared/wasm-testsuite) and its .wast scripts turned into
// command streams with wast2json (Debian's wabt) in a scratch directory.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ember::wasm::spec {

// $EMBER_WASM_TESTSUITE when set, else the build's EMBER_WASM_TESTSUITE
// (CMake cache variable; default ${CMAKE_SOURCE_DIR}/../shared/wasm-testsuite).
std::filesystem::path suite_dir();

// What this machine lacks to run the suite (the suite, wast2json), as a
// sentence for a loud skip; empty when nothing is missing.
std::string missing_prerequisite(const std::filesystem::path& dir);

struct SuiteScripts {
    std::vector<std::filesystem::path> core;  // run
    std::vector<std::filesystem::path> simd;  // simd_*: out of scope, reported as skipped
};
// The .wast files of `dir`, sorted by name.
SuiteScripts list_scripts(const std::filesystem::path& dir);

// wast2json into a scratch directory, then convert_script. Throws
// ConversionError (script_converter.hpp) with wast2json's complaint.
std::vector<uint8_t> command_stream_of(const std::filesystem::path& wast);

}  // namespace ember::wasm::spec
