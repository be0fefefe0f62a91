// A growable array on malloc, for the engine's bookkeeping: the standard
// containers are not available to the freestanding build. Elements are
// moved when it grows; running out of memory calls out_of_memory().
#pragma once

#include <new>
#include <utility>

#include "wasm/engine/support.hpp"

namespace ember::wasm {

template <class T>
class Vec {
  public:
    Vec() = default;
    Vec(const Vec&) = delete;
    Vec& operator=(const Vec&) = delete;
    Vec(Vec&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)),
          size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0)) {}
    Vec& operator=(Vec&& other) noexcept {
        if (this != &other) {
            destroy();
            data_ = std::exchange(other.data_, nullptr);
            size_ = std::exchange(other.size_, 0);
            capacity_ = std::exchange(other.capacity_, 0);
        }
        return *this;
    }
    ~Vec() { destroy(); }

    size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    T* data() { return data_; }
    const T* data() const { return data_; }
    T& operator[](size_t i) { return data_[i]; }
    const T& operator[](size_t i) const { return data_[i]; }
    T* begin() { return data_; }
    T* end() { return data_ + size_; }
    const T* begin() const { return data_; }
    const T* end() const { return data_ + size_; }
    T& back() { return data_[size_ - 1]; }
    const T& back() const { return data_[size_ - 1]; }

    void reserve(size_t n) {
        if (n <= capacity_) return;
        if (n > SIZE_MAX / sizeof(T)) out_of_memory();
        T* fresh = static_cast<T*>(malloc(n * sizeof(T)));
        if (!fresh) out_of_memory();
        for (size_t i = 0; i < size_; ++i) {
            new (&fresh[i]) T(std::move(data_[i]));
            data_[i].~T();
        }
        free(data_);
        data_ = fresh;
        capacity_ = n;
    }
    T& push_back(T value) {
        if (size_ == capacity_) reserve(capacity_ < 8 ? 8 : capacity_ * 2);
        T* slot = new (&data_[size_]) T(std::move(value));
        ++size_;
        return *slot;
    }
    void pop_back() { data_[--size_].~T(); }
    // Grows with value-initialised elements, or shrinks.
    void resize(size_t n) {
        reserve(n);
        while (size_ < n)
            new (&data_[size_++]) T();
        while (size_ > n)
            pop_back();
    }
    void clear() { resize(0); }

  private:
    void destroy() {
        clear();
        free(data_);
        data_ = nullptr;
        capacity_ = 0;
    }

    T* data_ = nullptr;
    size_t size_ = 0;
    size_t capacity_ = 0;
};

}  // namespace ember::wasm
