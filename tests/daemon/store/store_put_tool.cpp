// ember-test-store-put DIR NAME: stores one version of NAME in the store at
// DIR and exits. The commit-protocol test runs it under strace.
#include <cstdio>
#include <exception>
#include <string_view>

#include "daemon/store/function_store.hpp"
#include "sandbox/host_functions.hpp"

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s DIR NAME\n", argv[0]);
        return 2;
    }
    try {
        ember::daemon::FunctionStore store(argv[1], ember::sandbox::default_host_functions());
        const std::string_view binary = "a binary";
        const auto stored =
            store.put(argv[2], std::as_bytes(std::span(binary.data(), binary.size())), {});
        std::printf("%u\n", stored.version);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 1;
    }
}
