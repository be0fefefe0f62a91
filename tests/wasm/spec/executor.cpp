#include "tests/wasm/spec/executor.hpp"

#include "tests/wasm/spec/byte_stream.hpp"
#include "tests/wasm/spec/command_stream.hpp"
#include "tests/wasm/spec/spectest_module.hpp"
#include "tests/wasm/spec/value_check.hpp"
#include "tests/wasm/spec/verdict.hpp"

namespace ember::wasm::spec {

namespace {

bool same(Bytes a, Bytes b) {
    return a.size == b.size && memcmp(a.data, b.data, a.size) == 0;
}

bool same(Bytes a, const char* b) {
    return same(a, Bytes{reinterpret_cast<const uint8_t*>(b), static_cast<uint32_t>(strlen(b))});
}

bool starts_with(const char* text, Bytes prefix) {
    return strlen(text) >= prefix.size && memcmp(text, prefix.data, prefix.size) == 0;
}

int length_of(Bytes bytes) {
    return static_cast<int>(bytes.size);
}
const char* chars_of(Bytes bytes) {
    return reinterpret_cast<const char*>(bytes.data);
}

// The engine says only the kind of a trap; a script may add a detail after
// it ("uninitialized element 2"), which the reference interpreter prints.
const char* trap_text(const Trap& trap) {
    if (trap.kind == TrapKind::host && trap.host_message) return trap.host_message;
    return trap_kind_message(trap.kind);
}

bool trap_matches(const Trap& trap, Bytes expected) {
    const char* text = trap_text(trap);
    const size_t length = strlen(text);
    return expected.size >= length && memcmp(expected.data, text, length) == 0;
}

const char* error_kind_name(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::none:
            return "none";
        case ErrorKind::malformed:
            return "malformed";
        case ErrorKind::invalid:
            return "invalid";
        case ErrorKind::unlinkable:
            return "unlinkable";
        case ErrorKind::uninstantiable:
            return "uninstantiable";
    }
    return "?";
}

struct NamedInstance {
    Bytes name;
    Instance* instance;  // null: the module failed
};

struct Action {
    ActionKind kind = ActionKind::invoke;
    Bytes module;
    Bytes field;
    Vec<ValType> arg_types;
    Vec<Slot> args;
};

// The results of an action that ran: values, or the trap that ended it.
struct ActionResult {
    Trap trap;
    Vec<ValType> types;
    Vec<Slot> values;
};

// A module's load, link and instantiation, as far as it got.
struct Attempt {
    Instance* instance = nullptr;
    bool loaded = false;
    Error error;
    Trap trap;
};

bool read_action(ByteReader& in, Action& action) {
    action.kind = static_cast<ActionKind>(in.u8());
    action.module = in.string();
    action.field = in.string();
    const uint32_t count = in.u32();
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        action.arg_types.push_back(static_cast<ValType>(in.u8()));
        action.args.push_back(in.u64());
    }
    return in.ok() && (action.kind == ActionKind::invoke || action.kind == ActionKind::get);
}

class Script {
  public:
    explicit Script(const ExecutorLimits& limits)
        : store_(store_new(store_config(limits))), spectest_(store_) {}
    ~Script() {
        store_free(store_);
        // After the store: a failed instantiation may have left functions
        // of its module in a table that outlived it.
        for (Module* module : modules_)
            module_free(module);
    }
    Script(const Script&) = delete;
    Script& operator=(const Script&) = delete;

    // Runs one command whose kind was read; false when its body is broken.
    bool run(CommandKind kind, ByteReader& in, Verdict& verdict);

  private:
    static StoreConfig store_config(const ExecutorLimits& limits) {
        StoreConfig config;
        config.memory_limit_bytes = limits.memory_limit_bytes;
        config.max_call_depth = limits.max_call_depth;
        config.value_stack_slots = limits.value_stack_slots;
        return config;
    }

