// meta.json (de)serialisation for StoredFunction, and its timestamp format.
#include "daemon/store/stored_function.hpp"

#include <ctime>

#include "daemon/config/config_error.hpp"
#include "daemon/config/json_reader.hpp"

namespace ember::daemon {

namespace {

constexpr std::size_t sha256_hex_digits = 64;

void require(bool present, const JsonReader& reader, std::string_view key) {
    if (!present) throw ConfigError(reader.path_of(key) + ": missing");
}

bool is_lower_hex(const std::string& text) {
    return text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

nlohmann::json to_meta_json(const StoredFunction& function) {
    return {{"format", meta_format},
            {"name", function.name},
            {"version", function.version},
            {"sha256", function.sha256},
            {"size_bytes", function.size_bytes},
            {"kind", binary_kind_name(function.kind)},
            {"created_at", function.created_at},
            {"config", to_json(function.config)}};
}

StoredFunction stored_function_from_meta(const nlohmann::json& meta,
                                         std::span<const std::string> host_functions) {
    StoredFunction function;
    JsonReader reader(meta, "");
    uint32_t format = 0;
    require(reader.read("format", format, meta_format, meta_format), reader, "format");
    require(reader.read("name", function.name), reader, "name");
    require(reader.read("version", function.version, 1, UINT32_MAX), reader, "version");
    require(reader.read("sha256", function.sha256), reader, "sha256");
    require(reader.read("size_bytes", function.size_bytes, 0, UINT64_MAX), reader, "size_bytes");
    std::string kind;
    if (reader.read("kind", kind)) {
        const auto known = binary_kind_named(kind);
        if (!known) throw ConfigError(reader.path_of("kind") + ": expected \"elf\" or \"wasm\"");
        function.kind = *known;
    }
    require(reader.read("created_at", function.created_at), reader, "created_at");
    const nlohmann::json* config = reader.take("config");
    require(config != nullptr, reader, "config");
    // Every key is written by to_json, so a missing one means a damaged file;
    // the base only matters for that case and is never used silently.
    if (config->size() != to_json(FunctionConfig{}).size()) {
        throw ConfigError("config: expected every key of a function config");
    }
    function.config =
        function_config_from_json(*config, FunctionConfig{}, host_functions, "config");
    reader.finish();
    if (function.sha256.size() != sha256_hex_digits || !is_lower_hex(function.sha256)) {
        throw ConfigError("sha256: expected 64 lowercase hex digits");
    }
    return function;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point time) {
    std::time_t seconds = std::chrono::system_clock::to_time_t(time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char text[sizeof "YYYY-MM-DDTHH:MM:SSZ" + 8];  // room for years past 9999
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
    return text;
}

}  // namespace ember::daemon
