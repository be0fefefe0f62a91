#include "wasm/engine/decoder.hpp"

#include <catch2/catch.hpp>

#include <cstring>
#include <initializer_list>
#include <memory>
#include <string>
#include <vector>

namespace {

using ember::wasm::ConstExpr;
using ember::wasm::decode_module;
using ember::wasm::Error;
using ember::wasm::ErrorKind;
using ember::wasm::ExternKind;
using ember::wasm::Module;
using ember::wasm::SegmentMode;
using ember::wasm::ValType;

// Modules are written here section by section, in the binary format itself,
// so that each test shows the bytes it is about.
using Bytes = std::vector<uint8_t>;

Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

Bytes leb(uint64_t value) {
    Bytes out;
    do {
        uint8_t byte = value & 0x7f;
        value >>= 7;
        out.push_back(static_cast<uint8_t>(byte | (value ? 0x80 : 0)));
    } while (value);
    return out;
}

Bytes vec(std::initializer_list<Bytes> items) {
    Bytes out = leb(items.size());
    for (const Bytes& item : items)
        out.insert(out.end(), item.begin(), item.end());
    return out;
}

Bytes name(const std::string& text) {
    return cat({leb(text.size()), Bytes(text.begin(), text.end())});
}

Bytes section(uint8_t id, const Bytes& contents) {
    return cat({{id}, leb(contents.size()), contents});
}

Bytes wasm(std::initializer_list<Bytes> sections) {
    Bytes out = {0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00};
    for (const Bytes& s : sections)
        out.insert(out.end(), s.begin(), s.end());
    return out;
}

// A code section entry: the locals' runs, then the instructions.
Bytes body(std::initializer_list<Bytes> locals, const Bytes& instructions) {
    Bytes contents = cat({vec(locals), instructions});
    return cat({leb(contents.size()), contents});
}

constexpr uint8_t i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c, v128 = 0x7b;
constexpr uint8_t funcref = 0x70, externref = 0x6f;
constexpr uint8_t end = 0x0b;

Bytes types(std::initializer_list<Bytes> function_types) {
    return section(1, vec(function_types));
}
Bytes func_type(std::initializer_list<Bytes> params, std::initializer_list<Bytes> results) {
    return cat({{0x60}, vec(params), vec(results)});
}
const Bytes void_type = func_type({}, {});
Bytes functions(std::initializer_list<Bytes> type_indices) {
    return section(3, vec(type_indices));
}
Bytes code(std::initializer_list<Bytes> bodies) {
    return section(10, vec(bodies));
}
const Bytes empty_body = body({}, {end});
// A module of one function of type [] -> [], which the other sections need.
const Bytes one_type = types({void_type});
const Bytes one_function = functions({{0}});
const Bytes one_body = code({empty_body});
Bytes memories(std::initializer_list<Bytes> limits) {
    return section(5, vec(limits));
}
Bytes tables(std::initializer_list<Bytes> table_types) {
    return section(4, vec(table_types));
}
Bytes globals(std::initializer_list<Bytes> entries) {
    return section(6, vec(entries));
}
Bytes exports(std::initializer_list<Bytes> entries) {
    return section(7, vec(entries));
}
Bytes elements(std::initializer_list<Bytes> segments) {
    return section(9, vec(segments));
}
Bytes data(std::initializer_list<Bytes> segments) {
    return section(11, vec(segments));
}
Bytes i32_const(uint8_t value) {
    return {0x41, value};
}

struct Decoded {
    std::unique_ptr<Module> module = std::make_unique<Module>();
    Error error;
    bool ok = false;
};

Decoded decode(const Bytes& bytes) {
    Decoded d;
    d.ok = decode_module(bytes.data(), bytes.size(), *d.module, d.error);
    CHECK(d.ok == !d.error);
    return d;
}

// Decodes a module that must be refused, and returns its error.
Error refused(const Bytes& bytes) {
    Decoded d = decode(bytes);
    REQUIRE_FALSE(d.ok);
    return d.error;
}

void require_malformed(const Bytes& bytes, const std::string& message) {
    Error e = refused(bytes);
    INFO(e.message);
    CHECK(e.kind == ErrorKind::malformed);
    CHECK_THAT(e.message, Catch::StartsWith(message));
}

void require_invalid(const Bytes& bytes, const std::string& message) {
    Error e = refused(bytes);
    INFO(e.message);
    CHECK(e.kind == ErrorKind::invalid);
    CHECK_THAT(e.message, Catch::StartsWith(message));
}

std::string text(ember::wasm::Bytes bytes) {
    return std::string(reinterpret_cast<const char*>(bytes.data), bytes.size);
}

bool points_into(const Module& m, ember::wasm::Bytes bytes) {
    return bytes.data >= m.binary.data() && bytes.data + bytes.size <= m.binary.end();
}

}  // namespace

