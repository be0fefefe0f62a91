// The guest runs in ring 3: every privileged act ends its call as a typed
// fault that names it, and the next call on the same sandbox is clean.
#include "sandbox/sandbox.hpp"

#include "guest_fixture.hpp"

using namespace ember;
using namespace ember::test;
using Catch::Matchers::Contains;
using sandbox::GuestErrorKind;

TEST_CASE("privileged instructions are typed faults and leave nothing behind", "[kvm][privilege]") {
    REQUIRE_KVM();
    const std::pair<const char*, const char*> cases[] = {
        {"cr0", "general protection fault at rip 0x"},
        {"cr0", "privileged instruction mov to or from a control register"},
        {"cr3", "privileged instruction mov to or from a control register"},
        {"cr4", "privileged instruction mov to or from a control register"},
        {"dr7", "privileged instruction mov to or from a debug register"},
        {"wrmsr", "privileged instruction wrmsr"},
        {"rdmsr", "privileged instruction rdmsr"},
        {"lgdt", "privileged instruction lgdt"},
        {"lidt", "privileged instruction lidt"},
        {"ltr", "privileged instruction ltr"},
        {"swapgs", "privileged instruction swapgs"},
        {"wrgsbase", "invalid opcode at rip 0x"},
        {"wrgsbase", "FS/GS base instruction"},
        {"xsetbv", "privileged instruction xsetbv"},
        {"hlt", "guest halted (hlt)"},
        {"cli", "privileged instruction cli"},
        {"sti", "privileged instruction sti"},
        {"out80", "guest wrote I/O port 0x80, which Ember does not provide"},
        {"in80", "guest read I/O port 0x80, which Ember does not provide"},
        {"outdx", "guest wrote I/O port 0x3f8, which Ember does not provide"},
        {"out_exception", "guest wrote I/O port 0xe4"},
        {"int80", "software interrupt int 0x80"},
        {"kernel_ds", "general protection fault at rip 0x"},
        {"write_boot", "page fault writing 0x1000 at rip 0x"},
        {"write_boot", "(read-only boot block)"},
        {"write_gdt", "(supervisor-only memory)"},
        {"write_tss", "(supervisor-only memory)"},
        {"write_idt", "(supervisor-only memory)"},
        {"write_stub", "(supervisor-only memory)"},
        {"write_exception_stack", "(supervisor-only memory)"},
        {"write_pagetables", "(supervisor-only memory)"},
        {"read_pagetables", "page fault reading 0x6000"},
    };
    auto snapshot = snapshot_of("t_privileged");
    sandbox::Sandbox box(snapshot);
    for (const auto& [handler, expect] : cases) {
        INFO("handler " << handler);
        const auto result = box.call(handler, bytes_of(""), in_ms(1000));
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().kind == GuestErrorKind::fault);
        CHECK_THAT(result.error().message, Contains(expect));
        CHECK(call_ok(box, "ok", "after") == "after");
    }
}

TEST_CASE("a fault is reported by the ring-0 stub in one exit", "[kvm][privilege]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_null_deref"));
    const auto result = box.call("", bytes_of(""), in_ms(1000));
    REQUIRE_FALSE(result.ok());
    CHECK(result.stats.exits == 1);
    CHECK_THAT(result.error().message,
               Contains("page fault writing 0x0") && Contains("(null dereference)"));
}

TEST_CASE("writes to Ember's pages change nothing for the next sandbox either",
          "[kvm][privilege]") {
    REQUIRE_KVM();
    auto snapshot = snapshot_of("t_privileged");
    sandbox::Sandbox first(snapshot);
    for (const char* handler : {"write_gdt", "write_idt", "write_stub", "write_pagetables"}) {
        CHECK_FALSE(first.call(handler, {}, in_ms(1000)).ok());
    }
    sandbox::Sandbox second(snapshot);
    CHECK(call_ok(second, "ok", "fresh") == "fresh");
    // The exception path itself still works in both.
    for (sandbox::Sandbox* box : {&first, &second}) {
        const auto result = box->call("hlt", {}, in_ms(1000));
        REQUIRE_FALSE(result.ok());
        CHECK_THAT(result.error().message, Contains("guest halted (hlt)"));
    }
}
