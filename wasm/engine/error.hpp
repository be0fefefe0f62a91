// Why a module was refused, or could not be instantiated. The wording of the
// message follows the spec tests' where there is one ("type mismatch",
// "unknown global 3", "magic header not detected"), with detail after it.
#pragma once

#include <stdarg.h>

#include "wasm/engine/support.hpp"

namespace ember::wasm {

enum class ErrorKind : uint8_t {
    none,
    malformed,       // the binary format is broken (decoding)
    invalid,         // well-formed, but fails validation
    unlinkable,      // an import is missing or has the wrong type
    uninstantiable,  // a trap while instantiating (segment bounds, start)
};

struct Error {
    ErrorKind kind = ErrorKind::none;
    uint32_t offset = 0;  // byte offset in the module where it was found
    char message[192] = {};

    explicit operator bool() const { return kind != ErrorKind::none; }

    // Records the first error only: later ones are usually consequences.
    __attribute__((format(printf, 4, 5))) void set(ErrorKind k, uint32_t at, const char* fmt, ...) {
        if (kind != ErrorKind::none) return;
        kind = k;
        offset = at;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof message, fmt, ap);
        va_end(ap);
    }
};

}  // namespace ember::wasm
