// The registry's deploy, switch, remove and load logic, with fake versions:
// no /dev/kvm needed.
#include "daemon/registry/function_registry.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <future>

#include "daemon/store/store_layout.hpp"
#include "tests/daemon/fake_versions.hpp"
#include "tests/eventually.hpp"
#include "tests/scratch_dir.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;
using ember::test::eventually;

namespace {

const std::vector<std::string> host_functions = sandbox::default_host_functions();

struct Fixture {
    Fixture() = default;
    explicit Fixture(DaemonConfig initial) : config(std::move(initial)) {}

    ScratchDir dir;
    FunctionStore store{dir.path(), host_functions};
    DaemonConfig config;
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry{store, config, versions, maintenance};
};

DeployError::Kind refusal(const std::function<void()>& action) {
    try {
        action();
    } catch (const DeployError& e) {
        return e.kind();
    }
    FAIL("no DeployError");
    return DeployError::Kind::storage;
}

pool::AcquireError acquire_error(pool::Pool& pool) {
    std::promise<pool::AcquireError> result;
    pool.acquire(std::chrono::steady_clock::now() + std::chrono::seconds(5),
                 [&result](pool::Acquired acquired) {
                     REQUIRE_FALSE(acquired.ok());
                     result.set_value(acquired.error());
                 });
    return result.get_future().get();
}

std::string refusal_message(const std::function<void()>& action) {
    try {
        action();
    } catch (const DeployError& e) {
        return e.what();
    }
    FAIL("no DeployError");
    return {};
}

constexpr uint64_t mib = 1 << 20;

FunctionConfig sandboxes_of(uint32_t memory_mb, uint32_t pool_min, uint32_t pool_max = 8) {
    FunctionConfig config;
    config.memory_mb = memory_mb;
    config.pool_min = pool_min;
    config.pool_max = pool_max;
    return config;
}

std::vector<uint32_t> versions_on_disk(const FunctionStore& store, const std::string& name) {
    return store_layout::list_versions(store.dir() / "functions" / name).versions;
}

}  // namespace

TEST_CASE("a deploy serves the new version and a redeploy switches to the next", "[registry]") {
    Fixture f;
    const auto first = f.registry.deploy("echo", binary("v1"), {});
    CHECK(first->stored.version == 1);
    CHECK(first->handlers == std::vector<std::string>{"main", "other"});
    CHECK(first->default_handler == "main");
    CHECK(f.registry.find("echo") == first);
    CHECK(first->pool->stats().ready == 1);  // warm before deploy() returned

    const auto second = f.registry.deploy("echo", binary("v2"), {});
    CHECK(second->stored.version == 2);
    CHECK(f.registry.find("echo") == second);
    CHECK(f.registry.list().size() == 1);
    // The old version is shut down once nothing routes to it.
    CHECK(acquire_error(*first->pool) == pool::AcquireError::shutting_down);
}

TEST_CASE("a refused deploy leaves nothing behind", "[registry]") {
    Fixture f;
    CHECK(refusal([&] { f.registry.deploy("Bad", binary("v1"), {}); }) ==
          DeployError::Kind::invalid_name);
    CHECK(f.versions.boots == 0);
    CHECK(refusal([&] { f.registry.deploy("echo", binary("not an elf"), {}); }) ==
          DeployError::Kind::invalid_binary);
    CHECK(f.registry.find("echo") == nullptr);
    std::vector<std::string> problems;
    CHECK(f.store.load_all(problems).empty());

    // A failed redeploy keeps the version being served.
    const auto served = f.registry.deploy("echo", binary("v1"), {});
    CHECK(refusal([&] { f.registry.deploy("echo", binary("not an elf"), {}); }) ==
          DeployError::Kind::invalid_binary);
    CHECK(f.registry.find("echo") == served);
}

TEST_CASE("a deploy in progress makes a second deploy or a remove of the name conflict",
          "[registry]") {
    Fixture f;
    f.versions.boot_gate->close();
    auto slow = std::async(std::launch::async,
                           [&] { return f.registry.deploy("echo", binary("slow boot"), {}); });
    REQUIRE(
        eventually([&] { return f.versions.boot_gate->waiting() == 1; }, std::chrono::seconds(20)));

    CHECK(refusal([&] { f.registry.deploy("echo", binary("v2"), {}); }) ==
          DeployError::Kind::conflict);
    CHECK(refusal([&] { f.registry.remove("echo"); }) == DeployError::Kind::conflict);
    // Other names are not held up.
    CHECK(f.registry.deploy("other", binary("v1"), {})->stored.version == 1);

    f.versions.boot_gate->open();
    CHECK(slow.get()->stored.version == 1);
    CHECK(f.registry.deploy("echo", binary("v2"), {})->stored.version == 2);
}

