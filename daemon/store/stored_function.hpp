// One stored, immutable function version and its meta.json record.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "daemon/config/function_config.hpp"
#include "daemon/config/function_env.hpp"
#include "daemon/store/binary_kind.hpp"

namespace ember::daemon {

struct StoredFunction {
    std::string name;
    uint32_t version = 0;     // 1, 2, 3... per name
    std::string sha256;       // of the binary, 64 lowercase hex digits
    uint64_t size_bytes = 0;  // of the binary
    BinaryKind kind = BinaryKind::elf;
    std::string created_at;  // RFC 3339, UTC, e.g. "2026-11-29T10:00:00Z"
    FunctionConfig config;
    FunctionEnv env;                    // not in meta.json: env.json, secrets.json
    std::filesystem::path binary_path;  // not in meta.json: where the store put it

    bool operator==(const StoredFunction&) const = default;
};

// meta.json: {"format": 1, "name", "version", "sha256", "size_bytes",
// "kind", "created_at", "config": {every FunctionConfig key}}. "kind" is
// "elf" or "wasm"; versions stored before Wasm modules existed lack it, and
// are ELFs.
inline constexpr int meta_format = 1;

nlohmann::json to_meta_json(const StoredFunction& function);

// Parses meta.json strictly (every key present, no others, config valid for
// `host_functions`); throws ConfigError naming the bad key. binary_path is
// left empty for the caller to fill in.
StoredFunction stored_function_from_meta(const nlohmann::json& meta,
                                         std::span<const std::string> host_functions);

// RFC 3339 in UTC with whole seconds.
std::string rfc3339_utc(std::chrono::system_clock::time_point time);

}  // namespace ember::daemon
