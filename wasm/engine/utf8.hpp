// UTF-8 as the spec defines it for names: shortest forms only, no
// surrogates, nothing above U+10FFFF.
#pragma once

#include "wasm/engine/support.hpp"

namespace ember::wasm {

bool is_valid_utf8(const uint8_t* bytes, size_t size);

}  // namespace ember::wasm