TEST_CASE("decoder: an empty module decodes to an empty Module", "[wasm]") {
    Decoded d = decode(wasm({}));
    REQUIRE(d.ok);
    const Module& m = *d.module;
    CHECK(m.binary.size() == 8);
    CHECK(m.types.empty());
    CHECK(m.func_types.empty());
    CHECK(m.functions.empty());
    CHECK(m.exports.empty());
    CHECK_FALSE(m.has_start);
    CHECK_FALSE(m.has_data_count);
}

TEST_CASE(
    "decoder: a module using every section fills the Module, imports first in each index space",
    "[wasm]") {
    const Bytes bytes = wasm({
        section(0, cat({name("producers"), {1, 2, 3}})),
        types({func_type({{i32}, {i32}}, {{i32}}), void_type, func_type({}, {{i64}, {f32}})}),
        section(2, vec({
                       cat({name("env"), name("f"), {0x00, 1}}),
                       cat({name("env"), name("t"), {0x01, externref, 0x01, 1, 10}}),
                       cat({name("env"), name("m"), {0x02, 0x00, 2}}),
                       cat({name("env"), name("g"), {0x03, i64, 0x00}}),
                   })),
        functions({{0}, {1}, {2}}),
        tables({{funcref, 0x00, 4}}),
        globals({
            cat({{f64, 0x01, 0x44}, Bytes(8, 0), {end}}),
            {i64, 0x00, 0x23, 0, end},      // global.get of the imported global
            {funcref, 0x00, 0xd2, 2, end},  // ref.func 2
            {externref, 0x00, 0xd0, externref, end},
        }),
        exports({cat({name("add"), {0x00, 1}}), cat({name("mem"), {0x02, 0}}),
                 cat({name("g"), {0x03, 2}}), cat({name("table"), {0x01, 1}})}),
        section(8, {2}),
        elements({cat({{0x02}, {1}, i32_const(1), {end}, {0x00}, vec({{3}})})}),
        section(12, {2}),
        code({body({}, {0x20, 0, end}),
              body({cat({leb(3), {i32}}), cat({leb(2), {f64}})}, {0x01, end}),
              body({}, {0x42, 1, 0x43, 0, 0, 0, 0, end})}),
        data({cat({{0x00}, i32_const(8), {end}, name("hi")}), cat({{0x01}, name("there")})}),
        section(0, name("name")),
    });
    Decoded d = decode(bytes);
    INFO(d.error.message);
    REQUIRE(d.ok);
    const Module& m = *d.module;

    REQUIRE(m.types.size() == 3);
    CHECK(m.types[0].params.size() == 2);
    CHECK(m.types[2].results.size() == 2);
    CHECK(m.types[2].results[1] == ValType::f32);

    REQUIRE(m.imports.size() == 4);
    CHECK(text(m.imports[0].module) == "env");
    CHECK(text(m.imports[3].name) == "g");
    CHECK(m.imports[0].kind == ExternKind::func);
    CHECK(m.imports[0].type_index == 1);
    CHECK(m.imports[1].table.element == ValType::externref);
    CHECK(m.imports[1].table.limits.has_max);
    CHECK(m.imports[1].table.limits.max == 10);
    CHECK(m.imports[2].memory.limits.min == 2);
    CHECK(m.imports[3].global.type == ValType::i64);
    CHECK(m.imported_funcs == 1);
    CHECK(m.imported_tables == 1);
    CHECK(m.imported_memories == 1);
    CHECK(m.imported_globals == 1);

    CHECK(m.func_types.size() == 4);
    CHECK(m.func_types[0] == 1);  // the import
    CHECK(m.func_types[3] == 2);
    REQUIRE(m.table_types.size() == 2);
    CHECK(m.table_types[1].element == ValType::funcref);
    CHECK(m.table_types[1].limits.min == 4);
    CHECK(m.memory_types.size() == 1);
    REQUIRE(m.global_types.size() == 5);
    CHECK(m.global_types[1].type == ValType::f64);
    CHECK(m.global_types[1].is_mutable);

    REQUIRE(m.globals.size() == 4);
    CHECK(m.globals[0].init.op == ConstExpr::Op::f64_const);
    CHECK(m.globals[1].init.op == ConstExpr::Op::global_get);
    CHECK(m.globals[1].init.index == 0);
    CHECK(m.globals[2].init.op == ConstExpr::Op::ref_func);
    CHECK(m.globals[2].init.index == 2);
    CHECK(m.globals[3].init.op == ConstExpr::Op::ref_null);
    CHECK(m.globals[3].init.type == ValType::externref);

    REQUIRE(m.exports.size() == 4);
    CHECK(text(m.exports[0].name) == "add");
    CHECK(m.exports[1].kind == ExternKind::memory);
    CHECK(m.exports[2].index == 2);
    CHECK(m.has_start);
    CHECK(m.start == 2);

    REQUIRE(m.elements.size() == 1);
    CHECK(m.elements[0].mode == SegmentMode::active);
    CHECK(m.elements[0].offset.value == 1);
    REQUIRE(m.elements[0].items.size() == 1);
    CHECK(m.elements[0].items[0].op == ConstExpr::Op::ref_func);
    CHECK(m.elements[0].items[0].index == 3);

    CHECK(m.has_data_count);
    CHECK(m.data_count == 2);
    REQUIRE(m.data.size() == 2);
    CHECK(m.data[0].mode == SegmentMode::active);
    CHECK(m.data[0].offset.value == 8);
    CHECK(text(m.data[0].bytes) == "hi");
    CHECK(m.data[1].mode == SegmentMode::passive);
    CHECK(text(m.data[1].bytes) == "there");

    REQUIRE(m.functions.size() == 3);
    CHECK(m.functions[0].type_index == 0);
    CHECK(m.functions[0].local_count == 0);
    REQUIRE(m.functions[1].locals.size() == 2);
    CHECK(m.functions[1].locals[0].count == 3);
    CHECK(m.functions[1].locals[1].type == ValType::f64);
    CHECK(m.functions[1].local_count == 5);
    // A body is its instructions with the final `end`, where the module has them.
    const auto& f0 = m.functions[0];
    CHECK(f0.body.size == 3);
    CHECK(f0.body.data == m.binary.data() + f0.body_offset);
    CHECK(f0.body.data[0] == 0x20);
    CHECK(f0.body.data[f0.body.size - 1] == end);
    CHECK(m.functions[2].body.size == 8);

    // ref.func in a global, an export and an element segment declare.
    REQUIRE(m.declared_refs.size() == 4);
    CHECK_FALSE(m.declared_refs[0]);
    CHECK(m.declared_refs[1]);
    CHECK(m.declared_refs[2]);
    CHECK(m.declared_refs[3]);
}

