// The decoder on modules it accepts: what each section becomes.
#include <catch2/catch.hpp>

#include <cstring>

#include "module_bytes.hpp"

using namespace ember::wasm;
using namespace ember::wasm::test;

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
    const Binary bytes = wasm({
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
            cat({{f64, 0x01, 0x44}, Binary(8, 0), {end}}),
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
    Binary bytes = wasm({one_type, section(2, vec({cat({name("a"), name("b"), {0x00, 0}})})),
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
    const Binary offset = cat({i32_const(0), {end}});
    const Binary null_item = {0xd0, funcref, end};
    const Binary func_item = {0xd2, 0, end};
    const Binary bytes = wasm({
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
    const Binary bytes = wasm({
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
    const Binary bytes = wasm({globals({
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
