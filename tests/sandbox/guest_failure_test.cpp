// Hostile and broken guests: every failure is a precise error, and the
// sandbox (and the process) stays healthy for the next call.
#include "sandbox/sandbox.hpp"

#include "guest_fixture.hpp"

using namespace ember;
using namespace ember::test;
using Catch::Matchers::Contains;
using sandbox::GuestErrorKind;

namespace {

sandbox::GuestError call_fails(sandbox::Sandbox& box, std::string_view handler = "",
                               int timeout_ms = 1000) {
    const auto result = box.call(handler, bytes_of("input"), in_ms(timeout_ms));
    if (result.ok()) FAIL("expected the call to fail, got: " << text_of(result.reply().output));
    return result.error();
}

// The same snapshot still serves a well-behaved handler afterwards.
void still_healthy(sandbox::Sandbox& box) {
    CHECK(call_ok(box, "ok", "after") == "after");
}

}  // namespace

TEST_CASE("null dereference", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_null_deref"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::fault);
    CHECK_THAT(error.message,
               Contains("page fault writing 0x0 at rip 0x") && Contains("(null dereference)"));
    still_healthy(box);
}

TEST_CASE("invalid opcode", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_invalid_opcode"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::fault);
    CHECK_THAT(error.message, Contains("invalid opcode at rip 0x"));
    still_healthy(box);
}

TEST_CASE("stack overflow into the guard page", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_stack_overflow"));
    const auto error = call_fails(box, "", 10000);
    CHECK(error.kind == GuestErrorKind::fault);
    CHECK_THAT(error.message, Contains("(stack overflow into the guard page)"));
    still_healthy(box);
}

TEST_CASE("an infinite loop ends at its deadline", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_infinite_loop"));
    const auto started = std::chrono::steady_clock::now();
    const auto error = call_fails(box, "", 100);
    const auto took = std::chrono::steady_clock::now() - started;
    CHECK(error.kind == GuestErrorKind::timeout);
    CHECK(took >= std::chrono::milliseconds(100));
    // The deadline ended it, not the test's own timeout: a bound that holds
    // on a loaded machine (how fast the kick is, ember-sandbox-bench says).
    CHECK(took < std::chrono::seconds(30));
    still_healthy(box);
    CHECK(call_fails(box, "", 50).kind == GuestErrorKind::timeout);
    still_healthy(box);
}

TEST_CASE("a write outside guest memory", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_write_outside"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::fault);
    CHECK_THAT(error.message, Contains("outside guest memory"));
    still_healthy(box);
}

TEST_CASE("cli then hlt", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_cli_hlt"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::fault);
    CHECK_THAT(error.message, Contains("general protection fault") && Contains("cli"));
    still_healthy(box);
}

TEST_CASE("a port I/O storm ends at the first unknown port", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_port_storm"));
    const auto result = box.call("", bytes_of(""), in_ms(1000));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == GuestErrorKind::fault);
    CHECK_THAT(result.error().message, Contains("I/O port 0x80"));
    CHECK(result.stats.exits == 1);
    still_healthy(box);
}

TEST_CASE("an unknown host function is refused", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_unknown_hostfn"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::denied);
    CHECK_THAT(error.message,
               Contains("'no_such_function'") && Contains("allowed: clock, log, random"));
    still_healthy(box);
}

TEST_CASE("output larger than the output buffer", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_output_too_large"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::bad_reply);
    CHECK_THAT(error.message, Contains("output limit"));
    still_healthy(box);
}

TEST_CASE("abort carries the guest's message", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_abort"));
    const auto error = call_fails(box);
    CHECK(error.kind == GuestErrorKind::abort);
    CHECK_THAT(error.message, Contains("guest aborted: "));
    still_healthy(box);
}

TEST_CASE("every kind of bad memory access is a precise fault", "[kvm][failure]") {
    REQUIRE_KVM();
    struct Case {
        const char* guest;
        const char* handler;
        const char* expect;
    };
    const Case cases[] = {
        {"t_null_deref", "read", "page fault reading 0x0"},
        {"t_null_deref", "exec", "page fault executing 0x0"},
        {"t_write_outside", "code", "read-only"},
        {"t_write_outside", "rodata", "read-only"},
        {"t_write_outside", "boot", "read-only boot block"},
        {"t_write_outside", "pagetables", "supervisor-only memory"},
        {"t_write_outside", "guard", "guard page"},
        {"t_write_outside", "exec_data", "not executable"},
        {"t_exceptions", "divide", "divide error"},
        {"t_exceptions", "int3", "breakpoint at rip 0x"},
        {"t_exceptions", "noncanonical", "general protection fault"},
        {"t_port_storm", "in", "read I/O port"},
    };
    for (const Case& c : cases) {
        INFO(c.guest << " " << c.handler);
        sandbox::Sandbox box(snapshot_of(c.guest));
        const auto error = call_fails(box, c.handler);
        CHECK(error.kind == GuestErrorKind::fault);
        CHECK_THAT(error.message, Contains(c.expect));
        still_healthy(box);
    }
}

TEST_CASE("replies that break the ABI are refused", "[kvm][failure]") {
    REQUIRE_KVM();
    const std::pair<const char*, const char*> cases[] = {
        {"t_output_too_large", "beyond"},
        {"t_output_too_large", "wrap"},
        {"t_output_too_large", "huge"},
        {"t_bad_reply", "status_high"},
        {"t_bad_reply", "status_low"},
        {"t_bad_reply", "content_type"},
        {"t_unknown_hostfn", "bad_name"},
        {"t_unknown_hostfn", "huge_arg"},
        {"t_unknown_hostfn", "random_into_code"},
        {"t_unknown_hostfn", "random_into_boot"},
        {"t_unknown_hostfn", "random_into_rodata"},
        {"t_unknown_hostfn", "log_from_pagetables"},
        {"t_bad_reply", "points_at_pagetables"},
        {"t_bad_reply", "points_at_stub"},
    };
    for (const auto& [guest, handler] : cases) {
        INFO(guest << " " << handler);
        sandbox::Sandbox box(snapshot_of(guest));
        const auto error = call_fails(box, handler);
        CHECK(error.kind == GuestErrorKind::bad_reply);
        still_healthy(box);
    }
}

TEST_CASE("a fault during init is an InitError", "[kvm][failure]") {
    REQUIRE_KVM();
    try {
        snapshot_of("t_init_fault");
        FAIL("expected InitError");
    } catch (const sandbox::InitError& e) {
        CHECK(e.error().kind == GuestErrorKind::fault);
        CHECK_THAT(std::string(e.what()), Contains("initialisation failed"));
    }
}

TEST_CASE("a guest that never reports ready times out", "[kvm][failure]") {
    REQUIRE_KVM();
    sandbox::ImageConfig config;
    config.init_timeout = std::chrono::milliseconds(100);
    try {
        snapshot_of("t_never_ready", config);
        FAIL("expected InitError");
    } catch (const sandbox::InitError& e) {
        CHECK(e.error().kind == GuestErrorKind::timeout);
        CHECK_THAT(std::string(e.what()), Contains("did not report ready within 100 ms"));
    }
}
