// Little-endian reading and writing of the command and result streams
// (command_stream.hpp, result_stream.hpp), portable like the engine: the
// sandbox guest reads its call input with it, so every read is bounded.
#pragma once

#include "wasm/engine/module.hpp"
#include "wasm/engine/vec.hpp"

namespace ember::wasm::spec {

// Reads from a buffer it does not own. A read past the end fails and leaves
// the reader failed: callers check ok() once after a group of reads.
class ByteReader {
  public:
    ByteReader(const uint8_t* data, size_t size) : data_(data), size_(size) {}

    uint8_t u8() { return static_cast<uint8_t>(fixed(1)); }
    uint32_t u32() { return static_cast<uint32_t>(fixed(4)); }
    uint64_t u64() { return fixed(8); }
    // A u32 length and that many bytes, which stay in the buffer.
    Bytes string() {
        const uint32_t length = u32();
        if (!ok_ || length > size_ - offset_) {
            ok_ = false;
            return {};
        }
        Bytes bytes{data_ + offset_, length};
        offset_ += length;
        return bytes;
    }

    bool ok() const { return ok_; }
    bool at_end() const { return offset_ == size_; }
    size_t offset() const { return offset_; }

  private:
    uint64_t fixed(size_t width) {
        if (!ok_ || width > size_ - offset_) {
            ok_ = false;
            return 0;
        }
        uint64_t value = 0;
        for (size_t i = 0; i < width; ++i)
            value |= uint64_t{data_[offset_ + i]} << (8 * i);
        offset_ += width;
        return value;
    }

    const uint8_t* data_;
    size_t size_;
    size_t offset_ = 0;
    bool ok_ = true;
};

class ByteWriter {
  public:
    void u8(uint8_t value) { out_.push_back(value); }
    void u32(uint32_t value) { fixed(value, 4); }
    void u64(uint64_t value) { fixed(value, 8); }
    void string(const void* data, uint32_t size) {
        u32(size);
        const auto* bytes = static_cast<const uint8_t*>(data);
        for (uint32_t i = 0; i < size; ++i)
            out_.push_back(bytes[i]);
    }
    // Overwrites the u32 at `offset` (a count written before it was known).
    void patch_u32(size_t offset, uint32_t value) {
        for (size_t i = 0; i < 4; ++i)
            out_[offset + i] = static_cast<uint8_t>(value >> (8 * i));
    }

    size_t size() const { return out_.size(); }
    Vec<uint8_t>& bytes() { return out_; }

  private:
    void fixed(uint64_t value, size_t width) {
        for (size_t i = 0; i < width; ++i)
            out_.push_back(static_cast<uint8_t>(value >> (8 * i)));
    }

    Vec<uint8_t> out_;
};

}  // namespace ember::wasm::spec
