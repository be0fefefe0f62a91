// End-to-end: the function store survives restarts, kill -9 (idle, during an
// upload, during a deploy) and a corrupted file, as the store promises
// (daemon/store/function_store.hpp). The layout poked at here is the one of
// daemon/store/function_store.hpp.
#include <signal.h>

#include <catch2/catch.hpp>

#include <set>
#include <thread>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

nlohmann::json describe(HttpClient& client, std::string_view name) {
    const Response response = client.request("GET", "/v1/functions/" + std::string(name));
    INFO(response.summary());
    REQUIRE(response.status == 200);
    return response.json();
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

std::filesystem::path version_dir(const Daemon& daemon, std::string_view name, unsigned version) {
    return daemon.data_dir() / "functions" / std::string(name) / std::to_string(version);
}

TEST_CASE("a restart keeps every function with its versions and config", "[kvm][e2e]") {
    Daemon daemon;
    nlohmann::json before;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "echo", "echo");
        deploy_ok(client, "echo", "echo");
        deploy_ok(
            client, "hello", "hello",
            "memory_mb=8&timeout_ms=700&pool_min=0&pool_max=2&max_queue=5&host_functions=log");
        deploy_ok(client, "counter", "counter");
        for (const char* name : {"echo", "hello", "counter"})
            before[name] = describe(client, name);
    }
    CHECK(daemon.stop() == 0);
    daemon.restart();

    HttpClient client = daemon.client();
    CHECK(function_names(client) == std::set<std::string>{"echo", "hello", "counter"});
    for (const char* name : {"echo", "hello", "counter"}) {
        INFO(name);
        const nlohmann::json after = describe(client, name);
        for (const char* key :
             {"version", "sha256", "size_bytes", "created_at", "handlers", "config"}) {
            INFO(key);
            CHECK(after.at(key) == before[name].at(key));
        }
    }
    CHECK(describe(client, "echo").at("version") == 2);

    const Response echo = invoke(client, "echo", "again");
    CHECK(echo.body == "again");
    CHECK(echo.header("x-ember-version") == "2");
    CHECK(invoke(client, "hello", "Ada").body == "Hello, Ada!");
    CHECK(invoke(client, "counter").body == "1");
    // Assumption: version numbers continue after a restart (never reused).
    CHECK(deploy_ok(client, "echo", "echo").json().at("version") == 3);
}

TEST_CASE("kill -9 while idle loses no function", "[kvm][e2e]") {
    Daemon daemon;
    nlohmann::json before;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "echo", "echo");
        deploy_ok(client, "fib", "fib", "timeout_ms=900");
        for (const char* name : {"echo", "fib"})
            before[name] = describe(client, name);
    }
    daemon.kill9();
    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(function_names(client) == std::set<std::string>{"echo", "fib"});
    for (const char* name : {"echo", "fib"}) {
        INFO(name);
        const nlohmann::json after = describe(client, name);
        CHECK(after.at("sha256") == before[name].at("sha256"));
        CHECK(after.at("size_bytes") == before[name].at("size_bytes"));
        CHECK(after.at("version") == before[name].at("version"));
    }
    CHECK(before["echo"].at("sha256") == sha256_hex(guest_binary("echo")));
    CHECK(before["fib"].at("sha256") == sha256_hex(guest_binary("fib")));
    CHECK(describe(client, "fib").at("config").at("timeout_ms") == 900);
    CHECK(invoke(client, "echo", "survived").body == "survived");
    CHECK(invoke(client, "fib", "20").body == "6765");
}

TEST_CASE("kill -9 while an upload is still arriving leaves the store clean", "[kvm][e2e]") {
    Daemon daemon;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "echo", "echo");
    }
    // Two uploads cut off halfway: a new version of echo and a new function.
    std::string body = guest_binary("hello");
    body.resize(8u << 20, '\0');
    const std::string half = body.substr(0, body.size() / 2);
    auto head = [&](std::string_view name) {
        return "PUT /v1/functions/" + std::string(name) +
               " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
               "application/octet-stream\r\nContent-Length: " +
               std::to_string(body.size()) + "\r\n\r\n";
    };
    HttpClient update = daemon.client();
    HttpClient fresh = daemon.client();
    REQUIRE(update.send_raw(head("echo") + half));
    REQUIRE(fresh.send_raw(head("fresh") + half));
    daemon.kill9();

    daemon.restart();
    HttpClient client = daemon.client();
    CHECK(daemon.request("GET", "/readyz").status == 200);
    CHECK(function_names(client) == std::set<std::string>{"echo"});
    const nlohmann::json echo = describe(client, "echo");
    CHECK(echo.at("version") == 1);
    CHECK(echo.at("sha256") == sha256_hex(guest_binary("echo")));
    CHECK(invoke(client, "echo", "intact").body == "intact");
    check_error(client.request("GET", "/v1/functions/fresh"), 404, "function_not_found");
    // Nothing half-written is left where a version would be.
    CHECK_FALSE(std::filesystem::exists(daemon.data_dir() / "functions" / "fresh"));
    CHECK_FALSE(std::filesystem::exists(version_dir(daemon, "echo", 2)));
}

// Where a deploy stood when the daemon was frozen (SIGSTOP), read from the
// store's directories: not stored yet, staged (files being written in tmp/),
// or committed (the version directory is in place).
enum class Phase { before_store, staged, committed };

const char* to_string(Phase phase) {
    switch (phase) {
        case Phase::before_store:
            return "before the store";
        case Phase::staged:
            return "staged";
        case Phase::committed:
            return "committed";
    }
    return "?";
}

