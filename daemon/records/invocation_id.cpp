// Invocation ids from the kernel's random bytes.
#include "daemon/records/invocation_id.hpp"

#include "base/hex.hpp"
#include "base/random_bytes.hpp"

namespace ember::daemon {

InvocationId InvocationId::random() {
    std::array<std::byte, 16> bytes;
    random_bytes(bytes);
    return InvocationId(to_hex(bytes));
}

std::optional<InvocationId> InvocationId::parse(std::string_view text) {
    std::array<std::byte, 16> bytes;
    if (!from_hex(text, bytes)) return std::nullopt;
    return InvocationId(std::string(text));
}

}  // namespace ember::daemon