TEST_CASE("decoder: the module keeps its own copy of the bytes", "[wasm]") {
    Bytes bytes = wasm({one_type, section(2, vec({cat({name("a"), name("b"), {0x00, 0}})})),
                        one_function, exports({cat({name("run"), {0x00, 1}})}), one_body});
    Decoded d = decode(bytes);
    REQUIRE(d.ok);
    std::fill(bytes.begin(), bytes.end(), 0);
    const Module& m = *d.module;
    CHECK(m.binary.size() == bytes.size());
    CHECK(text(m.imports[0].module) == "a");
    CHECK(text(m.exports[0].name) == "run");
    CHECK(points_into(m, m.imports[0].name));
    CHECK(points_into(m, m.exports[0].name));
    CHECK(points_into(m, m.functions[0].body));
}

TEST_CASE("decoder: element segments in each of the eight encodings", "[wasm]") {
    const Bytes offset = cat({i32_const(0), {end}});
    const Bytes null_item = {0xd0, funcref, end};
    const Bytes func_item = {0xd2, 0, end};
    const Bytes bytes = wasm({
        one_type,
        one_function,
        tables({{funcref, 0x00, 1}, {externref, 0x00, 1}}),
        elements({
            cat({{0}, offset, vec({{0}})}),                          // active, table 0
            cat({{1}, {0x00}, vec({{0}, {0}})}),                     // passive
            cat({{2}, {0}, offset, {0x00}, vec({{0}})}),             // active, table index
            cat({{3}, {0x00}, vec({{0}})}),                          // declarative
            cat({{4}, offset, vec({null_item, func_item})}),         // active, expressions
            cat({{5}, {externref}, vec({{0xd0, externref, end}})}),  // passive
            cat({{6}, {1}, offset, {externref}, vec({})}),           // active, table 1
            cat({{7}, {funcref}, vec({func_item})}),                 // declarative
        }),
        one_body,
    });
    Decoded d = decode(bytes);
    INFO(d.error.message);
    REQUIRE(d.ok);
    const auto& e = d.module->elements;
    REQUIRE(e.size() == 8);
    const SegmentMode modes[] = {SegmentMode::active, SegmentMode::passive, SegmentMode::active,
                                 SegmentMode::declarative};
    for (size_t i = 0; i < 8; ++i)
        CHECK(e[i].mode == modes[i % 4]);
    CHECK(e[1].items.size() == 2);
    CHECK(e[1].items[1].op == ConstExpr::Op::ref_func);
    CHECK(e[4].items[0].op == ConstExpr::Op::ref_null);
    CHECK(e[5].type == ValType::externref);
    CHECK(e[6].table == 1);
    CHECK(e[6].type == ValType::externref);
    CHECK(e[7].type == ValType::funcref);
    CHECK(d.module->declared_refs[0]);
}

