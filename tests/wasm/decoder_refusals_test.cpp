// The decoder on modules it refuses, section by section, with the spec
// tests' messages.
#include <catch2/catch.hpp>

#include "module_bytes.hpp"

using namespace ember::wasm;
using namespace ember::wasm::test;

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
    const Binary custom = section(0, cat({name("\xe2\x82\xac \xf0\x9f\x94\xa5"), {0xff, 0x00}}));
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
    auto import = [](const Binary& description) {
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
    const Binary two_params = types({func_type({{i32}, {i32}}, {})});
    auto with_locals = [&](std::initializer_list<Binary> runs) {
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
    auto global = [](uint8_t type, const Binary& init) {
        return wasm({globals({cat({{type, 0x00}, init})})});
    };
    const Binary imported_globals =
        section(2, vec({cat({name("m"), name("c"), {0x03, i32, 0x00}}),
                        cat({name("m"), name("v"), {0x03, i32, 0x01}})}));
    auto global_after_imports = [&](const Binary& init) {
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
        Binary entries = leb(1000);
        for (int i = 0; i < 1000; ++i) {
            Binary entry = cat({name("f" + std::to_string(i)), {0x00, 0}});
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
    const Binary offset = cat({i32_const(0), {end}});
    const Binary funcref_table = tables({{funcref, 0x00, 1}});
    auto with_elements = [&](const Binary& segment) {
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
    const Binary memory = memories({{0x00, 1}});
    const Binary offset = cat({i32_const(0), {end}});
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
