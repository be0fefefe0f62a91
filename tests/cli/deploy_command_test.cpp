// `ember deploy` against a scripted emberd (tests/cli/fake_emberd.hpp): the
// flags become the query, the file the body. tests/e2e/cli_test.cpp deploys
// to a real emberd.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string description =
    R"({"name":"echo","version":4,"sha256":"0123456789abcdef0123","size_bytes":7,)"
    R"("handlers":["echo","upper"],"default_handler":"echo"})";

TEST_CASE("ember deploy uploads the file with the flags as configuration", "[cli]") {
    FakeEmberd server;
    server.on("PUT",
              "/v1/functions/echo?memory_mb=8&timeout_ms=500&pool_min=0&pool_max=2&max_queue=3&"
              "host_functions=log%2Cclock",
              json_reply(201, description));
    daemon::test::ScratchDir dir;
    const auto guest = dir.path() / "echo.elf";
    std::ofstream(guest, std::ios::binary) << std::string(
        "\x7f"
        "ELF\0\1\2",
        7);
    const EmberRun run =
        run_ember({"deploy", "echo", guest.string(), "--memory-mb", "8", "--timeout-ms", "500",
                   "--pool-min", "0", "--pool-max", "2", "--max-queue", "3", "--host-functions",
                   "log,clock", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(run.out ==
          "deployed echo version 4 (sha256 0123456789ab, 7 bytes; handlers echo, upper)\n");
    const http::Request request = server.only_request();
    CHECK(request.body == std::string("\x7f"
                                      "ELF\0\1\2",
                                      7));
    REQUIRE(request.header("content-type"));
    CHECK(*request.header("content-type") == "application/octet-stream");
}

TEST_CASE("ember deploy passes the key-value store and the allowed hosts", "[cli]") {
    FakeEmberd server;
    server.on("PUT",
              "/v1/functions/echo?host_functions=kv_get%2Chttp_fetch&kv_store=sessions&"
              "allowed_hosts=api.example.com%2C10.0.0.5%3A8080",
              json_reply(201, description));
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "echo.elf") << "x";
    const EmberRun run =
        run_ember({"deploy", "echo", (dir.path() / "echo.elf").string(), "--host-functions",
                   "kv_get,http_fetch", "--kv-store", "sessions", "--allowed-hosts",
                   "api.example.com,10.0.0.5:8080", "--url", server.url()});
    INFO(run.err);
    CHECK(run.status == 0);
    CHECK(server.requests().size() == 1);
}

TEST_CASE("ember deploy without flags leaves the configuration to the daemon", "[cli]") {
    FakeEmberd server;
    server.on("PUT", "/v1/functions/echo", json_reply(201, description));
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "echo.elf") << "x";
    const EmberRun run = run_ember(
        {"deploy", "echo", (dir.path() / "echo.elf").string(), "--json", "--url", server.url()});
    CHECK(run.status == 0);
    CHECK(nlohmann::json::parse(run.out) == nlohmann::json::parse(description));
}

TEST_CASE("ember deploy: a refused binary and a missing file", "[cli]") {
    FakeEmberd server;
    server.on("PUT", "/v1/functions/echo",
              json_reply(400, R"({"error":{"code":"invalid_binary","message":"no ELF magic"}})"));
    daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "echo.elf") << "x";
    const EmberRun refused =
        run_ember({"deploy", "echo", (dir.path() / "echo.elf").string(), "--url", server.url()});
    CHECK(refused.status == 1);
    CHECK(refused.err == "ember: invalid_binary: no ELF magic (HTTP 400)\n");

    const EmberRun missing = run_ember({"deploy", "echo", "/nonexistent.elf"});
    CHECK(missing.status == 2);
    CHECK_THAT(missing.err, Contains("/nonexistent.elf"));
    CHECK(run_ember({"deploy", "echo", (dir.path() / "echo.elf").string(), "--memory-mb", "-1"})
              .status == 2);
}

}  // namespace
}  // namespace ember::cli::test