TEST_CASE("decoder: data segments in each of the three encodings", "[wasm]") {
    const Bytes bytes = wasm({
        memories({{0x00, 1}}),
        data({cat({{0}, i32_const(1), {end}, name("a")}), cat({{1}, name("bc")}),
              cat({{2}, {0}, i32_const(2), {end}, name("")})}),
    });
    Decoded d = decode(bytes);
    REQUIRE(d.ok);
    const auto& segments = d.module->data;
    REQUIRE(segments.size() == 3);
    CHECK(segments[0].mode == SegmentMode::active);
    CHECK(segments[1].mode == SegmentMode::passive);
    CHECK(text(segments[1].bytes) == "bc");
    CHECK(segments[2].mode == SegmentMode::active);
    CHECK(segments[2].offset.value == 2);
    CHECK(segments[2].bytes.size == 0);
}

TEST_CASE("decoder: constant expressions keep their value's bits", "[wasm]") {
    const Bytes bytes = wasm({globals({
        {i32, 0x00, 0x41, 0x7f, end},                    // -1
        {i64, 0x00, 0x42, 0x80, 0x7f, end},              // -128
        {f32, 0x00, 0x43, 0x00, 0x00, 0xc0, 0x7f, end},  // NaN
    })});
    Decoded d = decode(bytes);
    REQUIRE(d.ok);
    const auto& g = d.module->globals;
    CHECK(g[0].init.value == 0xffffffffu);  // an i32 zero-extended
    CHECK(g[1].init.value == static_cast<uint64_t>(-128));
    CHECK(g[2].init.value == 0x7fc00000u);
}

TEST_CASE("decoder: the preamble: magic and version", "[wasm]") {
    require_malformed({}, "unexpected end");
    require_malformed({0x00, 0x61, 0x73}, "unexpected end");
    require_malformed({0x00, 0x61, 0x73, 0x6d}, "unexpected end");
    require_malformed({0x00, 0x41, 0x53, 0x4d, 1, 0, 0, 0}, "magic header not detected");
    require_malformed({0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0}, "unknown binary version");
    require_malformed({0x00, 0x61, 0x73, 0x6d, 0x0d, 0, 0, 0}, "unknown binary version");
}