    bool module(ByteReader& in, Verdict& verdict);
    bool register_module(ByteReader& in, Verdict& verdict);
    bool assert_return(ByteReader& in, bool has_expected, Verdict& verdict);
    bool assert_trap(ByteReader& in, Verdict& verdict);
    bool assert_refused(CommandKind kind, ByteReader& in, Verdict& verdict);
    bool excluded(ByteReader& in, Verdict& verdict);

    void attempt(Bytes binary, Attempt& out);
    bool link(const Module& module, Vec<Extern>& imports, Error& error);
    bool resolve(Bytes module, Bytes name, Extern& out);
    Instance* find_instance(Bytes name, Verdict& verdict);
    bool perform(const Action& action, ActionResult& outcome, Verdict& verdict);
    bool invoke_export(Instance* instance, const Action& action, ActionResult& outcome,
                       Verdict& verdict);

    Store* store_;
    SpectestModule spectest_;
    Vec<Module*> modules_;
    Vec<NamedInstance> named_;
    Vec<NamedInstance> registered_;
    Instance* current_ = nullptr;
    bool has_current_ = false;
};

bool Script::run(CommandKind kind, ByteReader& in, Verdict& verdict) {
    switch (kind) {
        case CommandKind::module:
            return module(in, verdict);
        case CommandKind::register_module:
            return register_module(in, verdict);
        case CommandKind::action:
            return assert_return(in, false, verdict);
        case CommandKind::assert_return:
            return assert_return(in, true, verdict);
        case CommandKind::assert_trap:
        case CommandKind::assert_exhaustion:
            return assert_trap(in, verdict);
        case CommandKind::assert_invalid:
        case CommandKind::assert_malformed:
        case CommandKind::assert_unlinkable:
        case CommandKind::assert_uninstantiable:
            return assert_refused(kind, in, verdict);
        case CommandKind::excluded:
            return excluded(in, verdict);
    }
    return false;
}

bool Script::module(ByteReader& in, Verdict& verdict) {
    const Bytes name = in.string();
    const Bytes binary = in.string();
    if (!in.ok()) return false;
    Attempt attempt;
    this->attempt(binary, attempt);
    if (!attempt.instance)
        verdict.fail("module: %s: %s", error_kind_name(attempt.error.kind), attempt.error.message);
    current_ = attempt.instance;
    has_current_ = true;
    if (name.size) named_.push_back({name, attempt.instance});
    return true;
}

bool Script::register_module(ByteReader& in, Verdict& verdict) {
    const Bytes as = in.string();
    const Bytes name = in.string();
    if (!in.ok()) return false;
    Instance* instance = find_instance(name, verdict);
    if (instance) registered_.push_back({as, instance});
    return true;
}

// Also runs a plain action (no expected values in the stream), which must
// just not trap.
bool Script::assert_return(ByteReader& in, bool has_expected, Verdict& verdict) {
    Action action;
    if (!read_action(in, action)) return false;
    const uint32_t count = has_expected ? in.u32() : 0;
    Vec<Expected> expected;
    for (uint32_t i = 0; i < count && in.ok(); ++i) {
        Expected value;
        value.type = static_cast<ValType>(in.u8());
        value.match = static_cast<ValueMatch>(in.u8());
        value.slot = in.u64();
        expected.push_back(value);
    }
    if (!in.ok()) return false;

    ActionResult outcome;
    if (!perform(action, outcome, verdict)) return true;
    if (outcome.trap) {
        verdict.fail("trapped: %s", trap_text(outcome.trap));
        return true;
    }
    if (!has_expected) return true;
    if (outcome.values.size() != expected.size()) {
        verdict.fail("%zu results, expected %zu", outcome.values.size(), expected.size());
        return true;
    }
    for (size_t i = 0; i < expected.size(); ++i) {
        if (value_matches(expected[i], outcome.types[i], outcome.values[i])) continue;
        char got[48], want[48];
        format_value(outcome.types[i], outcome.values[i], got, sizeof got);
        format_expected(expected[i], want, sizeof want);
        verdict.fail("result %zu: got %s, expected %s", i, got, want);
        break;
    }
    return true;
}

