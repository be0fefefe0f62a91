// An owned mmap() region, unmapped on destruction.
#pragma once

#include <cstddef>
#include <span>
#include <utility>

namespace ember::sandbox {

class Mapping {
  public:
    Mapping() = default;
    // Maps `size` bytes; `fd` < 0 means anonymous. Throws std::system_error.
    Mapping(std::size_t size, int prot, int flags, int fd = -1, long offset = 0);
    Mapping(Mapping&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    Mapping& operator=(Mapping&& other) noexcept;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    ~Mapping();

    std::byte* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::span<std::byte> bytes() const { return {data_, size_}; }

  private:
    std::byte* data_ = nullptr;
    std::size_t size_ = 0;
};

}  // namespace ember::sandbox
