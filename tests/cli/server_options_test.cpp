// --url, --token, EMBER_URL and EMBER_TOKEN, and what `ember` says when it
// cannot reach the server.
#include <catch2/catch.hpp>

#include "tests/cli/fake_emberd.hpp"
#include "tests/cli/run_ember.hpp"

namespace ember::cli::test {
namespace {

using Catch::Matchers::Contains;

const std::string empty_list = R"({"functions":[]})";

TEST_CASE("EMBER_URL names the server and --url beats it", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions", json_reply(200, empty_list));
    CHECK(run_ember({"ls"}, "", {{"EMBER_URL", server.url()}}).status == 0);
    CHECK(run_ember({"ls", "--url", server.url()}, "", {{"EMBER_URL", "http://127.0.0.1:1"}})
              .status == 0);
    CHECK(server.requests().size() == 2);
}

TEST_CASE("the token goes in Authorization from --token or EMBER_TOKEN", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/v1/functions", json_reply(200, empty_list));
    run_ember({"ls", "--url", server.url()});
    run_ember({"ls", "--url", server.url()}, "", {{"EMBER_TOKEN", "from-env"}});
    run_ember({"ls", "--url", server.url(), "--token", "from-flag"}, "",
              {{"EMBER_TOKEN", "from-env"}});
    const auto requests = server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].header("authorization") == nullptr);
    REQUIRE(requests[1].header("authorization"));
    CHECK(*requests[1].header("authorization") == "Bearer from-env");
    REQUIRE(requests[2].header("authorization"));
    CHECK(*requests[2].header("authorization") == "Bearer from-flag");
}

TEST_CASE("a server URL with a path serves the API under it", "[cli]") {
    FakeEmberd server;
    server.on("GET", "/ember/v1/functions", json_reply(200, empty_list));
    const EmberRun run = run_ember({"ls", "--url", server.url() + "/ember/"});
    INFO(run.err);
    CHECK(run.status == 0);
}

TEST_CASE("a server that cannot be reached is named, exit 3", "[cli]") {
    std::string url;
    {
        const FakeEmberd gone;
        url = gone.url();
    }
    const EmberRun run = run_ember({"describe", "echo", "--url", url});
    CHECK(run.status == 3);
    CHECK(run.err == "ember: cannot reach " + url + ": Connection refused\n");
}

TEST_CASE("a server URL that is not http:// is a usage error", "[cli]") {
    const EmberRun https = run_ember({"ls", "--url", "https://example.com"});
    CHECK(https.status == 2);
    CHECK_THAT(https.err, Contains("only http:// URLs are supported"));
    CHECK(run_ember({"ls"}, "", {{"EMBER_URL", "localhost:8080"}}).status == 2);
    CHECK(run_ember({"ls", "--url", "http://localhost:8080/?x=1"}).status == 2);
}

TEST_CASE("--help names the default server", "[cli]") {
    const EmberRun run = run_ember({"ls", "--help"});
    CHECK(run.status == 0);
    CHECK_THAT(run.out, Contains("EMBER_URL") && Contains("http://127.0.0.1:8080") &&
                            Contains("EMBER_TOKEN") && Contains("--json"));
}

}  // namespace
}  // namespace ember::cli::test
