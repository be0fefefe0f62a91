#include "daemon/store/binary_kind.hpp"

#include <cstring>

namespace ember::daemon {

BinaryKind binary_kind_of(std::span<const std::byte> binary) {
    static constexpr char wasm_magic[] = {'\0', 'a', 's', 'm'};
    const bool wasm = binary.size() >= sizeof wasm_magic &&
                      std::memcmp(binary.data(), wasm_magic, sizeof wasm_magic) == 0;
    return wasm ? BinaryKind::wasm : BinaryKind::elf;
}

std::string_view binary_kind_name(BinaryKind kind) {
    return kind == BinaryKind::wasm ? "wasm" : "elf";
}

std::optional<BinaryKind> binary_kind_named(std::string_view name) {
    if (name == "elf") return BinaryKind::elf;
    if (name == "wasm") return BinaryKind::wasm;
    return std::nullopt;
}

}  // namespace ember::daemon
