// What became of one command: pass, fail with a short reason, or excluded.
#pragma once

#include <stdarg.h>

#include "tests/wasm/spec/result_stream.hpp"
#include "wasm/engine/support.hpp"

namespace ember::wasm::spec {

struct Verdict {
    Outcome outcome = Outcome::pass;
    char reason[max_reason_bytes + 1] = {};

    // Keeps the first failure: later ones follow from it.
    __attribute__((format(printf, 2, 3))) void fail(const char* fmt, ...) {
        if (outcome == Outcome::fail) return;
        outcome = Outcome::fail;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(reason, sizeof reason, fmt, ap);
        va_end(ap);
    }
    bool failed() const { return outcome == Outcome::fail; }
};

}  // namespace ember::wasm::spec