TEST_CASE("decoder: sections: ids, order, sizes", "[wasm]") {
    SECTION("an unknown id") {
        require_malformed(wasm({section(13, {})}), "malformed section id");
        require_malformed(wasm({{0x80, 0x00}}), "malformed section id");
    }
    SECTION("out of order, or twice") {
        require_malformed(wasm({one_function, one_type}), "unexpected content after last section");
        require_malformed(wasm({one_type, one_type}), "unexpected content after last section");
        require_malformed(wasm({section(8, {0}), section(8, {0})}),
                          "unexpected content after last section");
        // The data count section comes between the element and code sections.
        require_malformed(wasm({one_type, one_function, one_body, section(12, {0})}),
                          "unexpected content after last section");
    }
    SECTION("a size or a count past the end of the module") {
        require_malformed(wasm({{1, 7, 2, 0x60, 0, 0}}), "length out of bounds");
        // Counts are bounded by the bytes left, before anything is allocated.
        require_malformed(wasm({{1, 5, 0xff, 0xff, 0xff, 0xff, 0x0f}}), "length out of bounds");
    }
    SECTION("a size that does not match the contents") {
        require_malformed(wasm({{1, 7, 1, 0x60, 0, 0, 0x60, 0, 0}}), "section size mismatch");
        require_malformed(wasm({{1, 2, 1, 0x60, 0, 0}}), "section size mismatch");
    }
    SECTION("contents past the end of the module") {
        require_malformed(wasm({{4, 1, 1}}), "unexpected end of section or function");
    }
    SECTION("the offset of the error is where it was found") {
        Error e = refused(wasm({one_type, section(14, {})}));
        CHECK(e.offset == 8 + one_type.size());
    }
}

TEST_CASE("decoder: custom sections may be anywhere, and their names must be UTF-8", "[wasm]") {
    const Bytes custom = section(0, cat({name("\xe2\x82\xac \xf0\x9f\x94\xa5"), {0xff, 0x00}}));
    Decoded d = decode(wasm({custom, one_type, custom, one_function, custom, section(12, {0}),
                             custom, one_body, custom}));
    CHECK(d.ok);
    require_malformed(wasm({section(0, name("\xc0\x80"))}), "malformed UTF-8 encoding");
    require_malformed(wasm({section(0, name("\xed\xa0\x80"))}), "malformed UTF-8 encoding");
    require_malformed(wasm({section(0, name("\xf4\x90\x80\x80"))}), "malformed UTF-8 encoding");
    require_malformed(wasm({section(0, name("\x80"))}), "malformed UTF-8 encoding");
    require_malformed(wasm({section(0, {})}), "unexpected end");
    // A name longer than its section.
    require_malformed(wasm({{0x00, 0x01, 0x05, 'a', 'b', 'c', 'd', 'e'}}), "unexpected end");
}

TEST_CASE("decoder: LEB128 numbers: too long, too large", "[wasm]") {
    require_malformed(wasm({memories({{0x00, 0x82, 0x80, 0x80, 0x80, 0x80, 0x00}})}),
                      "integer representation too long");
    require_malformed(wasm({memories({{0x00, 0x82, 0x80, 0x80, 0x80, 0x10}})}),
                      "integer too large");
    require_malformed(wasm({globals({{i32, 0x00, 0x41, 0x80, 0x80, 0x80, 0x80, 0x70, end}})}),
                      "integer too large");
    require_malformed(wasm({globals({{i64, 0x00, 0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
                                      0x80, 0x80, 0x80, 0x00, end}})}),
                      "integer representation too long");
}

