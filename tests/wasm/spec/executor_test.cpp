// The executor's verdicts on hand-made command streams: it passes what the
// script asserts and fails what it does not, with a reason that says why.
#include "tests/wasm/spec/executor.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "tests/wasm/spec/byte_stream.hpp"
#include "tests/wasm/spec/command_stream.hpp"
#include "tests/wasm/spec/script_report.hpp"

using namespace ember::wasm;
using namespace ember::wasm::spec;

namespace {

// (func (export "f") (result i32) (i32.const 42))
// (func (export "nan") (result f32) (f32.const nan))
// (func (export "trap") (result i32) (unreachable))
const std::vector<uint8_t> functions_module = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,                    // header
    0x01, 0x09, 0x02, 0x60, 0x00, 0x01, 0x7f, 0x60, 0x00, 0x01, 0x7d,  // types
    0x03, 0x04, 0x03, 0x00, 0x01, 0x00,                                // functions
    0x07, 0x12, 0x03, 0x01, 'f',  0x00, 0x00, 0x03, 'n',  'a',  'n',
    0x00, 0x01, 0x04, 't',  'r',  'a',  'p',  0x00, 0x02,  // exports
    0x0a, 0x12, 0x03, 0x04, 0x00, 0x41, 0x2a, 0x0b, 0x07, 0x00, 0x43,
    0x00, 0x00, 0xc0, 0x7f, 0x0b, 0x03, 0x00, 0x00, 0x0b};  // code

// (import "spectest" "global_i32" (global i32)) (export "g" (global 0))
const std::vector<uint8_t> spectest_module = {
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x02, 0x18, 0x01, 0x08, 's', 'p',
    'e',  'c',  't',  'e',  's',  't',  0x0a, 'g',  'l',  'o',  'b',  'a',  'l', '_',
    'i',  '3',  '2',  0x03, 0x7f, 0x00, 0x07, 0x05, 0x01, 0x01, 'g',  0x03, 0x00};

class Script {
  public:
    void module(const std::vector<uint8_t>& binary) {
        header(CommandKind::module);
        string("");
        out_.string(binary.data(), static_cast<uint32_t>(binary.size()));
    }
    void assert_return(ActionKind kind, const std::string& field, ValType type, ValueMatch match,
                       uint64_t slot) {
        header(CommandKind::assert_return);
        action(kind, field);
        out_.u32(1);
        out_.u8(static_cast<uint8_t>(type));
        out_.u8(static_cast<uint8_t>(match));
        out_.u64(slot);
    }
    void assert_trap(const std::string& field, const std::string& text) {
        header(CommandKind::assert_trap);
        action(ActionKind::invoke, field);
        string(text);
    }
    void assert_refused(CommandKind kind, const std::vector<uint8_t>& binary,
                        const std::string& text) {
        header(kind);
        out_.string(binary.data(), static_cast<uint32_t>(binary.size()));
        string(text);
    }
    void excluded() {
        header(CommandKind::excluded);
        out_.u8(static_cast<uint8_t>(CommandKind::assert_malformed));
        string("text format: unknown operator");
    }

    // The whole stream, cut short by `missing` bytes.
    ScriptReport run(size_t missing = 0) {
        ByteWriter stream;
        stream.u32(command_stream_magic);
        stream.u32(command_stream_version);
        stream.u32(count_);
        std::vector<uint8_t> bytes(stream.bytes().begin(), stream.bytes().end());
        bytes.insert(bytes.end(), out_.bytes().begin(), out_.bytes().end() - missing);
        Vec<uint8_t> results;
        run_script(bytes.data(), bytes.size(), ExecutorLimits{}, results);
        return read_results({results.data(), results.size()});
    }

  private:
    void header(CommandKind kind) {
        out_.u8(static_cast<uint8_t>(kind));
        out_.u32(++count_);  // the line: the command's number
    }
    void action(ActionKind kind, const std::string& field) {
        out_.u8(static_cast<uint8_t>(kind));
        string("");
        string(field);
        out_.u32(0);
    }
    void string(const std::string& text) {
        out_.string(text.data(), static_cast<uint32_t>(text.size()));
    }

