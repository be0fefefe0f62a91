// The in-process benchmarks' shared plumbing.
#include "loadtest/bench_args.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "base/read_file.hpp"

namespace ember::loadtest {

BenchArgs parse_bench_args(int argc, char** argv, const char* program, int default_calls) {
    BenchArgs args;
    args.calls = default_calls;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--json") {
            args.json = true;
        } else if (arg == "--guests" && i + 1 < argc) {
            args.guests = argv[++i];
        } else if (arg == "--calls" && i + 1 < argc) {
            args.calls = std::max(10, std::atoi(argv[++i]));
        } else {
            std::fprintf(stderr, "usage: %s [--json] [--guests DIR] [--calls N]\n", program);
            std::exit(2);
        }
    }
    return args;
}

std::vector<std::byte> read_guest(const BenchArgs& args, const std::string& name) {
    const std::string path = args.guests + "/" + name + ".elf";
    try {
        return read_file(path);
    } catch (const std::exception&) {
        throw std::runtime_error("cannot read " + path + " (use --guests DIR)");
    }
}

void print_json(const std::map<std::string, double>& figures) {
    std::printf("{");
    const char* separator = "";
    for (const auto& [key, value] : figures) {
        std::printf("%s\"%s\": %.3f", separator, key.c_str(), value);
        separator = ", ";
    }
    std::printf("}\n");
}

}  // namespace ember::loadtest
