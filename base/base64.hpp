// Base64 (RFC 4648, with padding), for bytes that must travel inside JSON.
#pragma once

#include <cstddef>
#include <span>
#include <string>

namespace ember {

std::string base64(std::span<const std::byte> bytes);

}  // namespace ember
