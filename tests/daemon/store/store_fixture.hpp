// Shared by the function store tests: a store in a scratch directory and
// helpers to make binaries and poke at the files behind the store's back.
#pragma once

#include <cstddef>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/function_store.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::daemon::test {

inline const std::vector<std::string> host_functions = {"log", "clock", "random"};

inline std::vector<std::byte> bytes_of(std::string_view text) {
    auto span = std::as_bytes(std::span(text.data(), text.size()));
    return {span.begin(), span.end()};
}

inline std::string text_of(const std::vector<std::byte>& bytes) {
    return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

inline void overwrite(const std::filesystem::path& path, std::string_view text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

inline std::filesystem::path version_dir(const std::filesystem::path& store, std::string_view name,
                                         uint32_t version) {
    return store / "functions" / name / std::to_string(version);
}

// True when some problem line contains `fragment`.
inline bool reported(const std::vector<std::string>& problems, std::string_view fragment) {
    for (const std::string& problem : problems) {
        if (problem.find(fragment) != std::string::npos) return true;
    }
    return false;
}

}  // namespace ember::daemon::test
