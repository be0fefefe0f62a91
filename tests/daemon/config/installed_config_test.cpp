// Tests config/system/emberd.json, the configuration `cmake --install` puts
// in /etc/ember: it loads, keeps the defaults of a fresh service and preloads
// nothing (its functions come over the API).
#include "daemon/config/daemon_config.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ember::daemon;

TEST_CASE("config/system/emberd.json, the installed configuration, is valid", "[daemon_config]") {
    const std::vector<std::string> host_functions = {"log", "clock", "random"};
    const DaemonConfig config = load_daemon_config_file(
        std::filesystem::path(EMBER_SOURCE_DIR) / "config/system/emberd.json", host_functions);
    CHECK(config.preload.empty());
    CHECK(config.data_dir == DaemonConfig{}.data_dir);
    CHECK(config.listen.host == "127.0.0.1");
    CHECK_FALSE(config.auth.enabled());
}
