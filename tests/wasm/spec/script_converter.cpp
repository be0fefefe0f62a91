#include "tests/wasm/spec/script_converter.hpp"

#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/wasm/spec/byte_stream.hpp"
#include "tests/wasm/spec/command_stream.hpp"

namespace ember::wasm::spec {

namespace {

using nlohmann::json;
namespace fs = std::filesystem;

const std::map<std::string, ValType>& value_types() {
    static const std::map<std::string, ValType> types{
        {"i32", ValType::i32}, {"i64", ValType::i64},         {"f32", ValType::f32},
        {"f64", ValType::f64}, {"funcref", ValType::funcref}, {"externref", ValType::externref}};
    return types;
}

ValType value_type(const json& value) {
    const std::string name = value.at("type").get<std::string>();
    const auto it = value_types().find(name);
    if (it == value_types().end()) throw ConversionError("unsupported value type " + name);
    return it->second;
}

uint64_t number(const std::string& text) {
    size_t used = 0;
    const uint64_t value = std::stoull(text, &used, 10);
    if (used != text.size()) throw ConversionError("bad value " + text);
    return value;
}

// wast2json writes numbers as the decimal of their bits, references as
// "null" or the host value N (ref.extern N), which becomes N+1.
uint64_t slot_of(ValType type, const std::string& text) {
    if (!is_ref(type)) return number(text);
    if (text == "null") return 0;
    if (type == ValType::funcref) throw ConversionError("a funcref argument must be null");
    return number(text) + 1;
}

void write_string(ByteWriter& out, const std::string& text) {
    out.string(text.data(), static_cast<uint32_t>(text.size()));
}

std::string optional_string(const json& object, const char* key) {
    return object.contains(key) ? object.at(key).get<std::string>() : std::string();
}

void write_action(ByteWriter& out, const json& action) {
    const std::string type = action.at("type").get<std::string>();
    if (type != "invoke" && type != "get") throw ConversionError("unknown action " + type);
    out.u8(static_cast<uint8_t>(type == "invoke" ? ActionKind::invoke : ActionKind::get));
    write_string(out, optional_string(action, "module"));
    write_string(out, action.at("field").get<std::string>());
    const json args = action.contains("args") ? action.at("args") : json::array();
    out.u32(static_cast<uint32_t>(args.size()));
    for (const json& arg : args) {
        const ValType arg_type = value_type(arg);
        out.u8(static_cast<uint8_t>(arg_type));
        out.u64(slot_of(arg_type, arg.at("value").get<std::string>()));
    }
}

// A reference without a value ("(ref.func)", "(ref.extern)") is any
// non-null one.
void write_expected(ByteWriter& out, const json& value) {
    const ValType type = value_type(value);
    out.u8(static_cast<uint8_t>(type));
    if (!value.contains("value")) {
        if (!is_ref(type)) throw ConversionError("a number without a value");
        out.u8(static_cast<uint8_t>(ValueMatch::non_null));
        out.u64(0);
        return;
    }
    const std::string text = value.at("value").get<std::string>();
    if (text == "nan:canonical" || text == "nan:arithmetic") {
        out.u8(static_cast<uint8_t>(text == "nan:canonical" ? ValueMatch::canonical_nan
                                                            : ValueMatch::arithmetic_nan));
        out.u64(0);
        return;
    }
    out.u8(static_cast<uint8_t>(ValueMatch::exact));
    out.u64(slot_of(type, text));
}

std::string file_contents(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ConversionError("cannot read " + path.string());
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::map<std::string, CommandKind>& refusals() {
    static const std::map<std::string, CommandKind> kinds{
        {"assert_invalid", CommandKind::assert_invalid},
        {"assert_malformed", CommandKind::assert_malformed},
        {"assert_unlinkable", CommandKind::assert_unlinkable},
        {"assert_uninstantiable", CommandKind::assert_uninstantiable}};
    return kinds;
}

class Converter {
  public:
    explicit Converter(fs::path dir) : dir_(std::move(dir)) {}

    void command(const json& command) {
        const std::string type = command.at("type").get<std::string>();
        const auto line = command.at("line").get<uint32_t>();
        if (type == "module") {
            header(CommandKind::module, line);
            write_string(out_, optional_string(command, "name"));
            write_string(out_, module_binary(command));
        } else if (type == "register") {
            header(CommandKind::register_module, line);
            write_string(out_, command.at("as").get<std::string>());
            write_string(out_, optional_string(command, "name"));
        } else if (type == "action") {
            header(CommandKind::action, line);
            write_action(out_, command.at("action"));
        } else if (type == "assert_return") {
            header(CommandKind::assert_return, line);
            write_action(out_, command.at("action"));
            const json& expected = command.at("expected");
            out_.u32(static_cast<uint32_t>(expected.size()));
            for (const json& value : expected)
                write_expected(out_, value);
        } else if (type == "assert_trap" || type == "assert_exhaustion") {
            header(
                type == "assert_trap" ? CommandKind::assert_trap : CommandKind::assert_exhaustion,
                line);
            write_action(out_, command.at("action"));
            write_string(out_, command.at("text").get<std::string>());
        } else if (const auto refusal = refusals().find(type); refusal != refusals().end()) {
            refused(refusal->second, line, command);
        } else {
            throw ConversionError("unknown command " + type + " at line " + std::to_string(line));
        }
    }

    std::vector<uint8_t> finish() {
        ByteWriter stream;
        stream.u32(command_stream_magic);
        stream.u32(command_stream_version);
        stream.u32(count_);
        std::vector<uint8_t> bytes(stream.bytes().begin(), stream.bytes().end());
        bytes.insert(bytes.end(), out_.bytes().begin(), out_.bytes().end());
        return bytes;
    }

  private:
    void header(CommandKind kind, uint32_t line) {
        out_.u8(static_cast<uint8_t>(kind));
        out_.u32(line);
        ++count_;
    }

    // A text-format module (wast2json writes it to a .wat file) needs a
    // text parser to get at what the script asserts: excluded.
    void refused(CommandKind kind, uint32_t line, const json& command) {
        if (command.at("module_type").get<std::string>() == "text") {
            header(CommandKind::excluded, line);
            out_.u8(static_cast<uint8_t>(kind));
            write_string(out_, "text format: " + command.at("text").get<std::string>());
            return;
        }
        header(kind, line);
        write_string(out_, module_binary(command));
        write_string(out_, command.at("text").get<std::string>());
    }

    std::string module_binary(const json& command) const {
        return file_contents(dir_ / command.at("filename").get<std::string>());
    }

    fs::path dir_;
    ByteWriter out_;
    uint32_t count_ = 0;
};

}  // namespace

std::vector<uint8_t> convert_script(const fs::path& json_file) {
    std::ifstream in(json_file);
    if (!in) throw ConversionError("cannot read " + json_file.string());
    json script;
    try {
        script = json::parse(in);
        Converter converter(json_file.parent_path());
        for (const json& command : script.at("commands"))
            converter.command(command);
        return converter.finish();
    } catch (const json::exception& e) {
        throw ConversionError(json_file.string() + ": " + e.what());
    } catch (const std::logic_error& e) {  // std::stoull's
        throw ConversionError(json_file.string() + ": bad number: " + e.what());
    }
}

}  // namespace ember::wasm::spec
