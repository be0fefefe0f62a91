// Wasm modules written byte by byte in the binary format, section by
// section, and decoded (decode_module) with the checks the decoder's tests
// share.
#pragma once

#include <catch2/catch.hpp>

#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

#include "wasm/engine/decoder.hpp"

namespace ember::wasm::test {

// Each test shows the bytes it is about.
using Binary = std::vector<uint8_t>;

inline Binary cat(std::initializer_list<Binary> parts) {
    Binary out;
    for (const Binary& part : parts)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

inline Binary leb(uint64_t value) {
    Binary out;
    do {
        uint8_t byte = value & 0x7f;
        value >>= 7;
        out.push_back(static_cast<uint8_t>(byte | (value ? 0x80 : 0)));
    } while (value);
    return out;
}

inline Binary vec(std::initializer_list<Binary> items) {
    Binary out = leb(items.size());
    for (const Binary& item : items)
        out.insert(out.end(), item.begin(), item.end());
    return out;
}

inline Binary name(const std::string& text) {
    return cat({leb(text.size()), Binary(text.begin(), text.end())});
}

inline Binary section(uint8_t id, const Binary& contents) {
    return cat({{id}, leb(contents.size()), contents});
}

inline Binary wasm(std::initializer_list<Binary> sections) {
    Binary out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    for (const Binary& s : sections)
        out.insert(out.end(), s.begin(), s.end());
    return out;
}

// A code section entry: the locals' runs, then the instructions.
inline Binary body(std::initializer_list<Binary> locals, const Binary& instructions) {
    Binary contents = cat({vec(locals), instructions});
    return cat({leb(contents.size()), contents});
}

inline constexpr uint8_t i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c, v128 = 0x7b;
inline constexpr uint8_t funcref = 0x70, externref = 0x6f;
inline constexpr uint8_t end = 0x0b;

inline Binary types(std::initializer_list<Binary> function_types) {
    return section(1, vec(function_types));
}
inline Binary func_type(std::initializer_list<Binary> params,
                        std::initializer_list<Binary> results) {
    return cat({{0x60}, vec(params), vec(results)});
}
inline const Binary void_type = func_type({}, {});
inline Binary functions(std::initializer_list<Binary> type_indices) {
    return section(3, vec(type_indices));
}
inline Binary code(std::initializer_list<Binary> bodies) {
    return section(10, vec(bodies));
}
inline const Binary empty_body = body({}, {end});
// A module of one function of type [] -> [], which the other sections need.
inline const Binary one_type = types({void_type});
inline const Binary one_function = functions({{0}});
inline const Binary one_body = code({empty_body});
inline Binary memories(std::initializer_list<Binary> limits) {
    return section(5, vec(limits));
}
inline Binary tables(std::initializer_list<Binary> table_types) {
    return section(4, vec(table_types));
}
inline Binary globals(std::initializer_list<Binary> entries) {
    return section(6, vec(entries));
}
inline Binary exports(std::initializer_list<Binary> entries) {
    return section(7, vec(entries));
}
inline Binary elements(std::initializer_list<Binary> segments) {
    return section(9, vec(segments));
}
inline Binary data(std::initializer_list<Binary> segments) {
    return section(11, vec(segments));
}
inline Binary i32_const(uint8_t value) {
    return {0x41, value};
}

struct Decoded {
    std::unique_ptr<Module> module = std::make_unique<Module>();
    Error error;
    bool ok = false;
};

inline Decoded decode(const Binary& bytes) {
    Decoded d;
    d.ok = decode_module(bytes.data(), bytes.size(), *d.module, d.error);
    CHECK(d.ok == !d.error);
    return d;
}

// Decodes a module that must be refused, and returns its error.
inline Error refused(const Binary& bytes) {
    Decoded d = decode(bytes);
    REQUIRE_FALSE(d.ok);
    return d.error;
}

inline void require_malformed(const Binary& bytes, const std::string& message) {
    Error e = refused(bytes);
    INFO(e.message);
    CHECK(e.kind == ErrorKind::malformed);
    CHECK_THAT(e.message, Catch::StartsWith(message));
}

inline void require_invalid(const Binary& bytes, const std::string& message) {
    Error e = refused(bytes);
    INFO(e.message);
    CHECK(e.kind == ErrorKind::invalid);
    CHECK_THAT(e.message, Catch::StartsWith(message));
}

inline std::string text(ember::wasm::Bytes bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data), bytes.size);
}

inline bool points_into(const Module& m, ember::wasm::Bytes bytes) {
    return bytes.data >= m.binary.data() && bytes.data + bytes.size <= m.binary.end();
}

}  // namespace ember::wasm::test
