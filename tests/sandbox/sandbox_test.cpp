// The example guests, run in real micro-VMs.
#include "sandbox/sandbox.hpp"

#include <cstdio>
#include <cstring>

#include "guest_fixture.hpp"

using namespace ember;
using namespace ember::test;
using Catch::Matchers::Contains;

TEST_CASE("echo returns its input unchanged", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("echo"));
    CHECK(call_ok(box, "", "hi") == "hi");
    CHECK(call_ok(box, "", "") == "");
    CHECK(call_ok(box, "echo", "by name") == "by name");
    std::string big(1 << 20, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4093)
        big[i] = static_cast<char>('a' + i % 26);
    CHECK(call_ok(box, "", big) == big);
    CHECK(call_ok(box, "", "short again") == "short again");
}

TEST_CASE("echo costs one exit per call", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("echo"));
    const auto result = box.call("", bytes_of("x"), in_ms(1000));
    REQUIRE(result.ok());
    CHECK(result.stats.exits == 1);
    CHECK(result.stats.host_calls == 0);
}

TEST_CASE("hello greets by name and logs through the host", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("hello"));
    const auto result = box.call("", bytes_of("Ada"), in_ms(1000));
    REQUIRE(result.ok());
    CHECK(text_of(result.reply().output) == "Hello, Ada!");
    CHECK(result.reply().content_type.starts_with("text/plain"));
    REQUIRE(result.log.lines().size() == 1);
    CHECK_THAT(result.log.lines()[0], Contains("Ada"));
    CHECK(call_ok(box, "", "") == "Hello, world!");
}

TEST_CASE("hello without the log host function is refused", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::ImageConfig config;
    config.host_functions = {};
    sandbox::Sandbox box(snapshot_of("hello", config));
    const auto result = box.call("", bytes_of("Ada"), in_ms(1000));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == sandbox::GuestErrorKind::denied);
    CHECK_THAT(result.error().message, Contains("'log'"));
}

TEST_CASE("counter starts from the snapshot on every call", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("counter"));
    for (int i = 0; i < 100; ++i)
        REQUIRE(call_ok(box, "", "") == "1");
}

TEST_CASE("fib computes and rejects bad input with 400", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("fib"));
    CHECK(call_ok(box, "", "0") == "0");
    CHECK(call_ok(box, "", "1") == "1");
    CHECK(call_ok(box, "", "10") == "55");
    CHECK(call_ok(box, "", "90") == "2880067194370816120");
    for (const char* bad : {"", "x", "-1", "91", "99999999999999999999999"}) {
        const auto result = box.call("", bytes_of(bad), in_ms(1000));
        REQUIRE(result.ok());
        CHECK(result.reply().status == 400);
    }
}

TEST_CASE("an unknown handler is a clear error listing the handlers", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("echo"));
    const auto result = box.call("nope", bytes_of("x"), in_ms(1000));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == sandbox::GuestErrorKind::no_such_handler);
    CHECK_THAT(result.error().message, Contains("'nope'") && Contains("echo"));
}

TEST_CASE("input larger than the input buffer is refused before the guest runs", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("echo"));
    const std::string big((1 << 20) + 1, 'x');
    const auto result = box.call("", bytes_of(big), in_ms(1000));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == sandbox::GuestErrorKind::input_too_large);
    CHECK(call_ok(box, "", "still fine") == "still fine");
}

TEST_CASE("sandboxes cloned from one snapshot are independent", "[kvm][sandbox]") {
    REQUIRE_KVM();
    auto snapshot = snapshot_of("counter");
    sandbox::Sandbox a(snapshot), b(snapshot);
    CHECK(call_ok(a, "", "") == "1");
    CHECK(call_ok(b, "", "") == "1");
    CHECK(call_ok(a, "", "") == "1");
}

TEST_CASE("sha256 replies the digest of its input", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("sha256"));
    CHECK(call_ok(box, "", "") ==
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(call_ok(box, "", "abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(call_ok(box, "", std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("guests compute with doubles in ring 3", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_fpu"));
    CHECK(call_ok(box, "compute", "") == "1414213");
}

TEST_CASE("printf formats doubles like glibc", "[kvm][sandbox]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_fpu"));
    const std::pair<const char*, double> cases[] = {
        {"%.3f", 3.14159265358979},
        {"%f", -2.5},
        {"%10.2f", 1234.5678},
        {"%-8.1f|", 0.05},
        {"%+.2e", 6.02214e23},
        {"%g", 0.0001},
        {"%g", 1e-5},
        {"%G", 1e100},
        {"%.17g", 0.1},
        {"%08.3f", -3.5},
        {"%#.0f", 7.0},
        {"%.0f", 0.5},
    };
    for (const auto& [format, value] : cases) {
        uint64_t bits;
        std::memcpy(&bits, &value, sizeof bits);
        char hex[17];
        std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(bits));
        char expected[128];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        std::snprintf(expected, sizeof expected, format, value);
#pragma GCC diagnostic pop
        INFO("format " << format);
        CHECK(call_ok(box, "format", std::string(format) + "|" + hex) == expected);
    }
}
