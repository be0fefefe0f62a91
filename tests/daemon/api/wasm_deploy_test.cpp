// Deploying a WebAssembly module: told by its magic number (or its content
// type), stored and described as one. The fake versions boot it without
// KVM; the runner guest's side is in tests/e2e/wasm_test.cpp.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "tests/daemon/api/api_fixture.hpp"

namespace ember::daemon::test {
namespace {

const std::string module_bytes("\0asm\1\0\0\0", 8);

nlohmann::json body_of(const http::Response& response) {
    return nlohmann::json::parse(response.body);
}

TEST_CASE("a body with the Wasm magic number deploys as a Wasm function", "[api][wasm]") {
    Fixture f;
    Replies replies;
    f.send("PUT", "/v1/functions/mod", replies, module_bytes);
    const http::Response deployed = replies.wait_for(1).at(0);
    REQUIRE(deployed.status == 201);
    CHECK(body_of(deployed)["kind"] == "wasm");
    CHECK(body_of(f.get("/v1/functions/mod"))["kind"] == "wasm");
    CHECK(f.registry.find("mod")->stored.kind == BinaryKind::wasm);

    CHECK(body_of(f.deploy("elf", {}))["kind"] == "elf");
}

TEST_CASE("application/wasm announces a module: without the magic number it is 422",
          "[api][wasm]") {
    Fixture f;
    Replies refused;
    f.send("PUT", "/v1/functions/mod", refused,
           "\x7f"
           "ELF",
           {{"content-type", "application/wasm"}});
    const http::Response reply = refused.wait_for(1).at(0);
    CHECK(reply.status == 422);
    const auto error = body_of(reply)["error"];
    CHECK(error["code"] == "init_failed");
    CHECK(error["message"] == "'mod': wasm: invalid module: magic header not detected");
    CHECK(f.versions.boots == 0);
    CHECK(f.registry.find("mod") == nullptr);

    Replies accepted;
    f.send("PUT", "/v1/functions/mod", accepted, module_bytes,
           {{"content-type", "application/wasm"}});
    CHECK(accepted.wait_for(1).at(0).status == 201);
}

}  // namespace
}  // namespace ember::daemon::test
