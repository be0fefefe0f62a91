#include "sandbox/host_functions.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <cstring>

#include "sandbox/snapshot.hpp"

using namespace ember::sandbox;

TEST_CASE("built-in host functions", "[host_functions]") {
    const HostFunctions& builtin = HostFunctions::builtin();
    CHECK(builtin.names() == std::vector<std::string>{"clock", "log", "random"});
    CHECK(builtin.find("net") == nullptr);

    GuestLog logs;
    const std::string line = "hello";
    std::array<std::byte, 32> result{};
    HostCall log{std::as_bytes(std::span(line)), {}, logs};
    CHECK((*builtin.find("log"))(log) == 0);
    CHECK(logs.lines() == std::vector<std::string>{"hello"});

    HostCall clock{{}, result, logs};
    REQUIRE((*builtin.find("clock"))(clock) == 8);
    uint64_t ns = 0;
    std::memcpy(&ns, result.data(), 8);
    CHECK(ns > 1'700'000'000'000'000'000ull);
    HostCall small_clock{{}, std::span(result).first(4), logs};
    CHECK((*builtin.find("clock"))(small_clock) == EMBER_HOSTCALL_ERANGE);

    // Random bytes fill the whole buffer and differ from one call to the
    // next (two equal 32-byte draws: 2^-256).
    std::array<std::byte, 32> first{}, second{};
    HostCall random_first{{}, first, logs};
    HostCall random_second{{}, second, logs};
    CHECK((*builtin.find("random"))(random_first) == 32);
    CHECK((*builtin.find("random"))(random_second) == 32);
    CHECK(first != second);
    CHECK(first != std::array<std::byte, 32>{});
}

TEST_CASE("the default host functions are the built-ins, each once", "[host_functions]") {
    std::vector<std::string> defaults = default_host_functions();
    std::sort(defaults.begin(), defaults.end());
    CHECK(defaults == HostFunctions::builtin().names());
    CHECK(ImageConfig{}.host_functions == default_host_functions());
}

TEST_CASE("a call's log keeps at most its caps of lines and bytes", "[host_functions]") {
    GuestLog by_lines;
    const std::string empty;
    HostCall call{std::as_bytes(std::span(empty)), {}, by_lines};
    // Empty lines are not free: 200,000 of them keep only the line cap.
    for (int i = 0; i < 200'000; ++i)
        (*HostFunctions::builtin().find("log"))(call);
    CHECK(by_lines.lines().size() == GuestLog::max_lines);
    CHECK(by_lines.dropped() == 200'000 - GuestLog::max_lines);

    GuestLog by_bytes;
    const std::string line(1000, 'x');
    for (int i = 0; i < 200; ++i)
        by_bytes.add(line);
    std::size_t total = 0;
    for (const auto& l : by_bytes.lines())
        total += l.size();
    CHECK(total <= GuestLog::max_bytes);
    CHECK(by_bytes.lines().size() == GuestLog::max_bytes / line.size());
    CHECK(by_bytes.dropped() == 200 - by_bytes.lines().size());
    // A short line still fits where a long one did not.
    by_bytes.add("short");
    CHECK(by_bytes.lines().back() == "short");
}
