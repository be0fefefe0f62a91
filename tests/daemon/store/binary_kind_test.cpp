// A stored version's kind: told by the binary's first bytes, kept in
// meta.json, and "elf" for versions stored before Wasm modules existed.
#include "daemon/store/binary_kind.hpp"

#include <catch2/catch.hpp>

#include <string>

#include "daemon/config/config_error.hpp"
#include "daemon/store/stored_function.hpp"
#include "sandbox/host_functions.hpp"

namespace ember::daemon {
namespace {

std::span<const std::byte> bytes_of(const std::string& text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

StoredFunction sample(BinaryKind kind) {
    StoredFunction f;
    f.name = "mod";
    f.version = 2;
    f.sha256 = std::string(64, 'a');
    f.size_bytes = 8;
    f.kind = kind;
    f.created_at = "2026-12-01T00:00:00Z";
    return f;
}

TEST_CASE("a Wasm module is told by its magic number", "[store][wasm]") {
    CHECK(binary_kind_of(bytes_of(std::string("\0asm\1\0\0\0", 8))) == BinaryKind::wasm);
    CHECK(binary_kind_of(bytes_of(std::string("\0as", 3))) == BinaryKind::elf);
    CHECK(binary_kind_of(bytes_of("\x7f"
                                  "ELF")) == BinaryKind::elf);
    CHECK(binary_kind_of({}) == BinaryKind::elf);
}

TEST_CASE("meta.json keeps the kind, and a version without one is an ELF", "[store][wasm]") {
    const std::vector<std::string> host_functions = sandbox::default_host_functions();
    nlohmann::json meta = to_meta_json(sample(BinaryKind::wasm));
    CHECK(meta["kind"] == "wasm");
    CHECK(stored_function_from_meta(meta, host_functions) == sample(BinaryKind::wasm));

    meta.erase("kind");
    CHECK(stored_function_from_meta(meta, host_functions).kind == BinaryKind::elf);

    meta["kind"] = "jar";
    CHECK_THROWS_AS(stored_function_from_meta(meta, host_functions), ConfigError);
}

}  // namespace
}  // namespace ember::daemon
