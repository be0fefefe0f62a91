// Tests the .deb that cpack makes of this tree (packaging/): its files, as
// dpkg-deb lists them; its dependencies and maintainer scripts; lintian's
// verdict where lintian is installed.
#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <sstream>

#include "tests/packaging/command.hpp"
#include "tests/packaging/deb/built_deb.hpp"
#include "tests/packaging/install_layout.hpp"
#include "tests/skip.hpp"

using namespace ember::packaging::test;
using Catch::Matchers::Contains;

namespace {

struct Entry {
    std::string mode;   // "-rwxr-xr-x"
    std::string owner;  // "root/root"
};

// dpkg-deb --contents: "MODE OWNER SIZE DATE TIME ./PATH", the files only,
// by their installed path. The export file CMake names after the build type
// (EmberGuestTargets-debug.cmake, -release, ...) is listed as -CONFIG.
std::map<std::string, Entry> files_of(const BuiltDeb& deb) {
    const CommandResult contents = run_command("dpkg-deb --contents " + quoted(deb.file()));
    INFO(contents.errors);
    REQUIRE(contents.status == 0);
    std::map<std::string, Entry> files;
    std::istringstream lines(contents.output);
    std::string line;
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        Entry entry;
        std::string size, date, time, path;
        fields >> entry.mode >> entry.owner >> size >> date >> time >> path;
        if (entry.mode.starts_with('d')) continue;
        path.erase(0, 1);
        const std::string targets = "/EmberGuestTargets-";
        if (const auto at = path.find(targets); at != std::string::npos)
            path = path.substr(0, at) + targets + "CONFIG.cmake";
        files[path] = entry;
    }
    return files;
}

std::string control_file(const BuiltDeb& deb, const std::string& name) {
    const CommandResult info =
        run_command("dpkg-deb --info " + quoted(deb.file()) + " " + quoted(name));
    INFO(name << ": " << info.errors);
    REQUIRE(info.status == 0);
    return info.output;
}

}  // namespace

TEST_CASE("the .deb holds the daemon, the client, the units, the configuration and the SDK",
          "[packaging]") {
    const BuiltDeb deb;
    const std::map<std::string, Entry> files = files_of(deb);
    const std::string examples = (layout.datadir / "ember/examples").string();
    const std::string cmake = (layout.libdir / "cmake/EmberGuest").string();
    const std::string docs = layout.docdir.string();
    const std::set<std::string> expected = {
        (layout.bindir / "emberd").string(),
        (layout.bindir / "ember").string(),
        (layout.sysconfdir / "ember/emberd.json").string(),
        (layout.unitdir / "emberd.service").string(),
        (layout.unitdir / "emberd.socket").string(),
        (layout.sysusersdir / "ember.conf").string(),
        (layout.tmpfilesdir / "ember.conf").string(),
        (layout.includedir / "ember/abi.h").string(),
        (layout.includedir / "ember/guest.h").string(),
        (layout.includedir / "ember/libc.h").string(),
        (layout.libdir / "libember_guest.a").string(),
        (layout.libdir / "ember/guest.ld").string(),
        cmake + "/EmberGuest.cmake",
        cmake + "/EmberGuestConfig.cmake",
        cmake + "/EmberGuestConfigVersion.cmake",
        cmake + "/EmberGuestTargets.cmake",
        cmake + "/EmberGuestTargets-CONFIG.cmake",
        examples + "/README.md",
        examples + "/counter.c",
        examples + "/echo.c",
        examples + "/fib.c",
        examples + "/hello.c",
        examples + "/json_pretty.c",
        examples + "/json_pretty_core.c",
        examples + "/json_pretty_core.h",
        examples + "/proxy.c",
        examples + "/sha256.c",
        examples + "/sha256_core.c",
        examples + "/sha256_core.h",
        examples + "/visits.c",
        examples + "/wordcount.cpp",
        examples + "/wasm/ember_wasm.h",
        examples + "/wasm/json_pretty.c",
        examples + "/wasm/read_input.h",
        examples + "/wasm/sha256.c",
        examples + "/wasm/textops.c",
        examples + "/wasm/wordcount.c",
        examples + "/wasm/wordfreq.cpp",
        docs + "/README.md",
        docs + "/SECURITY.md",
        docs + "/api.md",
        docs + "/changelog.gz",
        docs + "/host-functions.md",
        docs + "/openapi.yaml",
        docs + "/config.md",
        docs + "/systemd.md",
        docs + "/wasm.md",
    };
    std::set<std::string> listed;
    for (const auto& [path, entry] : files) {
        listed.insert(path);
        INFO(path);
        CHECK(entry.owner == "root/root");
    }
    CHECK(listed == expected);
    for (const std::filesystem::path& program :
         {layout.bindir / "emberd", layout.bindir / "ember"}) {
        INFO(program);
        CHECK(files.at(program.string()).mode == "-rwxr-xr-x");
    }
}

TEST_CASE("the .deb depends on what it links, and leaves the service disabled", "[packaging]") {
    const BuiltDeb deb;
    const CommandResult depends =
        run_command("dpkg-deb --field " + quoted(deb.file()) + " Depends");
    INFO("Depends: " << depends.output);
    REQUIRE(depends.status == 0);
    for (const char* library : {"libspdlog", "libfmt", "libssl3", "libstdc++6", "libc6"})
        CHECK_THAT(depends.output, Contains(library));
    CHECK_THAT(depends.output, Contains("systemd-sysusers"));

    CHECK(control_file(deb, "conffiles") ==
          (layout.sysconfdir / "ember/emberd.json").string() + "\n");
    const std::string postinst = control_file(deb, "postinst");
    CHECK_THAT(postinst, Contains("systemd-sysusers"));
    CHECK_THAT(postinst, Contains("systemctl --system daemon-reload"));
    CHECK_THAT(postinst, !Contains("helper enable") && !Contains("systemctl enable") &&
                             !Contains("invoke start"));
    CHECK_THAT(control_file(deb, "prerm"), Contains("deb-systemd-invoke stop"));
}

// Warnings are left to the maintainers (they show with a failure). So is
// no-copyright-file: the repository states no licence yet, and the
// copyright file cannot be written before it does.
TEST_CASE("lintian finds no error in the .deb", "[packaging]") {
    if (!has_program("lintian")) ember::test::skip_test("lintian is not installed");
    const BuiltDeb deb;
    const CommandResult lintian = run_command(
        "lintian --fail-on error --suppress-tags no-copyright-file " + quoted(deb.file()));
    INFO(lintian.output << lintian.errors);
    CHECK(lintian.status == 0);
}
