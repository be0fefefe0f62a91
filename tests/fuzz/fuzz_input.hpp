// How the targets that model guest memory read their input: numbers taken
// from the front, and addresses and lengths that mostly fall inside the
// memory (so that the fuzzer spends its time past the bounds checks) and
// sometimes are anything at all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include <ember/abi.h>

namespace ember::fuzz {

struct Input {
    const uint8_t* data;
    std::size_t size;
    uint64_t memory_size;

    // `bytes` little-endian bytes; zeros once the input runs out.
    uint64_t number(std::size_t bytes) {
        uint64_t value = 0;
        for (std::size_t i = 0; i < bytes && size > 0; ++i, ++data, --size)
            value |= uint64_t{*data} << (8 * i);
        return value;
    }
    uint64_t address() {
        const uint64_t raw = number(8);
        return (raw & 0xff) < 0xf0 ? raw % (memory_size + 1) : raw;
    }
    uint64_t length() {
        const uint64_t raw = number(4);
        return (raw & 0xff) < 0xf0 ? raw % (2 * EMBER_PAGE_SIZE) : raw | (raw << 32);
    }
    // Up to `most` bytes of the input as they are.
    std::span<const std::byte> bytes(std::size_t most) {
        const std::size_t n = most < size ? most : size;
        const std::span<const std::byte> taken(reinterpret_cast<const std::byte*>(data), n);
        data += n;
        size -= n;
        return taken;
    }
};

}  // namespace ember::fuzz