bool staging_in_use(const Daemon& daemon, std::string_view name) {
    std::error_code error;
    for (const auto& entry :
         std::filesystem::directory_iterator(daemon.data_dir() / "tmp", error)) {
        if (entry.path().filename().string().starts_with(std::string(name) + ".")) return true;
    }
    return false;
}

bool store_dir_empty(const Daemon& daemon, std::string_view sub) {
    return std::filesystem::is_empty(daemon.data_dir() / sub);
}

Phase phase_of(const Daemon& daemon, std::string_view name, unsigned version) {
    if (std::filesystem::exists(version_dir(daemon, name, version))) return Phase::committed;
    return staging_in_use(daemon, name) ? Phase::staged : Phase::before_store;
}

// Waits (polling as fast as it can, the staging window is short) until the
// deploy reaches `target` or passes it, then freezes the daemon.
void freeze_at(Daemon& daemon, Phase target, std::string_view name, unsigned version) {
    const auto limit = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    while (target != Phase::before_store && phase_of(daemon, name, version) < target &&
           std::chrono::steady_clock::now() < limit)
        std::this_thread::yield();
    REQUIRE(::kill(daemon.pid(), SIGSTOP) == 0);
}

TEST_CASE("kill -9 during a deploy leaves exactly what its phase promises", "[kvm][e2e]") {
    DaemonOptions options;
    options.config = {{"max_body_bytes", 32 << 20}};
    Daemon daemon(options);
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "echo", "echo");
    }
    // A large binary keeps the staging files being written and synced long
    // enough to be seen; the padding follows the ELF, which ignores it.
    std::string binary = guest_binary("hello");
    binary.resize(24u << 20, '\0');
    std::string served_sha = sha256_hex(guest_binary("echo"));
    unsigned served = 1;
    std::set<Phase> seen;
    for (int attempt = 0; attempt < 12 && seen.size() < 3; ++attempt) {
        const Phase target = static_cast<Phase>(attempt % 3);
        HttpClient update = daemon.client();
        REQUIRE(
            update.send_raw("PUT /v1/functions/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            "application/octet-stream\r\nContent-Length: " +
                            std::to_string(binary.size()) + "\r\n\r\n" + binary));
        freeze_at(daemon, target, "echo", served + 1);
        const Phase phase = phase_of(daemon, "echo", served + 1);
        INFO("attempt " << attempt << ", aimed at " << to_string(target) << ", frozen "
                        << to_string(phase));
        seen.insert(phase);
        daemon.kill9();
        daemon.restart();

        HttpClient client = daemon.client();
        CHECK(store_dir_empty(daemon, "tmp"));
        CHECK(store_dir_empty(daemon, "trash"));
        const nlohmann::json echo = describe(client, "echo");
        if (phase == Phase::committed) {
            // Renamed into place is stored: the restart serves it.
            ++served;
            served_sha = sha256_hex(binary);
            CHECK(echo.at("version") == served);
            CHECK(echo.at("sha256") == served_sha);
            CHECK(invoke(client, "echo", "Zed").body == "Hello, Zed!");
        } else {
            // Not renamed: nothing of it survives, the old version serves.
            CHECK(echo.at("version") == served);
            CHECK(echo.at("sha256") == served_sha);
            CHECK_FALSE(std::filesystem::exists(version_dir(daemon, "echo", served + 1)));
            CHECK(invoke(client, "echo", "Zed").status == 200);
        }
    }
    CHECK(seen == std::set<Phase>{Phase::before_store, Phase::staged, Phase::committed});
}

TEST_CASE("a corrupted stored binary is reported and the rest served", "[kvm][e2e]") {
    Daemon daemon;
    {
        HttpClient client = daemon.client();
        deploy_ok(client, "echo", "echo");
        deploy_ok(client, "fib", "fib");
        deploy_ok(client, "hello", "echo");   // version 1: an echo
        deploy_ok(client, "hello", "hello");  // version 2: the greeter
    }
    CHECK(daemon.stop() == 0);

    // Truncate fib's only version and hello's latest.
    for (const auto& path : {version_dir(daemon, "fib", 1) / "binary.elf",
                             version_dir(daemon, "hello", 2) / "binary.elf"}) {
        INFO(path.string());
        REQUIRE(std::filesystem::exists(path));
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
    }
    daemon.restart();

    HttpClient client = daemon.client();
    CHECK(daemon.request("GET", "/readyz").status == 200);
    CHECK(invoke(client, "echo", "fine").body == "fine");
    // fib has no intact version left: it is not served.
    check_error(client.request("GET", "/v1/functions/fib"), 404, "function_not_found");
    // hello falls back to its last intact version (function_store.hpp:
    // "the next older version is tried").
    const nlohmann::json hello = describe(client, "hello");
    CHECK(hello.at("version") == 1);
    CHECK(invoke(client, "hello", "Ada").body == "Ada");
    // The daemon says what it found (in the log of this run).
    const std::string log = daemon.last_run_log();
    INFO(log);
    CHECK(log.find(version_dir(daemon, "fib", 1).string()) != std::string::npos);
    CHECK(log.find(version_dir(daemon, "hello", 2).string()) != std::string::npos);
    // Assumption: a new deploy after the fallback gets a fresh number above
    // every version on disk, so the corrupt one is never overwritten.
    const Response redeploy = deploy_ok(client, "hello", "hello");
    CHECK(redeploy.json().at("version") >= 3);
    CHECK(invoke(client, "hello", "Ada").body == "Hello, Ada!");
}

}  // namespace
}  // namespace ember::e2e