TEST_CASE("remove stops serving and deletes from the store", "[registry]") {
    Fixture f;
    const auto served = f.registry.deploy("echo", binary("v1"), {});
    CHECK(f.registry.remove("echo"));
    CHECK(f.registry.find("echo") == nullptr);
    CHECK(acquire_error(*served->pool) == pool::AcquireError::shutting_down);
    CHECK_FALSE(f.registry.remove("echo"));
    std::vector<std::string> problems;
    CHECK(f.store.load_all(problems).empty());
}

TEST_CASE("load serves what the store holds and reports what cannot boot", "[registry]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        store.put("echo", binary("v1"), {});
        store.put("echo", binary("v2"), {});
        store.put("broken", binary("not an elf"), {});
    }
    FunctionStore store(dir.path(), host_functions);
    DaemonConfig config;
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry(store, config, versions, maintenance);
    std::vector<std::string> problems;
    registry.load(problems);
    REQUIRE(registry.find("echo"));
    CHECK(registry.find("echo")->stored.version == 2);
    CHECK(registry.find("broken") == nullptr);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Matchers::Contains("broken version 1"));
    CHECK(registry.wait_warm(std::chrono::seconds(20)));
}

TEST_CASE("a deploy's initialisation runs under the daemon's max_init_ms", "[registry]") {
    Fixture f;
    f.config.max_init_ms = 1234;
    FunctionConfig patient;
    patient.timeout_ms = 60'000;
    f.registry.deploy("echo", binary("v1"), patient);
    CHECK(f.versions.last_init_timeout == std::chrono::milliseconds(1234));
}

TEST_CASE("max_functions caps the names served, not their versions", "[registry]") {
    Fixture f;
    f.config.max_functions = 2;
    f.registry.deploy("a", binary("v1"), {});
    f.registry.deploy("b", binary("v1"), {});
    CHECK(refusal([&] { f.registry.deploy("c", binary("v1"), {}); }) == DeployError::Kind::limit);
    CHECK(f.registry.find("c") == nullptr);
    std::vector<std::string> problems;
    CHECK(f.store.load_all(problems).size() == 2);  // nothing of c was stored

    // A new version of a name already served is no new function.
    CHECK(f.registry.deploy("a", binary("v2"), {})->stored.version == 2);
    // A first deploy still running counts too.
    f.registry.remove("b");
    f.versions.boot_gate->close();
    auto slow = std::async(std::launch::async,
                           [&] { return f.registry.deploy("b", binary("slow boot"), {}); });
    REQUIRE(
        eventually([&] { return f.versions.boot_gate->waiting() == 1; }, std::chrono::seconds(20)));
    CHECK(refusal([&] { f.registry.deploy("c", binary("v1"), {}); }) == DeployError::Kind::limit);
    f.versions.boot_gate->open();
    CHECK(slow.get()->stored.name == "b");
    CHECK(f.registry.list().size() == 2);
}

TEST_CASE("a deploy whose pool_min does not fit in max_guest_memory_mb is refused, unstored",
          "[registry]") {
    DaemonConfig config;
    config.max_guest_memory_mb = 64;
    Fixture f(config);
    f.registry.deploy("a", binary("v1"), sandboxes_of(16, 2));
    CHECK(f.registry.guest_memory().used() == 32 * mib);
    const std::string message =
        refusal_message([&] { f.registry.deploy("b", binary("v1"), sandboxes_of(16, 3)); });
    CHECK_THAT(message, Catch::Matchers::Contains("max_guest_memory_mb"));
    CHECK_THAT(message, Catch::Matchers::Contains("48 MiB"));
    CHECK(refusal([&] { f.registry.deploy("b", binary("v1"), sandboxes_of(16, 3)); }) ==
          DeployError::Kind::limit);
    CHECK(f.registry.find("b") == nullptr);
    std::vector<std::string> problems;
    CHECK(f.store.load_all(problems).size() == 1);  // nothing of b was stored
    CHECK(f.registry.guest_memory().used() == 32 * mib);

    // A redeploy needs room for both versions until the switch; then the
    // old one's memory comes back.
    CHECK(f.registry.deploy("a", binary("v2"), sandboxes_of(16, 2))->stored.version == 2);
    CHECK(f.registry.guest_memory().used() == 32 * mib);
    CHECK(refusal([&] { f.registry.deploy("a", binary("v3"), sandboxes_of(16, 3)); }) ==
          DeployError::Kind::limit);
    CHECK(f.registry.find("a")->stored.version == 2);

    // A delete gives its memory back.
    CHECK(f.registry.remove("a"));
    CHECK(f.registry.guest_memory().used() == 0);
    f.registry.deploy("b", binary("v1"), sandboxes_of(16, 3));
    CHECK(f.registry.guest_memory().used() == 48 * mib);
}

