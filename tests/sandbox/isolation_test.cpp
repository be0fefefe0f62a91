// Nothing a call does is visible to the next one: memory, registers, FPU
// state, and the randomness the host hands out.
#include "sandbox/sandbox.hpp"

#include "guest_fixture.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("a guest that scribbles over heap, globals, stack and output leaves no trace",
          "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_scribble"));
    for (const char* handler : {"heap", "globals", "stack", "output"}) {
        INFO("handler " << handler);
        CHECK(call_ok(box, handler, "") == "clean");
        CHECK(call_ok(box, handler, "") == "clean");
    }
    for (int i = 0; i < 3; ++i) {
        CHECK(call_ok(box, "all", "") == "heap=clean globals=clean stack=clean output=clean");
    }
}

TEST_CASE("the counter is the same after faults and timeouts", "[kvm][isolation]") {
    REQUIRE_KVM();
    // crash and spin bump the counter before they fault or time out, on the
    // same sandbox as the counter calls around them.
    sandbox::Sandbox box(snapshot_of("t_counter"));
    CHECK(call_ok(box, "", "") == "1");
    const auto crashed = box.call("crash", {}, in_ms(1000));
    REQUIRE_FALSE(crashed.ok());
    CHECK(crashed.error().kind == sandbox::GuestErrorKind::fault);
    CHECK(call_ok(box, "", "") == "1");
    const auto spun = box.call("spin", {}, in_ms(20));
    REQUIRE_FALSE(spun.ok());
    CHECK(spun.error().kind == sandbox::GuestErrorKind::timeout);
    CHECK(call_ok(box, "", "") == "1");
}

TEST_CASE("input the host wrote for one call is gone in the next", "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_carry"));
    const std::string big(1 << 20, 'x');
    CHECK(call_ok(box, "ok", big).size() == big.size());
    // The rest of the input buffer, past this call's one byte, is as the
    // snapshot has it.
    CHECK(call_ok(box, "input_tail", "y") == "clean");
}

TEST_CASE("FPU state is restored after a call that used it", "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_fpu"));
    CHECK(call_ok(box, "dirty", "") == "dirtied");
    CHECK(call_ok(box, "check", "") == "xmm=clean mxcsr=0x1f80");
}

TEST_CASE("every call gets fresh random bytes", "[kvm][isolation]") {
    REQUIRE_KVM();
    auto snapshot = snapshot_of("t_random");
    sandbox::Sandbox a(snapshot), b(snapshot);
    const std::string first = call_ok(a, "", "");
    CHECK(first.size() == 64);
    CHECK(call_ok(a, "", "") != first);
    CHECK(call_ok(b, "", "") != first);
    const std::string host = call_ok(a, "host", "");
    CHECK(host.size() >= 16);
    CHECK(call_ok(a, "host", "") != host);
}

TEST_CASE("randomness drawn during init is shared by every clone (as documented)",
          "[kvm][isolation]") {
    REQUIRE_KVM();
    auto snapshot = snapshot_of("t_init_random");
    sandbox::Sandbox a(snapshot), b(snapshot);
    CHECK(call_ok(a, "", "") == call_ok(b, "", ""));
}

TEST_CASE("handlers, statuses and content types", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_multi"));
    CHECK(call_ok(box, "", "") == "alpha");
    CHECK(call_ok(box, "beta", "") == "beta");
    CHECK(call_ok(box, "length", "12345") == "5 bytes");
    auto created = box.call("created", {}, in_ms(1000));
    REQUIRE(created.ok());
    CHECK(created.reply().status == 201);
    CHECK(created.reply().content_type == "application/json");
    box.restore();
    auto empty = box.call("no_content", {}, in_ms(1000));
    REQUIRE(empty.ok());
    CHECK(empty.reply().status == 204);
    CHECK(empty.reply().output.empty());
}

TEST_CASE("the C++ example", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("wordcount"));
    CHECK(call_ok(box, "", "the quick  brown fox") == "4");
    CHECK(call_ok(box, "", "") == "0");
    CHECK(call_ok(box, "reverse", "abc") == "cba");
}

TEST_CASE("the counter is 1 on every one of 10,000 calls, faults and timeouts included",
          "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_counter"));
    int failures = 0;
    for (int i = 0; i < 10000; ++i) {
        if (i % 1000 == 500) {
            CHECK(box.call("crash", {}, in_ms(1000)).error().kind ==
                  sandbox::GuestErrorKind::fault);
        } else if (i % 1000 == 999) {
            CHECK(box.call("spin", {}, in_ms(5)).error().kind == sandbox::GuestErrorKind::timeout);
        } else {
            const auto result = box.call("", {}, in_ms(1000));
            if (!result.ok() || text_of(result.reply().output) != "1") ++failures;
        }
    }
    CHECK(failures == 0);
}

TEST_CASE("host-function results steered into a global are gone in the next call",
          "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_carry"));
    const std::string zeros(64, '0');
    CHECK(call_ok(box, "random_get", "") == zeros);
    const std::string put = call_ok(box, "random_put", "");
    CHECK_THAT(put, Catch::Matchers::StartsWith("random returned 32: "));
    CHECK(put.substr(put.size() - 64) != zeros);  // the bytes did land
    CHECK(call_ok(box, "random_get", "") == zeros);
}

TEST_CASE("x87, SSE and AVX state is gone in the next call", "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_carry"));
    const std::string pristine = "xmm=clean ymm=clean mxcsr=0x1f80 x87=clean";
    CHECK(call_ok(box, "fpu_get", "") == pristine);
    CHECK_THAT(call_ok(box, "fpu_put", ""), Catch::Matchers::StartsWith("dirtied x87 sse"));
    CHECK(call_ok(box, "fpu_get", "") == pristine);
}

TEST_CASE("segment selectors and FS/GS bases are back in the next call", "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_carry"));
    const std::string pristine = call_ok(box, "seg_get", "");
    CHECK_THAT(pristine, Catch::Matchers::EndsWith("fsbase=0 gsbase=0"));
    CHECK(call_ok(box, "seg_put", "") == "loaded null selectors");
    CHECK(call_ok(box, "seg_get", "") == pristine);
}

namespace {

std::string flipped(const std::string& bytes) {
    std::string out = bytes;
    for (char& c : out)
        c = static_cast<char>(~c);
    return out;
}

}  // namespace

TEST_CASE("a marker left anywhere in readable memory is gone in the next call",
          "[kvm][isolation]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_carry"));
    const std::string marker = "\x8e\x1f\x02marker-\xa5\x5a\xff\x01\x11!";
    REQUIRE(marker.size() == 16);
    // The scan finds the marker when it is there, so "clean" means something.
    CHECK_THAT(call_ok(box, "mark_selftest", marker + flipped(marker)),
               Catch::Matchers::StartsWith("found in "));
    std::string input = marker + std::string(8192, 'x');
    input.replace(5000, marker.size(), marker);
    CHECK(call_ok(box, "mark_put", input) == "marked");
    CHECK(call_ok(box, "mark_get", flipped(marker)) == "clean");
}
