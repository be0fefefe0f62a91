// Helpers for tests that run real guests from build/guests/ in real VMs.
#pragma once

#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "sandbox/sandbox.hpp"
#include "sandbox/snapshot.hpp"
#include "tests/skip.hpp"

namespace ember::test {

inline std::vector<std::byte> guest_binary(const std::string& name) {
    const std::string path = std::string(EMBER_GUEST_DIR) + "/" + name + ".elf";
    std::ifstream in(path, std::ios::binary);
    if (!in) FAIL("missing guest binary " << path);
    std::vector<char> chars((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::byte> bytes(chars.size());
    std::memcpy(bytes.data(), chars.data(), chars.size());
    return bytes;
}

inline std::shared_ptr<const sandbox::Snapshot> snapshot_of(
    const std::string& name, const sandbox::ImageConfig& config = {}) {
    return sandbox::Snapshot::create(guest_binary(name), config);
}

inline sandbox::Deadline in_ms(int ms) {
    return std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
}

inline std::span<const std::byte> bytes_of(std::string_view text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

inline std::string text_of(std::span<const std::byte> bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

// Calls and returns the output as text; fails the test on a guest error.
inline std::string call_ok(sandbox::Sandbox& box, std::string_view handler, std::string_view input,
                           int timeout_ms = 2000) {
    const sandbox::CallResult result = box.call(handler, bytes_of(input), in_ms(timeout_ms));
    INFO("handler '" << handler << "' input '" << input << "'");
    if (!result.ok()) FAIL(to_string(result.error().kind) << ": " << result.error().message);
    return text_of(result.reply().output);
}

}  // namespace ember::test
