// What a function's binary is: an ELF built with the guest SDK, which boots
// as it is, or a WebAssembly module, which the built-in Wasm runner guest
// loads. The bytes say which: a Wasm module starts with "\0asm".
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace ember::daemon {

enum class BinaryKind { elf, wasm };

BinaryKind binary_kind_of(std::span<const std::byte> binary);

// "elf", "wasm": meta.json's and the API's spelling.
std::string_view binary_kind_name(BinaryKind kind);
std::optional<BinaryKind> binary_kind_named(std::string_view name);

}  // namespace ember::daemon