TEST_CASE("decoder: types", "[wasm]") {
    require_malformed(wasm({types({{0x61, 0, 0}})}), "malformed function type");
    require_malformed(wasm({types({{0xe0, 0x7f, 0, 0}})}), "integer representation too long");
    require_malformed(wasm({types({{0x60, 1, 0x40, 0}})}), "malformed reference type");
    require_malformed(wasm({types({{0x60, 1, 0x7a, 0}})}), "malformed number type");
    require_invalid(wasm({types({{0x60, 1, v128, 0}})}), "SIMD is not supported");
    // Multiple results (multi-value) are allowed.
    CHECK(decode(wasm({types({func_type({}, {{i32}, {i64}, {f64}})})})).ok);
}

TEST_CASE("decoder: imports", "[wasm]") {
    auto import = [](const Bytes& description) {
        return section(2, vec({cat({name("m"), name("n"), description})}));
    };
    require_malformed(wasm({import({0x04, 0})}), "malformed import kind");
    require_malformed(wasm({section(2, vec({cat({name("\xff"), name("n"), {0x00, 0}})}))}),
                      "malformed UTF-8 encoding");
    require_malformed(wasm({import({0x03, i32, 0x02})}), "malformed mutability");
    require_malformed(wasm({import({0x02, 0x02, 0})}), "integer too large");
    require_malformed(wasm({import({0x02, 0x81, 0x00, 0})}), "integer representation too long");
    require_malformed(wasm({import({0x01, i32, 0x00, 0})}), "malformed reference type");
    require_invalid(wasm({import({0x00, 0})}), "unknown type");
}

TEST_CASE("decoder: functions: type indices, and as many bodies as functions", "[wasm]") {
    require_invalid(wasm({one_type, functions({{1}}), one_body}), "unknown type");
    require_malformed(wasm({one_type, functions({{0}, {0}}), one_body}),
                      "function and code section have inconsistent lengths");
    require_malformed(wasm({one_type, one_function}),
                      "function and code section have inconsistent lengths");
    require_malformed(wasm({code({empty_body})}),
                      "function and code section have inconsistent lengths");
    require_malformed(wasm({one_type, one_function, code({empty_body, empty_body})}),
                      "function and code section have inconsistent lengths");
}

TEST_CASE("decoder: locals", "[wasm]") {
    const Bytes two_params = types({func_type({{i32}, {i32}}, {})});
    auto with_locals = [&](std::initializer_list<Bytes> runs) {
        return wasm({two_params, one_function, code({body(runs, {end})})});
    };
    CHECK(decode(with_locals({cat({leb(49998), {i64}})})).ok);
    require_malformed(with_locals({cat({leb(49999), {i64}})}), "too many locals");
    require_malformed(with_locals({cat({leb(0xffffffff), {i32}})}), "too many locals");
    require_malformed(with_locals({cat({leb(0x40000000), {i32}}), cat({leb(0x40000000), {i64}}),
                                   cat({leb(0x40000000), {f32}}), cat({leb(0x40000000), {f64}})}),
                      "too many locals");
    require_malformed(with_locals({{1, 0x40}}), "malformed reference type");
    require_invalid(with_locals({{1, v128}}), "SIMD is not supported");
    // Locals that run past the body's size.
    require_malformed(wasm({one_type, one_function, code({{2, 1, 1, i32}})}),
                      "section size mismatch");
}

TEST_CASE("decoder: tables and memories: limits", "[wasm]") {
    CHECK(decode(wasm({memories({{0x01, 0, 0x80, 0x80, 0x04}})})).ok);  // 65536 pages
    require_invalid(wasm({memories({{0x00, 0x81, 0x80, 0x04}})}),
                    "memory size must be at most 65536 pages (4GiB)");
    require_invalid(wasm({memories({{0x01, 0, 0x81, 0x80, 0x04}})}),
                    "memory size must be at most 65536 pages (4GiB)");
    require_invalid(wasm({memories({{0x01, 2, 1}})}),
                    "size minimum must not be greater than maximum");
    require_invalid(wasm({tables({{funcref, 0x01, 2, 1}})}),
                    "size minimum must not be greater than maximum");
    CHECK(decode(wasm({tables({{funcref, 0x01, 0, 0xff, 0xff, 0xff, 0xff, 0x0f}})})).ok);
    SECTION("at most one memory in Wasm 2.0") {
        require_invalid(wasm({memories({{0x00, 0}, {0x00, 0}})}), "multiple memories");
        require_invalid(wasm({section(2, vec({cat({name("m"), name("n"), {0x02, 0x00, 0}})})),
                              memories({{0x00, 0}})}),
                        "multiple memories");
    }
    SECTION("several tables") {
        Decoded d = decode(wasm({tables({{funcref, 0x00, 0}, {externref, 0x00, 0}})}));
        CHECK(d.ok);
        CHECK(d.module->table_types.size() == 2);
    }
}