TEST_CASE("at start-up, a stored function whose pool_min no longer fits is reported, not served",
          "[registry]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        store.put("a", binary("v1"), sandboxes_of(16, 2));
        store.put("b", binary("v1"), sandboxes_of(16, 2));
    }
    FunctionStore store(dir.path(), host_functions);
    DaemonConfig config;
    config.max_guest_memory_mb = 48;
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry(store, config, versions, maintenance);
    std::vector<std::string> problems;
    registry.load(problems);
    CHECK(registry.find("a") != nullptr);
    CHECK(registry.find("b") == nullptr);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Matchers::Contains("max_guest_memory_mb"));
    CHECK(versions_on_disk(store, "b") == std::vector<uint32_t>{1});  // still stored
}

TEST_CASE("a deploy keeps max_versions_kept versions on disk, and a restart prunes to it",
          "[registry]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        DaemonConfig config;
        config.max_versions_kept = 3;
        FakeVersions versions;
        pool::Maintenance maintenance;
        FunctionRegistry registry(store, config, versions, maintenance);
        for (int v = 1; v <= 5; ++v)
            registry.deploy("echo", binary("v" + std::to_string(v)), {});
        registry.deploy("other", binary("v1"), {});
        CHECK(versions_on_disk(store, "echo") == std::vector<uint32_t>{5, 4, 3});
        CHECK(versions_on_disk(store, "other") == std::vector<uint32_t>{1});
        CHECK(registry.find("echo")->stored.version == 5);
    }
    // The operator lowers the cap: the restart prunes; the served version stays.
    FunctionStore store(dir.path(), host_functions);
    DaemonConfig config;
    config.max_versions_kept = 1;
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry(store, config, versions, maintenance);
    std::vector<std::string> problems;
    registry.load(problems);
    CHECK(problems.empty());
    REQUIRE(registry.find("echo") != nullptr);
    CHECK(registry.find("echo")->stored.version == 5);
    CHECK(versions_on_disk(store, "echo") == std::vector<uint32_t>{5});
    CHECK(registry.deploy("echo", binary("v6"), {})->stored.version == 6);
    CHECK(versions_on_disk(store, "echo") == std::vector<uint32_t>{6});
}

TEST_CASE("activate serves a stored version again, and a restart keeps serving it", "[registry]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        DaemonConfig config;
        FakeVersions versions;
        pool::Maintenance maintenance;
        FunctionRegistry registry(store, config, versions, maintenance);
        const auto first = registry.deploy("echo", binary("v1"), sandboxes_of(16, 1));
        const auto second = registry.deploy("echo", binary("v2"), sandboxes_of(32, 2));

        const auto rolled_back = registry.activate("echo", 1);
        CHECK(rolled_back->stored.version == 1);
        CHECK(rolled_back->stored.sha256 == first->stored.sha256);
        CHECK(rolled_back->stored.config.memory_mb == 16);  // the version's own config
        CHECK(registry.find("echo") == rolled_back);
        CHECK(rolled_back->pool->stats().ready == 1);  // warm before the switch
        CHECK(acquire_error(*second->pool) == pool::AcquireError::shutting_down);
        // Activating the active version changes nothing.
        CHECK(registry.activate("echo", 1) == rolled_back);

        CHECK(refusal([&] { registry.activate("echo", 9); }) ==
              DeployError::Kind::version_not_found);
        CHECK(refusal([&] { registry.activate("nope", 1); }) == DeployError::Kind::not_found);
        CHECK(registry.find("echo") == rolled_back);

        const auto listed = registry.versions("echo");
        REQUIRE(listed.size() == 2);
        CHECK(listed[0].version == 2);
        CHECK(listed[1].version == 1);
        CHECK(registry.versions("nope").empty());
    }
    FunctionStore store(dir.path(), host_functions);
    DaemonConfig config;
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry(store, config, versions, maintenance);
    std::vector<std::string> problems;
    registry.load(problems);
    CHECK(problems.empty());
    REQUIRE(registry.find("echo") != nullptr);
    CHECK(registry.find("echo")->stored.version == 1);
    // A deploy after a rollback serves the new version, across restarts too.
    CHECK(registry.deploy("echo", binary("v3"), {})->stored.version == 3);
    std::vector<std::string> reload_problems;
    CHECK(store.load_all(reload_problems).at(0).version == 3);
}

