// ember-test-store DIR put NAME: stores one version of NAME in the store at
// DIR and prints its number.
// ember-test-store DIR prune NAME KEEP: prunes NAME to its KEEP newest
// versions and the one load_all() serves, and prints what it removed.
// The commit-protocol tests run it under strace, and kill it mid-way.
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "daemon/store/function_store.hpp"
#include "sandbox/host_functions.hpp"

namespace {

using ember::daemon::FunctionStore;

int put(FunctionStore& store, const std::string& name) {
    const std::string_view binary = "a binary";
    const auto stored = store.put(name, std::as_bytes(std::span(binary.data(), binary.size())), {});
    std::printf("%u\n", stored.version);
    return 0;
}

int prune(FunctionStore& store, const std::string& name, uint32_t keep) {
    std::vector<std::string> problems;
    for (const auto& function : store.load_all(problems)) {
        if (function.name != name) continue;
        for (uint32_t version : store.prune(name, keep, function.version))
            std::printf("%u\n", version);
        return 0;
    }
    std::fprintf(stderr, "no function named %s\n", name.c_str());
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string command = argc > 2 ? argv[2] : "";
    if (!((argc == 4 && command == "put") || (argc == 5 && command == "prune"))) {
        std::fprintf(stderr, "usage: %s DIR put NAME | DIR prune NAME KEEP\n", argv[0]);
        return 2;
    }
    try {
        FunctionStore store(argv[1], ember::sandbox::default_host_functions());
        if (command == "put") return put(store, argv[3]);
        return prune(store, argv[3], static_cast<uint32_t>(std::stoul(argv[4])));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
