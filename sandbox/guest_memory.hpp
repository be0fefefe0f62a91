// Host access to a sandbox's guest memory. Guest addresses are a strong type,
// and every access is bounds- and overflow-checked here, once: the guest
// controls those bytes and any address or length it hands the host.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <stdexcept>
#include <type_traits>

namespace ember::sandbox {

// A guest physical (== guest virtual: the map is the identity) address.
struct Gpa {
    uint64_t value = 0;
    friend bool operator==(Gpa, Gpa) = default;
};

class GuestMemory {
  public:
    GuestMemory() = default;
    explicit GuestMemory(std::span<std::byte> bytes) : bytes_(bytes) {}

    uint64_t size() const { return bytes_.size(); }
    std::span<std::byte> all() const { return bytes_; }

    // For addresses and lengths that came from the guest: nullopt unless
    // [gpa, gpa + len) lies inside guest memory.
    std::optional<std::span<std::byte>> find(Gpa gpa, uint64_t len) const {
        if (gpa.value > bytes_.size() || len > bytes_.size() - gpa.value) return std::nullopt;
        return bytes_.subspan(gpa.value, len);
    }

    // For the host's own layout: a range outside memory is a host bug.
    std::span<std::byte> at(Gpa gpa, uint64_t len) const {
        auto range = find(gpa, len);
        if (!range) throw std::out_of_range("guest memory access outside the sandbox");
        return *range;
    }

    template <typename T>
    T read(Gpa gpa) const {
        static_assert(std::is_trivially_copyable_v<T>);
        T value{};
        std::memcpy(&value, at(gpa, sizeof(T)).data(), sizeof(T));
        return value;
    }

    template <typename T>
    void write(Gpa gpa, const T& value) const {
        static_assert(std::is_trivially_copyable_v<T>);
        std::memcpy(at(gpa, sizeof(T)).data(), &value, sizeof(T));
    }

  private:
    std::span<std::byte> bytes_;
};

}  // namespace ember::sandbox