    ByteWriter out_;
    uint32_t count_ = 0;
};

}  // namespace

TEST_CASE("executor: assert_return passes the expected value and fails another") {
    Script script;
    script.module(functions_module);
    script.assert_return(ActionKind::invoke, "f", ValType::i32, ValueMatch::exact, 42);
    script.assert_return(ActionKind::invoke, "f", ValType::i32, ValueMatch::exact, 43);
    script.assert_return(ActionKind::invoke, "f", ValType::i64, ValueMatch::exact, 42);
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 4);
    CHECK(report.passed == 2);
    CHECK(report.results[2].reason == "result 0: got i32 0x0000002a, expected i32 0x0000002b");
    CHECK(report.results[3].outcome == Outcome::fail);
}

TEST_CASE("executor: NaN patterns") {
    Script script;
    script.module(functions_module);
    script.assert_return(ActionKind::invoke, "nan", ValType::f32, ValueMatch::canonical_nan, 0);
    script.assert_return(ActionKind::invoke, "nan", ValType::f32, ValueMatch::arithmetic_nan, 0);
    script.assert_return(ActionKind::invoke, "nan", ValType::f64, ValueMatch::canonical_nan, 0);
    script.assert_return(ActionKind::invoke, "f", ValType::i32, ValueMatch::arithmetic_nan, 0);
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 5);
    CHECK(report.passed == 3);
    CHECK(report.results[3].reason == "result 0: got f32 0x7fc00000, expected f64 nan:canonical");
    CHECK(report.results[4].outcome == Outcome::fail);
}

TEST_CASE("executor: assert_trap needs the trap it names") {
    Script script;
    script.module(functions_module);
    script.assert_trap("trap", "unreachable");
    script.assert_trap("trap", "integer overflow");
    script.assert_trap("f", "unreachable");
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 4);
    CHECK(report.results[1].outcome == Outcome::pass);
    CHECK(report.results[2].reason == "trapped \"unreachable\", expected \"integer overflow\"");
    CHECK(report.results[3].reason == "returned, expected the trap \"unreachable\"");
}

TEST_CASE("executor: refused modules must fail at the stage and with the message named") {
    Script script;
    const std::vector<uint8_t> not_wasm = {'n', 'o', 'p', 'e', 1, 0, 0, 0};
    script.assert_refused(CommandKind::assert_malformed, not_wasm, "magic header not detected");
    script.assert_refused(CommandKind::assert_invalid, not_wasm, "magic header not detected");
    script.assert_refused(CommandKind::assert_malformed, not_wasm, "unexpected end");
    script.assert_refused(CommandKind::assert_invalid, functions_module, "type mismatch");
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 4);
    CHECK(report.results[0].outcome == Outcome::pass);
    CHECK(report.passed == 1);
    CHECK(report.results[3].reason == "instantiated, expected invalid \"type mismatch\"");
}

TEST_CASE("executor: the spectest module's globals, and get") {
    Script script;
    script.module(spectest_module);
    script.assert_return(ActionKind::get, "g", ValType::i32, ValueMatch::exact, 666);
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 2);
    CHECK(report.passed == 2);
}

TEST_CASE("executor: commands before any module fail, excluded ones are counted apart") {
    Script script;
    script.assert_trap("trap", "unreachable");
    script.excluded();
    const ScriptReport report = script.run();
    REQUIRE(report.commands() == 2);
    CHECK(report.results[0].reason == "no module defined yet");
    CHECK(report.excluded == 1);
    CHECK(report.results[1].reason == "text format: unknown operator");
}

TEST_CASE("executor: a broken command stream ends with a failure that says where") {
    Script script;
    script.module(functions_module);
    script.assert_return(ActionKind::invoke, "f", ValType::i32, ValueMatch::exact, 42);
    const ScriptReport report = script.run(3);
    REQUIRE(report.commands() == 2);
    CHECK(report.results[0].outcome == Outcome::pass);
    CHECK(report.results[1].kind == 0);
    CHECK(report.results[1].reason.starts_with("broken command stream at byte"));
}
