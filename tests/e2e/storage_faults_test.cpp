// End-to-end: emberd whose data directory fills up or turns read-only while it
// runs. Each upload the disk refuses gets 507 insufficient_storage naming the
// cause (docs/api.md), nothing of it is left, what was acknowledged stays
// stored and served, and once the disk is writable again deploys work. The
// data directory is on a tmpfs of the test's own (tests/tmpfs_mount.hpp:
// root only, skipped loudly otherwise); the store's own behaviour on such a
// disk is tested in tests/daemon/store/function_store_disk_test.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"
#include "tests/skip.hpp"
#include "tests/tmpfs_mount.hpp"

namespace ember::e2e {
namespace {

namespace fs = std::filesystem;

const Headers binary_body = {{"Content-Type", "application/octet-stream"}};

// The echo guest padded with zeros (which the loader ignores) to `bytes`.
std::string padded_echo(std::size_t bytes) {
    std::string body = guest_binary("echo");
    body.resize(std::max(body.size(), bytes), '\0');
    return body;
}

std::string error_message(const Response& response) {
    const nlohmann::json body = response.json();
    if (!body.is_object() || !body.contains("error") || !body["error"].is_object()) return {};
    return body["error"].value("message", "");
}

std::set<std::string> function_names(HttpClient& client) {
    const Response response = client.request("GET", "/v1/functions");
    REQUIRE(response.status == 200);
    const nlohmann::json list = response.json();
    std::set<std::string> names;
    for (const auto& function : list.at("functions"))
        names.insert(function.at("name").get<std::string>());
    return names;
}

TEST_CASE("a full data directory refuses uploads with 507 and loses nothing", "[kvm][e2e]") {
    REQUIRE_KVM();  // before the mount: a skip exits at once
    auto disk = test::TmpfsMount::mount_or_skip(4096);
    DaemonOptions options;
    options.data_dir = disk->path() / "data";
    Daemon daemon(options);
    HttpClient client = daemon.client();

    // Uploads of 1 MiB on a 4 MiB disk: a few fit, then one does not.
    constexpr std::size_t upload_bytes = 1u << 20;
    std::vector<std::string> stored;
    std::optional<Response> refused;
    std::string refused_name;
    for (int i = 0; i < 8 && !refused; ++i) {
        const std::string name = "fill" + std::to_string(i);
        Response response =
            client.request("PUT", "/v1/functions/" + name, padded_echo(upload_bytes), binary_body);
        INFO(name << ": " << response.summary());
        if (response.status == 201) {
            stored.push_back(name);
        } else {
            refused = std::move(response);
            refused_name = name;
        }
    }
    REQUIRE(refused);
    check_error(*refused, 507, "insufficient_storage");
    CHECK_THAT(error_message(*refused), Catch::Matchers::Contains("No space left on device"));
    REQUIRE(stored.size() >= 2);
    CHECK(fs::is_empty(daemon.data_dir() / "tmp"));
    CHECK_FALSE(fs::exists(daemon.data_dir() / "functions" / refused_name));

    // A new version of a served function is refused the same way; the old
    // one goes on serving, as do all the others.
    const Response update = client.request("PUT", "/v1/functions/" + stored.front(),
                                           padded_echo(2 * upload_bytes), binary_body);
    check_error(update, 507, "insufficient_storage");
    for (const std::string& name : stored) {
        INFO(name);
        const Response answer = invoke(client, name, "full");
        CHECK(answer.body == "full");
        CHECK(answer.header("x-ember-version") == "1");
    }
    CHECK(daemon.request("GET", "/readyz").status == 200);

    // A delete frees room, and the refused upload then fits.
    const Response removed = client.request("DELETE", "/v1/functions/" + stored.back());
    INFO(removed.summary());
    CHECK(removed.status == 204);
    stored.pop_back();
    const Response retried = client.request("PUT", "/v1/functions/" + refused_name,
                                            padded_echo(upload_bytes), binary_body);
    INFO(retried.summary());
    CHECK(retried.status == 201);
    stored.push_back(refused_name);

    // Everything acknowledged is on disk: a restart serves it all.
    CHECK(daemon.stop() == 0);
    daemon.restart();
    HttpClient after = daemon.client();
    CHECK(function_names(after) == std::set<std::string>(stored.begin(), stored.end()));
    for (const std::string& name : stored) {
        INFO(name);
        CHECK(invoke(after, name, "back").body == "back");
    }
}

TEST_CASE("a read-only data directory refuses deploys with 507 while calls go on", "[kvm][e2e]") {
    REQUIRE_KVM();  // before the mount: a skip exits at once
    auto disk = test::TmpfsMount::mount_or_skip(64 * 1024);
    DaemonOptions options;
    options.data_dir = disk->path() / "data";
    Daemon daemon(options);
    HttpClient client = daemon.client();
    deploy_ok(client, "echo", "echo");
    deploy_ok(client, "hello", "hello");

    {
        test::ReadOnlyBind read_only(daemon.data_dir());
        REQUIRE(read_only.read_only());
        for (const auto& [name, guest] : {std::pair{"echo", "hello"}, std::pair{"fib", "fib"}}) {
            INFO("deploy " << name);
            const Response refused = deploy(client, name, guest);
            check_error(refused, 507, "insufficient_storage");
            CHECK_THAT(error_message(refused), Catch::Matchers::Contains("Read-only file system"));
        }
        const Response removal = client.request("DELETE", "/v1/functions/hello");
        check_error(removal, 507, "insufficient_storage");

        CHECK(invoke(client, "echo", "still").body == "still");
        CHECK(invoke(client, "hello", "Ada").body == "Hello, Ada!");
        CHECK(function_names(client) == std::set<std::string>{"echo", "hello"});
        read_only.undo();

        deploy_ok(client, "fib", "fib");
        CHECK(deploy_ok(client, "echo", "hello").json().at("version") == 2);
    }
    CHECK(invoke(client, "echo", "Zed").body == "Hello, Zed!");
    CHECK(invoke(client, "fib", "20").body == "6765");

    CHECK(daemon.stop() == 0);
    daemon.restart();
    HttpClient after = daemon.client();
    CHECK(function_names(after) == std::set<std::string>{"echo", "hello", "fib"});
    CHECK(invoke(after, "echo", "Zed").body == "Hello, Zed!");
    CHECK(invoke(after, "hello", "Ada").body == "Hello, Ada!");
}

}  // namespace
}  // namespace ember::e2e
