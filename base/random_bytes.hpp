// Unpredictable bytes from the kernel (getrandom), for ids that must not be
// guessed: an invocation id is what a client needs to read that call's
// record and result.
#pragma once

#include <cstddef>
#include <span>

namespace ember {

// Fills `out`. Thread-safe; cheap for small requests: each thread draws the
// kernel's bytes a few kilobytes at a time. Throws std::system_error if the
// kernel has none to give.
void random_bytes(std::span<std::byte> out);

}  // namespace ember
