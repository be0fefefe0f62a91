// mmap() ownership.
#include "sandbox/mapping.hpp"

#include <sys/mman.h>

#include <cerrno>
#include <system_error>

namespace ember::sandbox {

Mapping::Mapping(std::size_t size, int prot, int flags, int fd, long offset) : size_(size) {
    void* p = ::mmap(nullptr, size, prot, flags, fd, offset);
    if (p == MAP_FAILED) {
        throw std::system_error(errno, std::generic_category(), "mmap");
    }
    data_ = static_cast<std::byte*>(p);
}

Mapping& Mapping::operator=(Mapping&& other) noexcept {
    if (this != &other) {
        if (data_ != nullptr) ::munmap(data_, size_);
        data_ = std::exchange(other.data_, nullptr);
        size_ = std::exchange(other.size_, 0);
    }
    return *this;
}

Mapping::~Mapping() {
    if (data_ != nullptr) ::munmap(data_, size_);
}

}  // namespace ember::sandbox
