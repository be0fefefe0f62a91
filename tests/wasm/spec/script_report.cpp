#include "tests/wasm/spec/script_report.hpp"

#include "tests/wasm/spec/byte_stream.hpp"
#include "tests/wasm/spec/command_stream.hpp"

namespace ember::wasm::spec {

std::vector<const CommandResult*> ScriptReport::failures() const {
    std::vector<const CommandResult*> out;
    for (const CommandResult& result : results)
        if (result.outcome == Outcome::fail) out.push_back(&result);
    return out;
}

ScriptReport read_results(std::span<const uint8_t> results) {
    ByteReader in(results.data(), results.size());
    const uint32_t magic = in.u32();
    const uint32_t version = in.u32();
    const uint32_t count = in.u32();
    if (!in.ok() || magic != result_stream_magic || version != result_stream_version)
        throw std::runtime_error("not a result stream");
    ScriptReport report;
    for (uint32_t i = 0; i < count; ++i) {
        CommandResult result;
        result.kind = in.u8();
        const uint8_t outcome = in.u8();
        result.line = in.u32();
        const Bytes reason = in.string();
        if (!in.ok() || outcome < static_cast<uint8_t>(Outcome::pass) ||
            outcome > static_cast<uint8_t>(Outcome::excluded))
            throw std::runtime_error("broken result stream at byte " + std::to_string(in.offset()));
        result.outcome = static_cast<Outcome>(outcome);
        result.reason.assign(reinterpret_cast<const char*>(reason.data), reason.size);
        switch (result.outcome) {
            case Outcome::pass:
                ++report.passed;
                break;
            case Outcome::fail:
                ++report.failed;
                break;
            case Outcome::excluded:
                ++report.excluded;
                break;
        }
        report.results.push_back(std::move(result));
    }
    if (!in.at_end()) throw std::runtime_error("bytes after the result stream");
    return report;
}

const char* command_kind_name(uint8_t kind) {
    switch (static_cast<CommandKind>(kind)) {
        case CommandKind::module:
            return "module";
        case CommandKind::register_module:
            return "register";
        case CommandKind::action:
            return "action";
        case CommandKind::assert_return:
            return "assert_return";
        case CommandKind::assert_trap:
            return "assert_trap";
        case CommandKind::assert_exhaustion:
            return "assert_exhaustion";
        case CommandKind::assert_invalid:
            return "assert_invalid";
        case CommandKind::assert_malformed:
            return "assert_malformed";
        case CommandKind::assert_unlinkable:
            return "assert_unlinkable";
        case CommandKind::assert_uninstantiable:
            return "assert_uninstantiable";
        case CommandKind::excluded:
            return "excluded";
    }
    return kind == 0 ? "stream" : "?";
}

}  // namespace ember::wasm::spec
