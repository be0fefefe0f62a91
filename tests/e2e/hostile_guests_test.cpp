// End-to-end: the hostile guests of tests/guests/hostile against a real
// emberd. Each attack ends with its own error (or, where the host must
// refuse inside the call, its own error code handed to the guest), the
// same sandbox answers the next call correctly, no call finds an earlier
// call's data, and emberd keeps serving throughout.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

const std::vector<std::string> every_host_function = {"log",     "clock",      "random",
                                                      "kv_get",  "kv_set",     "kv_delete",
                                                      "kv_list", "config_get", "http_fetch"};

std::string all_host_functions() {
    std::string list;
    for (const std::string& name : every_host_function)
        list += (list.empty() ? "" : ",") + name;
    return "host_functions=" + list;
}

// One sandbox per function, so that the call after an attack runs in the
// sandbox the attack used.
const std::string one_sandbox = "&pool_min=1&pool_max=1&memory_mb=16";

// The attack ends the call with guest_fault naming what it did, and the
// same sandbox then echoes a call as if nothing had happened.
void check_fault(HttpClient& client, std::string_view function, std::string_view handler,
                 std::string_view input, std::string_view message) {
    const Response response = invoke(client, function, input, "handler=" + std::string(handler));
    INFO(function << " " << handler << "(" << input << "): " << response.summary());
    check_error(response, 500, "guest_fault");
    CHECK_THAT(response.json()["error"].value("message", ""), Contains(std::string(message)));
    const Response after = invoke(client, function, "still here", "handler=ok");
    CHECK(after.status == 200);
    CHECK(after.body == "still here");
}

std::string call_ok(HttpClient& client, std::string_view function, std::string_view handler,
                    std::string_view input = {}) {
    const Response response = invoke(client, function, input, "handler=" + std::string(handler));
    INFO(function << " " << handler << ": " << response.summary());
    CHECK(response.status == 200);
    return response.body;
}

TEST_CASE("bogus host-call descriptors end the call, for every host function",
          "[kvm][e2e][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "descriptor", "h_descriptor", all_host_functions() + one_sandbox);
    for (const std::string& function : every_host_function) {
        for (const char* attack :
             {"arg_unmapped", "arg_supervisor", "arg_wraps", "arg_past_memory"})
            check_fault(client, "descriptor", attack, function,
                        "host call to '" + function + "' with an argument");
        for (const char* attack :
             {"result_code", "result_boot_page", "result_wraps", "result_past_memory"})
            check_fault(client, "descriptor", attack, function,
                        "host call to '" + function + "' with a result buffer");
    }
    check_fault(client, "descriptor", "name_wraps", "", "host call with an invalid function name");
}

TEST_CASE("bogus pointers inside host-call arguments are EFAULT, and the guest goes on",
          "[kvm][e2e][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "nested", "h_nested_args", all_host_functions() + one_sandbox);
    // 7 bad byte strings in each of 8 places, and 3 structs of 3 wrong sizes.
    CHECK(call_ok(client, "nested", "nested") == "65 calls, all EFAULT");
    CHECK(call_ok(client, "nested", "nested") == "65 calls, all EFAULT");
}

TEST_CASE("aliased buffers, deep recursion through host calls and host-call storms",
          "[kvm][e2e][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    // Generous: under an emulated CPU each host call is slow.
    deploy_ok(client, "reentrant", "h_reentrant",
              all_host_functions() + one_sandbox + "&timeout_ms=20000");
    CHECK(call_ok(client, "reentrant", "aliased") ==
          "kv_get 9 'the value'; config_get -4 'MISSING'; http_fetch -9");
    CHECK(call_ok(client, "reentrant", "recurse", "100") == "depth 100, 99 clock calls");
    check_fault(client, "reentrant", "recurse", "", "stack overflow into the guard page");
    CHECK(call_ok(client, "reentrant", "recurse", "100") == "depth 100, 99 clock calls");

    deploy_ok(client, "storm", "h_reentrant",
              all_host_functions() + one_sandbox + "&timeout_ms=300");
    check_error(invoke(client, "storm", {}, "handler=storm"), 504, "timeout");
    CHECK(call_ok(client, "storm", "ok", "after the storm") == "after the storm");
}

TEST_CASE("huge allocations, runaway writes, MMIO and port probes", "[kvm][e2e][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "memory", "h_memory", "host_functions=" + one_sandbox + "&timeout_ms=20000");
    const std::string first = call_ok(client, "memory", "malloc_huge");
    CHECK_THAT(first, StartsWith("refused; ") && Contains(" MiB before NULL"));
    // The heap is the snapshot's again: the next call gets just as much.
    CHECK(call_ok(client, "memory", "malloc_huge") == first);

    check_fault(client, "memory", "run_off_the_end", "", "(outside guest memory)");
    for (const char* probe : {"read fee00000", "write fec00000", "read e0000000", "write 100000000",
                              "read ffffffff000"})
        check_fault(client, "memory", "mmio", probe, "(outside guest memory)");
    for (const auto& [port, hex] : std::vector<std::pair<const char*, const char*>>{
             {"1016", "0x3f8"},  // a serial port
             {"3320", "0xcf8"},  // PCI configuration
             {"112", "0x70"},    // the CMOS clock
             {"228", "0xe4"},    // the exception port, ring 0 only
             {"229", "0xe5"},
             {"65535", "0xffff"}})
        check_fault(client, "memory", "port_in", port, std::string("read I/O port ") + hex);

    const Response huge = deploy(client, "huge", "h_huge_image");
    INFO(huge.summary());
    check_error(huge, 400, "invalid_binary");
    CHECK(client.request("GET", "/v1/functions/huge").status == 404);
}

TEST_CASE("no call finds an earlier call's data, host-written copies included",
          "[kvm][e2e][hostile]") {
    Daemon daemon;
    HttpClient client = daemon.client();
    deploy_ok(client, "leak", "h_leak",
              "host_functions=kv_get,kv_set,kv_delete&pool_min=1&pool_max=2&memory_mb=16&timeout_"
              "ms=20000");
    const std::string marker = "\x93\x1e\x04leak-marker\xf1\x0b";
    REQUIRE(marker.size() == 16);
    std::string flipped = marker;
    for (char& c : flipped)
        c = static_cast<char>(~c);
    // The scan finds the marker when it is there, so "clean" means something.
    CHECK_THAT(call_ok(client, "leak", "selftest", marker + flipped), StartsWith("found in "));
    for (int round = 0; round < 10; ++round) {
        CHECK(call_ok(client, "leak", "plant_marker", marker) == "planted");
        CHECK(call_ok(client, "leak", "scan", flipped) == "clean");
    }
}

}  // namespace
}  // namespace ember::e2e