TEST_CASE("an activation during a deploy conflicts, and one that cannot boot changes nothing",
          "[registry]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    f.registry.deploy("echo", binary("v2"), {});
    f.versions.boot_gate->close();
    auto slow = std::async(std::launch::async,
                           [&] { return f.registry.deploy("echo", binary("slow boot"), {}); });
    REQUIRE(
        eventually([&] { return f.versions.boot_gate->waiting() == 1; }, std::chrono::seconds(20)));
    CHECK(refusal([&] { f.registry.activate("echo", 1); }) == DeployError::Kind::conflict);
    f.versions.boot_gate->open();
    CHECK(slow.get()->stored.version == 3);

    // Version 1 no longer passes the store's check: its binary was changed.
    const auto binary_path = f.store.dir() / "functions" / "echo" / "1" / "binary.elf";
    std::filesystem::resize_file(binary_path, 3);
    CHECK(refusal([&] { f.registry.activate("echo", 1); }) == DeployError::Kind::storage);
    CHECK(f.registry.find("echo")->stored.version == 3);
}

TEST_CASE("a pinned version boots once into a pool of its own, until pruned or removed",
          "[registry]") {
    DaemonConfig config;
    config.max_versions_kept = 2;
    Fixture f(config);
    f.registry.deploy("echo", binary("v1"), sandboxes_of(16, 2));
    const auto active = f.registry.deploy("echo", binary("v2"), sandboxes_of(16, 2));
    CHECK(f.registry.find("echo", 2) == active);
    CHECK(f.registry.find("echo", 1) == nullptr);  // not booted yet

    const int boots = f.versions.boots;
    const auto pinned = f.registry.pin("echo", 1);
    CHECK(pinned->stored.version == 1);
    CHECK(pinned->pool->stats().ready == 0);  // pool_min 0: no sandbox while idle
    CHECK(f.registry.find("echo", 1) == pinned);
    CHECK(f.registry.pin("echo", 1) == pinned);
    CHECK(f.versions.boots == boots + 1);
    CHECK(f.registry.find("echo") == active);  // the active one is untouched
    CHECK(refusal([&] { f.registry.pin("echo", 7); }) == DeployError::Kind::version_not_found);
    CHECK(refusal([&] { f.registry.pin("nope", 1); }) == DeployError::Kind::not_found);

    // A deploy prunes version 1 (max_versions_kept 2): its pinned pool goes too.
    f.registry.deploy("echo", binary("v3"), sandboxes_of(16, 2));
    CHECK(f.registry.find("echo", 1) == nullptr);
    CHECK(acquire_error(*pinned->pool) == pool::AcquireError::shutting_down);

    const auto pinned2 = f.registry.pin("echo", 2);
    CHECK(f.registry.remove("echo"));
    CHECK(f.registry.find("echo", 2) == nullptr);
    CHECK(acquire_error(*pinned2->pool) == pool::AcquireError::shutting_down);
}

TEST_CASE("activating a pinned version replaces its pinned pool with a warm one", "[registry]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), sandboxes_of(16, 1));
    f.registry.deploy("echo", binary("v2"), sandboxes_of(16, 1));
    const auto pinned = f.registry.pin("echo", 1);
    const auto active = f.registry.activate("echo", 1);
    CHECK(active != pinned);
    CHECK(active->pool->stats().ready == 1);
    CHECK(f.registry.find("echo", 1) == active);
    CHECK(acquire_error(*pinned->pool) == pool::AcquireError::shutting_down);
}

TEST_CASE("set_env serves a new version with the same binary and config, which deploys keep",
          "[registry]") {
    Fixture f;
    const FunctionEnv env{{{"GREETING", "hi"}}, {{"API_KEY", "s3cret"}}};
    CHECK(refusal([&] { f.registry.set_env("echo", env); }) == DeployError::Kind::not_found);

    const auto first = f.registry.deploy("echo", binary("v1"), sandboxes_of(4, 1));
    CHECK(first->stored.env.empty());
    const auto second = f.registry.set_env("echo", env);
    CHECK(second->stored.version == 2);
    CHECK(second->stored.env == env);
    CHECK(second->stored.sha256 == first->stored.sha256);
    CHECK(second->stored.config == first->stored.config);
    CHECK(f.versions.last_env == env);  // booted with it: init reads it
    CHECK(f.registry.find("echo") == second);

    // A new binary keeps the env; a restart serves it too.
    const auto third = f.registry.deploy("echo", binary("v3"), sandboxes_of(4, 1));
    CHECK(third->stored.env == env);
    CHECK(f.store.read("echo", 3).env == env);
    // Rolling back to version 1 brings back its (empty) env.
    CHECK(f.registry.activate("echo", 1)->stored.env.empty());
}
