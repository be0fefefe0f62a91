// Tests daemon/command_line: options in both spellings, and usage errors.
#include "daemon/config/command_line.hpp"

#include <catch2/catch.hpp>

#include <vector>

using namespace ember::daemon;

namespace {

CommandLine parse(std::vector<const char*> args) {
    args.insert(args.begin(), "emberd");
    return parse_command_line(static_cast<int>(args.size()), args.data());
}

}  // namespace

TEST_CASE("no arguments: nothing overridden", "[command_line]") {
    CommandLine line = parse({});
    CHECK_FALSE(line.config_file);
    CHECK_FALSE(line.listen);
    CHECK_FALSE(line.data_dir);
    CHECK_FALSE(line.log_level);
    CHECK_FALSE(line.help);
    CHECK_FALSE(line.allow_unauthenticated);
}

TEST_CASE("every option, as two words and with '='", "[command_line]") {
    CommandLine line = parse({"--config", "config/emberd.json", "--listen=0.0.0.0:9000",
                              "--data-dir", "/srv/ember", "--log-level=debug"});
    CHECK(line.config_file == std::filesystem::path("config/emberd.json"));
    CHECK(line.listen == "0.0.0.0:9000");
    CHECK(line.data_dir == std::filesystem::path("/srv/ember"));
    CHECK(line.log_level == "debug");
}

TEST_CASE("--help and -h", "[command_line]") {
    CHECK(parse({"--help"}).help);
    CHECK(parse({"--allow-unauthenticated"}).allow_unauthenticated);
    CHECK(parse({"-h"}).help);
    std::string usage = usage_text("emberd");
    for (const char* option : {"--config", "--listen", "--data-dir", "--log-level",
                               "--allow-unauthenticated", "--help"}) {
        CHECK_THAT(usage, Catch::Matchers::Contains(option));
    }
}

TEST_CASE("emberd --version", "[command_line]") {
    CHECK(parse({"--version"}).version);
    CHECK_FALSE(parse({}).version);
    CHECK_THAT(usage_text("emberd"), Catch::Matchers::Contains("--version"));
}

TEST_CASE("usage errors say what is wrong", "[command_line]") {
    CHECK_THROWS_WITH(parse({"--lisen", "1.2.3.4:80"}), "unknown option '--lisen'");
    CHECK_THROWS_WITH(parse({"--verbose=1"}), "unknown option '--verbose'");
    CHECK_THROWS_WITH(parse({"-v"}), "unexpected argument '-v'");
    CHECK_THROWS_WITH(parse({"config.json"}), "unexpected argument 'config.json'");
    CHECK_THROWS_WITH(parse({"--config"}), "--config needs a value");
    CHECK_THROWS_WITH(parse({"--listen="}), "--listen needs a value");
    CHECK_THROWS_WITH(parse({"--data-dir", "a", "--data-dir", "b"}), "--data-dir given twice");
    CHECK_THROWS_AS(parse({"--nope"}), UsageError);
}