bool Script::assert_trap(ByteReader& in, Verdict& verdict) {
    Action action;
    if (!read_action(in, action)) return false;
    const Bytes text = in.string();
    if (!in.ok()) return false;
    ActionResult outcome;
    if (!perform(action, outcome, verdict)) return true;
    if (!outcome.trap)
        verdict.fail("returned, expected the trap \"%.*s\"", length_of(text), chars_of(text));
    else if (!trap_matches(outcome.trap, text))
        verdict.fail("trapped \"%s\", expected \"%.*s\"", trap_text(outcome.trap), length_of(text),
                     chars_of(text));
    return true;
}

// assert_invalid, assert_malformed, assert_unlinkable and
// assert_uninstantiable: the module must fail at the stage the command
// names, with a message that starts as the script's does (the reference
// interpreter's rule).
bool Script::assert_refused(CommandKind kind, ByteReader& in, Verdict& verdict) {
    const Bytes binary = in.string();
    const Bytes text = in.string();
    if (!in.ok()) return false;
    ErrorKind want = ErrorKind::invalid;
    if (kind == CommandKind::assert_malformed) want = ErrorKind::malformed;
    if (kind == CommandKind::assert_unlinkable) want = ErrorKind::unlinkable;
    if (kind == CommandKind::assert_uninstantiable) want = ErrorKind::uninstantiable;

    Attempt attempt;
    this->attempt(binary, attempt);
    if (attempt.instance) {
        verdict.fail("instantiated, expected %s \"%.*s\"", error_kind_name(want), length_of(text),
                     chars_of(text));
        return true;
    }
    if (attempt.error.kind != want) {
        verdict.fail("%s (%s), expected %s \"%.*s\"", error_kind_name(attempt.error.kind),
                     attempt.error.message, error_kind_name(want), length_of(text), chars_of(text));
        return true;
    }
    const bool matches =
        attempt.trap ? trap_matches(attempt.trap, text) : starts_with(attempt.error.message, text);
    if (!matches)
        verdict.fail("%s \"%s\", expected \"%.*s\"", error_kind_name(want), attempt.error.message,
                     length_of(text), chars_of(text));
    return true;
}

bool Script::excluded(ByteReader& in, Verdict& verdict) {
    in.u8();
    const Bytes why = in.string();
    if (!in.ok()) return false;
    verdict.outcome = Outcome::excluded;
    snprintf(verdict.reason, sizeof verdict.reason, "%.*s", length_of(why), chars_of(why));
    return true;
}

void Script::attempt(Bytes binary, Attempt& out) {
    Module* module = module_load(binary.data, binary.size, out.error);
    if (!module) return;
    out.loaded = true;
    modules_.push_back(module);
    Vec<Extern> imports;
    if (!link(*module, imports, out.error)) return;
    out.instance = instantiate(store_, module, imports.data(),
                               static_cast<uint32_t>(imports.size()), out.error, &out.trap);
}

bool Script::link(const Module& module, Vec<Extern>& imports, Error& error) {
    for (const Import& import : module.imports) {
        Extern object;
        if (!resolve(import.module, import.name, object)) {
            error.set(ErrorKind::unlinkable, 0, "unknown import \"%.*s\" \"%.*s\"",
                      length_of(import.module), chars_of(import.module), length_of(import.name),
                      chars_of(import.name));
            return false;
        }
        imports.push_back(object);
    }
    return true;
}

// The latest registration of a name wins, as in the reference interpreter.
bool Script::resolve(Bytes module, Bytes name, Extern& out) {
    for (size_t i = registered_.size(); i-- > 0;) {
        if (same(registered_[i].name, module))
            return instance_export(registered_[i].instance, chars_of(name), name.size, out);
    }
    return same(module, "spectest") && spectest_.lookup(name, out);
}