TEST_CASE("decoder: globals and constant expressions", "[wasm]") {
    auto global = [](uint8_t type, const Bytes& init) {
        return wasm({globals({cat({{type, 0x00}, init})})});
    };
    const Bytes imported_globals =
        section(2, vec({cat({name("m"), name("c"), {0x03, i32, 0x00}}),
                        cat({name("m"), name("v"), {0x03, i32, 0x01}})}));
    auto global_after_imports = [&](const Bytes& init) {
        return wasm({imported_globals, globals({cat({{i32, 0x00}, init})})});
    };
    require_malformed(wasm({globals({{i32, 0x02, 0x41, 0, end}})}), "malformed mutability");
    require_invalid(global(i32, {0x42, 0, end}), "type mismatch");
    require_invalid(global(i32, {0x41, 0, 0x41, 1, end}), "type mismatch");
    require_invalid(global(i32, {end}), "type mismatch");
    require_invalid(global(funcref, {0xd0, externref, end}), "type mismatch");
    require_invalid(global(i32, {0x41, 0, 0x41, 1, 0x6a, end}), "constant expression required");
    require_invalid(global(i32, {0x01, end}), "constant expression required");
    require_invalid(global(i32, {0xfc, 0x00, end}), "constant expression required");
    require_invalid(global(i32, {0xfd, 0x0c, end}), "SIMD is not supported");
    require_malformed(global(i32, {0x41, 0, 0x05, end}), "END opcode expected");
    require_malformed(global(i32, {0xf3, end}), "illegal opcode");
    require_malformed(global(i32, {0xfc, 0x12, end}), "illegal opcode");
    require_malformed(global(i32, {0xd0, 0x7f, end}), "malformed reference type");
    require_malformed(wasm({{6, 4, 1, i32, 0x00, 0x41}}), "unexpected end");
    require_invalid(global(funcref, {0xd2, 0, end}), "unknown function 0");
    require_invalid(global(i32, {0x23, 0, end}), "unknown global 0");
    SECTION("global.get of an imported immutable global only") {
        CHECK(decode(global_after_imports({0x23, 0, end})).ok);
        require_invalid(global_after_imports({0x23, 1, end}), "constant expression required");
        require_invalid(global_after_imports({0x23, 2, end}), "unknown global 2");
        // A module's own globals are not in scope of constant expressions.
        require_invalid(wasm({imported_globals,
                              globals({{i32, 0x00, 0x41, 0, end}, {i32, 0x00, 0x23, 2, end}})}),
                        "unknown global 2");
    }
}

TEST_CASE("decoder: exports", "[wasm]") {
    auto export_of = [](uint8_t kind, uint8_t index) {
        return exports({cat({name("x"), {kind, index}})});
    };
    require_malformed(wasm({export_of(0x04, 0)}), "malformed export kind");
    require_invalid(wasm({export_of(0x00, 0)}), "unknown function 0");
    require_invalid(wasm({export_of(0x01, 0)}), "unknown table 0");
    require_invalid(wasm({export_of(0x02, 0)}), "unknown memory 0");
    require_invalid(wasm({export_of(0x03, 0)}), "unknown global 0");
    require_invalid(wasm({one_type, one_function,
                          exports({cat({name("a"), {0x00, 0}}), cat({name("b"), {0x00, 0}}),
                                   cat({name("a"), {0x00, 0}})}),
                          one_body}),
                    "duplicate export name");
    SECTION("many distinct names") {
        Bytes entries = leb(1000);
        for (int i = 0; i < 1000; ++i) {
            Bytes entry = cat({name("f" + std::to_string(i)), {0x00, 0}});
            entries.insert(entries.end(), entry.begin(), entry.end());
        }
        CHECK(decode(wasm({one_type, one_function, section(7, entries), one_body})).ok);
    }
}

