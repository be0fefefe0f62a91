// Function bodies through module_load: the validator's verdicts and their
// wording (the spec tests' at the start), and the SIMD refusal.
#include "wasm/engine/compiler.hpp"

#include <catch2/catch.hpp>
#include <string>

#include "wasm/engine/engine.hpp"

namespace {

using namespace ember::wasm;

// Loads `bytes`, expecting a refusal; returns the message.
template <size_t N>
std::string refusal(const uint8_t (&bytes)[N], ErrorKind kind) {
    Error error;
    Module* module = module_load(bytes, N, error);
    module_free(module);
    CHECK(module == nullptr);
    CHECK(error.kind == kind);
    return error.message;
}

bool starts_with(const std::string& s, const char* prefix) {
    return s.rfind(prefix, 0) == 0;
}

TEST_CASE("a result of the wrong type is a type mismatch") {
    // (module (func (result i32) (i64.const 1)))
    const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                             0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01,
                             0x00, 0x0a, 0x06, 0x01, 0x04, 0x00, 0x42, 0x01, 0x0b};
    std::string message = refusal(bytes, ErrorKind::invalid);
    INFO(message);
    CHECK(starts_with(message, "type mismatch"));
}

TEST_CASE("global.set of an immutable global is refused") {
    // (module (global i32 (i32.const 0)) (func (global.set 0 (i32.const 1))))
    const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01,
                             0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00,
                             0x06, 0x06, 0x01, 0x7f, 0x00, 0x41, 0x00, 0x0b, 0x0a,
                             0x08, 0x01, 0x06, 0x00, 0x41, 0x01, 0x24, 0x00, 0x0b};
    std::string message = refusal(bytes, ErrorKind::invalid);
    INFO(message);
    CHECK(starts_with(message, "global is immutable"));
}

TEST_CASE("after unreachable the stack is polymorphic") {
    // (module (func (result i32) (unreachable) (i32.add) (br_table 0 0 (i32.const 0))))
    const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05, 0x01,
                             0x60, 0x00, 0x01, 0x7f, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x0c, 0x01,
                             0x0a, 0x00, 0x00, 0x6a, 0x41, 0x00, 0x0e, 0x01, 0x00, 0x00, 0x0b};
    Error error;
    Module* module = module_load(bytes, sizeof bytes, error);
    INFO(error.message);
    CHECK(module != nullptr);
    module_free(module);
}

TEST_CASE("SIMD instructions are refused with a clear message") {
    // (module (func (drop (v128.const i64x2 0 0))))
    const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x04, 0x01,
                             0x60, 0x00, 0x00, 0x03, 0x02, 0x01, 0x00, 0x0a, 0x17, 0x01, 0x15,
                             0x00, 0xfd, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                             0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x1a, 0x0b};
    std::string message = refusal(bytes, ErrorKind::malformed);
    INFO(message);
    CHECK(starts_with(message, "SIMD is not supported"));
}

TEST_CASE("a body without its final end is malformed") {
    // (module (func)) with the body's `end` replaced by `nop`.
    const uint8_t bytes[] = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                             0x01, 0x04, 0x01, 0x60, 0x00, 0x00, 0x03, 0x02,
                             0x01, 0x00, 0x0a, 0x04, 0x01, 0x02, 0x00, 0x01};
    std::string message = refusal(bytes, ErrorKind::malformed);
    INFO(message);
    CHECK(starts_with(message, "END opcode expected"));
}

}  // namespace
