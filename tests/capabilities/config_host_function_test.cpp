#include "capabilities/config_host_function.hpp"

#include <ember/abi.h>
#include <catch2/catch.hpp>

#include <array>
#include <string>

using namespace ember;

TEST_CASE("config_get reads a value by name, as far as the buffer goes", "[config_get]") {
    sandbox::HostFunctions table;
    capabilities::add_config_host_function(table, {{"GREETING", "hello"}, {"EMPTY", ""}});
    const sandbox::HostFunction* config_get = table.find("config_get");
    REQUIRE(config_get != nullptr);
    sandbox::GuestLog log;
    const auto get = [&](std::string_view name, std::span<std::byte> result) {
        sandbox::HostCall call{std::as_bytes(std::span(name)), result, log};
        return (*config_get)(call);
    };

    std::array<std::byte, 16> buffer{};
    CHECK(get("GREETING", buffer) == 5);
    CHECK(std::string(reinterpret_cast<const char*>(buffer.data()), 5) == "hello");
    CHECK(get("EMPTY", buffer) == 0);
    CHECK(get("MISSING", buffer) == EMBER_HOSTCALL_ENOTFOUND);
    CHECK(get("greeting", buffer) == EMBER_HOSTCALL_ENOTFOUND);

    std::array<std::byte, 2> small{};
    CHECK(get("GREETING", small) == 5);
    CHECK(std::string(reinterpret_cast<const char*>(small.data()), 2) == "he");
    CHECK(get("GREETING", {}) == 5);
}