TEST_CASE("decoder: the start function exists and has type [] -> []", "[wasm]") {
    CHECK(decode(wasm({one_type, one_function, section(8, {0}), one_body})).ok);
    require_invalid(wasm({one_type, one_function, section(8, {1}), one_body}),
                    "unknown function 1");
    require_invalid(
        wasm({types({func_type({{i32}}, {})}), one_function, section(8, {0}), code({empty_body})}),
        "start function");
    require_invalid(wasm({types({func_type({}, {{i32}})}), one_function, section(8, {0}),
                          code({body({}, {0x41, 0, end})})}),
                    "start function");
}

TEST_CASE("decoder: element segments: encodings, tables, items", "[wasm]") {
    const Bytes offset = cat({i32_const(0), {end}});
    const Bytes funcref_table = tables({{funcref, 0x00, 1}});
    auto with_elements = [&](const Bytes& segment) {
        return wasm({one_type, one_function, funcref_table, elements({segment}), one_body});
    };
    require_malformed(with_elements({8}), "malformed elements segment kind");
    require_malformed(with_elements(cat({{1}, {0x01}, vec({})})), "malformed element kind");
    require_malformed(with_elements(cat({{5}, {0x7f}, vec({})})), "malformed reference type");
    require_malformed(with_elements(cat({{5}, {funcref}, vec({{0xf3, 0, end}})})),
                      "illegal opcode");
    require_invalid(with_elements(cat({{2}, {1}, offset, {0x00}, vec({})})), "unknown table 1");
    require_invalid(wasm({elements({cat({{0}, offset, vec({})})})}), "unknown table 0");
    require_invalid(with_elements(cat({{6}, {0}, offset, {externref}, vec({})})), "type mismatch");
    require_invalid(with_elements(cat({{0}, {0x42, 0, end}, vec({})})), "type mismatch");
    require_invalid(with_elements(cat({{1}, {0x00}, vec({{1}})})), "unknown function 1");
    require_invalid(with_elements(cat({{5}, {funcref}, vec({{0xd0, externref, end}})})),
                    "type mismatch");
}

TEST_CASE("decoder: data segments and the data count", "[wasm]") {
    const Bytes memory = memories({{0x00, 1}});
    const Bytes offset = cat({i32_const(0), {end}});
    require_malformed(wasm({memory, data({cat({{3}, name("")})})}), "malformed data segment kind");
    require_invalid(wasm({data({cat({{0}, offset, name("")})})}), "unknown memory 0");
    require_invalid(wasm({memory, data({cat({{2}, {1}, offset, name("")})})}), "unknown memory 1");
    require_invalid(wasm({memory, data({cat({{0}, {0x42, 0, end}, name("")})})}), "type mismatch");
    require_malformed(wasm({memory, data({cat({{1}, {5, 'a'}})})}), "length out of bounds");
    require_malformed(wasm({memory, {11, 4, 1, 1, 2, 'a'}}), "unexpected end");
    SECTION("the data count matches the data section") {
        Decoded d = decode(wasm({section(12, {1}), data({cat({{1}, name("a")})})}));
        CHECK(d.ok);
        CHECK(d.module->has_data_count);
        require_malformed(wasm({section(12, {2}), data({cat({{1}, name("a")})})}),
                          "data count and data section have inconsistent lengths");
        require_malformed(wasm({section(12, {1})}),
                          "data count and data section have inconsistent lengths");
    }
}

TEST_CASE("decoder: a malformed module is malformed even when it is also invalid", "[wasm]") {
    // The spec decodes the whole module before validating it.
    require_malformed(wasm({one_type, one_function,
                            exports({cat({name("a"), {0x00, 0}}), cat({name("a"), {0x00, 0}})}),
                            one_body, data({{3}})}),
                      "malformed data segment kind");
    require_malformed(wasm({memories({{0x00, 0}, {0x00, 0}}), section(13, {})}),
                      "malformed section id");
}
