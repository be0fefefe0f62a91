// Tests daemon/function_store: put, versions, restart, read_binary, remove,
// name and config checks, and the one-store-per-directory lock.
#include "daemon/store/function_store.hpp"

#include <catch2/catch.hpp>

#include <regex>

#include "base/sha256.hpp"
#include "daemon/config/config_error.hpp"
#include "tests/daemon/store/store_fixture.hpp"

using namespace ember::daemon;
using namespace ember::daemon::test;

namespace {

bool empty_dir(const std::filesystem::path& dir) {
    return std::filesystem::is_empty(dir);
}

std::vector<StoredFunction> load(FunctionStore& store) {
    std::vector<std::string> problems;
    std::vector<StoredFunction> functions = store.load_all(problems);
    INFO("problems: " << problems.size());
    for (const std::string& problem : problems)
        UNSCOPED_INFO(problem);
    CHECK(problems.empty());
    return functions;
}

}  // namespace

TEST_CASE("put stores a verified first version", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    FunctionConfig config{.memory_mb = 4,
                          .timeout_ms = 50,
                          .pool_min = 0,
                          .pool_max = 2,
                          .max_queue = 3,
                          .host_functions = {"log"}};
    std::vector<std::byte> binary = bytes_of(
        "\x7f"
        "ELF pretend");

    StoredFunction stored = store.put("echo", binary, config);
    CHECK(stored.name == "echo");
    CHECK(stored.version == 1);
    CHECK(stored.sha256 == ember::sha256_hex(binary));
    CHECK(stored.size_bytes == binary.size());
    CHECK(std::regex_match(stored.created_at, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
    CHECK(stored.config == config);
    CHECK(stored.binary_path == version_dir(dir.path(), "echo", 1) / "binary.elf");
    CHECK(store.read_binary(stored) == binary);
    CHECK(empty_dir(dir.path() / "tmp"));  // the staging directory was committed
}

TEST_CASE("meta.json records everything but the path", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    StoredFunction stored = store.put("echo", bytes_of("x"), FunctionConfig{});
    std::ifstream in(version_dir(dir.path(), "echo", 1) / "meta.json");
    nlohmann::json meta = nlohmann::json::parse(in);
    CHECK(meta["format"] == 1);
    CHECK(meta["name"] == "echo");
    CHECK(meta["version"] == 1);
    CHECK(meta["sha256"] == stored.sha256);
    CHECK(meta["size_bytes"] == 1);
    CHECK(meta["created_at"] == stored.created_at);
    CHECK(meta["config"] == to_json(FunctionConfig{}));
    CHECK_FALSE(meta.contains("binary_path"));
}

TEST_CASE("versions count up per name and load_all returns the latest", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    CHECK(store.put("b", bytes_of("b1"), {}).version == 1);
    CHECK(store.put("a", bytes_of("a1"), {}).version == 1);
    CHECK(store.put("b", bytes_of("b2"), {}).version == 2);
    StoredFunction b3 = store.put("b", bytes_of("b3"), {});
    CHECK(b3.version == 3);

    std::vector<StoredFunction> functions = load(store);
    REQUIRE(functions.size() == 2);
    CHECK(functions[0].name == "a");  // sorted by name
    CHECK(functions[1] == b3);
    CHECK(text_of(store.read_binary(functions[1])) == "b3");
    // Older versions stay on disk: versions are immutable, not replaced.
    CHECK(std::filesystem::exists(version_dir(dir.path(), "b", 1) / "binary.elf"));
}

TEST_CASE("a new store on the same directory sees everything", "[function_store]") {
    ScratchDir dir;
    StoredFunction echo, fib;
    {
        FunctionStore store(dir.path(), host_functions);
        store.put("echo", bytes_of("e1"), {});
        echo = store.put("echo", bytes_of("e2"), FunctionConfig{.memory_mb = 8});
        fib = store.put("fib", bytes_of("f1"), {});
    }
    FunctionStore store(dir.path(), host_functions);
    std::vector<StoredFunction> functions = load(store);
    REQUIRE(functions.size() == 2);
    CHECK(functions[0] == echo);
    CHECK(functions[1] == fib);
    CHECK(text_of(store.read_binary(functions[0])) == "e2");
    CHECK(store.put("echo", bytes_of("e3"), {}).version == 3);
}

TEST_CASE("the empty binary is a binary like any other", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    StoredFunction stored = store.put("empty", {}, {});
    CHECK(stored.size_bytes == 0);
    CHECK(store.read_binary(stored).empty());
    CHECK(load(store).size() == 1);
}

TEST_CASE("read_binary refuses a binary changed on disk", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    StoredFunction stored = store.put("echo", bytes_of("original"), {});
    overwrite(stored.binary_path, "tampered");
    try {
        store.read_binary(stored);
        FAIL("no StoreError");
    } catch (const StoreError& e) {
        CHECK(e.code().value() == EIO);
        CHECK_THAT(e.what(),
                   Catch::Matchers::StartsWith("verifying " + stored.binary_path.string()));
    }
}

TEST_CASE("remove deletes every version, durably", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    store.put("echo", bytes_of("1"), {});
    StoredFunction second = store.put("echo", bytes_of("2"), {});
    store.put("fib", bytes_of("f"), {});

    CHECK(store.remove("echo"));
    CHECK_FALSE(std::filesystem::exists(dir.path() / "functions" / "echo"));
    CHECK(empty_dir(dir.path() / "trash"));
    CHECK_FALSE(store.remove("echo"));
    CHECK_THROWS_AS(store.read_binary(second), StoreError);

    std::vector<StoredFunction> functions = load(store);
    REQUIRE(functions.size() == 1);
    CHECK(functions[0].name == "fib");
    // Within the store's lifetime a number is never handed out twice.
    CHECK(store.put("echo", bytes_of("3"), {}).version == 3);
}

TEST_CASE("invalid names are refused before they become paths", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    for (const char* name : {"", "..", "../etc", "a/b", "Echo", "-x"}) {
        try {
            store.put(name, bytes_of("x"), {});
            FAIL("put accepted '" << name << "'");
        } catch (const StoreError& e) {
            CHECK(e.code().value() == EINVAL);
            CHECK_THAT(e.what(), Catch::Matchers::Contains("invalid function name"));
        }
        CHECK_THROWS_AS(store.remove(name), StoreError);
    }
    CHECK(empty_dir(dir.path() / "functions"));
}

TEST_CASE("put refuses an invalid config", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path(), host_functions);
    CHECK_THROWS_AS(store.put("echo", bytes_of("x"), FunctionConfig{.memory_mb = 1}), ConfigError);
    CHECK_THROWS_AS(store.put("echo", bytes_of("x"), FunctionConfig{.host_functions = {"net"}}),
                    ConfigError);
    CHECK(empty_dir(dir.path() / "functions"));
}

TEST_CASE("one store per directory", "[function_store]") {
    ScratchDir dir;
    auto first = std::make_unique<FunctionStore>(dir.path(), host_functions);
    CHECK_THROWS_WITH(FunctionStore(dir.path(), host_functions),
                      Catch::Matchers::Contains("is another emberd using"));
    first.reset();
    CHECK_NOTHROW(FunctionStore(dir.path(), host_functions));
}

TEST_CASE("the store creates its directory", "[function_store]") {
    ScratchDir dir;
    FunctionStore store(dir.path() / "a" / "b", host_functions);
    CHECK(std::filesystem::is_directory(dir.path() / "a" / "b" / "functions"));
    CHECK(load(store).empty());
}

TEST_CASE("a version's env is stored with it, its secrets readable by emberd's user only",
          "[function_store]") {
    ScratchDir dir;
    const FunctionEnv env{{{"GREETING", "hi"}}, {{"API_KEY", "s3cret"}}};
    {
        FunctionStore store(dir.path(), host_functions);
        const StoredFunction first = store.put("echo", bytes_of("e1"), FunctionConfig{});
        CHECK(first.env.empty());
        const StoredFunction second = store.put("echo", bytes_of("e1"), FunctionConfig{}, env);
        CHECK(second.env == env);
        const auto version_dir = dir.path() / "functions/echo/2";
        const auto secrets = std::filesystem::status(version_dir / "secrets.json").permissions();
        using std::filesystem::perms;
        CHECK((secrets & (perms::group_all | perms::others_all)) == perms::none);
        CHECK(std::filesystem::exists(version_dir / "env.json"));
        CHECK_FALSE(std::filesystem::exists(dir.path() / "functions/echo/1/secrets.json"));
        CHECK(store.read("echo", 1).env.empty());
        CHECK(store.read("echo", 2).env == env);
    }
    FunctionStore reopened(dir.path(), host_functions);
    const std::vector<StoredFunction> loaded = load(reopened);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].env == env);
    CHECK(reopened.versions("echo").front().env == env);
    CHECK_THROWS_AS(
        reopened.put("echo", bytes_of("x"), FunctionConfig{}, FunctionEnv{{{"BAD NAME", "v"}}, {}}),
        ConfigError);
}

TEST_CASE("a damaged secrets file fails the version without quoting it", "[function_store]") {
    ScratchDir dir;
    {
        FunctionStore store(dir.path(), host_functions);
        store.put("echo", bytes_of("e1"), FunctionConfig{});
        store.put("echo", bytes_of("e2"), FunctionConfig{}, FunctionEnv{{}, {{"KEY", "hunter2"}}});
    }
    overwrite(dir.path() / "functions/echo/2/secrets.json", "{\"KEY\": \"hunter2");  // cut short
    FunctionStore store(dir.path(), host_functions);
    std::vector<std::string> problems;
    const std::vector<StoredFunction> loaded = store.load_all(problems);
    REQUIRE(loaded.size() == 1);
    CHECK(loaded[0].version == 1);
    REQUIRE(problems.size() == 1);
    CHECK_THAT(problems[0], Catch::Contains("secrets.json is not valid JSON"));
    CHECK_THAT(problems[0], !Catch::Contains("hunter2"));
}