// The module of that name, or the latest module when the name is empty.
Instance* Script::find_instance(Bytes name, Verdict& verdict) {
    if (!name.size) {
        if (!current_)
            verdict.fail("%s", has_current_ ? "the latest module failed" : "no module defined yet");
        return current_;
    }
    for (size_t i = named_.size(); i-- > 0;) {
        if (!same(named_[i].name, name)) continue;
        if (!named_[i].instance)
            verdict.fail("module %.*s failed", length_of(name), chars_of(name));
        return named_[i].instance;
    }
    verdict.fail("no module %.*s", length_of(name), chars_of(name));
    return nullptr;
}

// False (with the verdict failed) when the action cannot be tried at all.
bool Script::perform(const Action& action, ActionResult& outcome, Verdict& verdict) {
    Instance* instance = find_instance(action.module, verdict);
    if (!instance) return false;
    if (action.kind == ActionKind::invoke) return invoke_export(instance, action, outcome, verdict);
    Extern object;
    if (!instance_export(instance, chars_of(action.field), action.field.size, object) ||
        object.kind != ExternKind::global) {
        verdict.fail("no global export \"%.*s\"", length_of(action.field), chars_of(action.field));
        return false;
    }
    const auto* global = static_cast<const Global*>(object.object);
    outcome.types.push_back(global_type(global).type);
    outcome.values.push_back(global_get(global));
    return true;
}

bool Script::invoke_export(Instance* instance, const Action& action, ActionResult& outcome,
                           Verdict& verdict) {
    Extern object;
    if (!instance_export(instance, chars_of(action.field), action.field.size, object) ||
        object.kind != ExternKind::func) {
        verdict.fail("no function export \"%.*s\"", length_of(action.field),
                     chars_of(action.field));
        return false;
    }
    auto* func = static_cast<Func*>(object.object);
    const FuncType& type = func_type(func);
    bool args_fit = type.params.size() == action.args.size();
    for (size_t i = 0; args_fit && i < type.params.size(); ++i)
        args_fit = type.params[i] == action.arg_types[i];
    if (!args_fit) {
        verdict.fail("the arguments do not fit \"%.*s\"", length_of(action.field),
                     chars_of(action.field));
        return false;
    }
    outcome.values.resize(type.results.size());
    for (ValType result : type.results)
        outcome.types.push_back(result);
    outcome.trap = invoke(store_, func, action.args.data(), outcome.values.data());
    return true;
}

void write_result(ByteWriter& out, uint8_t kind, uint32_t line, const Verdict& verdict) {
    out.u8(kind);
    out.u8(static_cast<uint8_t>(verdict.outcome));
    out.u32(line);
    out.string(verdict.reason, verdict.outcome == Outcome::pass
                                   ? 0
                                   : static_cast<uint32_t>(strlen(verdict.reason)));
}

}  // namespace

void run_script(const uint8_t* commands, size_t size, const ExecutorLimits& limits,
                Vec<uint8_t>& results) {
    ByteReader in(commands, size);
    ByteWriter out;
    out.u32(result_stream_magic);
    out.u32(result_stream_version);
    const size_t count_at = out.size();
    out.u32(0);
    uint32_t written = 0;

    const uint32_t magic = in.u32();
    const uint32_t version = in.u32();
    const uint32_t count = in.u32();
    bool broken = !in.ok() || magic != command_stream_magic || version != command_stream_version;
    if (!broken) {
        Script script(limits);
        for (uint32_t i = 0; i < count && !broken; ++i) {
            const uint8_t kind = in.u8();
            const uint32_t line = in.u32();
            Verdict verdict;
            broken = !in.ok() || kind == 0 || kind > command_kind_last ||
                     !script.run(static_cast<CommandKind>(kind), in, verdict);
            if (broken) break;
            write_result(out, kind, line, verdict);
            ++written;
        }
    }
    if (broken || !in.at_end()) {
        Verdict verdict;
        verdict.fail("broken command stream at byte %zu", in.offset());
        write_result(out, 0, 0, verdict);
        ++written;
    }
    out.patch_u32(count_at, written);
    results = std::move(out.bytes());
}

}  // namespace ember::wasm::spec
