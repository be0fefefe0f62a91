// Waiting for something another thread does, without guessing how long it
// takes: poll until it holds or a generous bound passes.
#pragma once

#include <chrono>
#include <functional>
#include <thread>

namespace ember::test {

// Polls `condition` every millisecond until it holds (true) or `patience`
// runs out (false).
inline bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds patience) {
    const auto give_up = std::chrono::steady_clock::now() + patience;
    while (!condition()) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

}  // namespace ember::test
