// What the in-process benchmarks (ember-sandbox-bench, ember-hostcall-bench)
// share: their command line, the guest binaries they load, and their JSON.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace ember::loadtest {

struct BenchArgs {
    std::string guests = "build/guests";
    int calls = 0;
    bool json = false;
};

// [--json] [--guests DIR] [--calls N] (N at least 10); prints the usage
// naming `program` and exits 2 on anything else.
BenchArgs parse_bench_args(int argc, char** argv, const char* program, int default_calls);

// GUESTS/NAME.elf; throws std::runtime_error naming the file when it cannot
// be read.
std::vector<std::byte> read_guest(const BenchArgs& args, const std::string& name);

// One JSON object of the figures, on one line.
void print_json(const std::map<std::string, double>& figures);

}  // namespace ember::loadtest
