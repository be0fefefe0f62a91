// Lowercase hexadecimal, the form of every id and digest Ember prints.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace ember {

std::string to_hex(std::span<const std::byte> bytes);

// Decodes exactly out.size() bytes from 2 × out.size() lowercase hex digits;
// false (and `out` unspecified) for any other text, uppercase included.
bool from_hex(std::string_view text, std::span<std::byte> out);

}  // namespace ember
