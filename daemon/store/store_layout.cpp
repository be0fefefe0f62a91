// Reading committed versions back from disk, trusting nothing in them.
#include "daemon/store/store_layout.hpp"

#include <algorithm>
#include <charconv>
#include <stdexcept>
#include <system_error>

#include "base/read_file.hpp"
#include "base/sha256.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/store/durable_io.hpp"
#include "daemon/store/store_error.hpp"

namespace ember::daemon::store_layout {

namespace {

nlohmann::json read_json(const std::filesystem::path& path) {
    std::vector<std::byte> bytes = read_file(path);
    std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(path.string() + " is not valid JSON: " + e.what());
    }
}

// An env file, or an empty map when it is absent. Secrets stay out of every
// message: a parse error names only where it failed.
std::map<std::string, std::string> read_env_file(const std::filesystem::path& path, bool secret) {
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        if (error) throw StoreError(error.value(), "looking up " + path.string());
        return {};
    }
    try {
        const std::vector<std::byte> bytes = read_file(path);
        const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
        return env_map_from_json(nlohmann::json::parse(text), secret ? "secrets" : "values");
    } catch (const nlohmann::json::parse_error& e) {
        throw std::runtime_error(
            path.string() + " is not valid JSON" +
            (secret ? " (at byte " + std::to_string(e.byte) + ")" : ": " + std::string(e.what())));
    } catch (const ConfigError& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
}

FunctionEnv read_env(const std::filesystem::path& version_dir) {
    FunctionEnv env{read_env_file(version_dir / env_file, false),
                    read_env_file(version_dir / secrets_file, true)};
    try {
        validate(env);
    } catch (const ConfigError& e) {
        throw std::runtime_error(version_dir.string() + ": env: " + e.what());
    }
    return env;
}

void check_identity(const StoredFunction& function, const std::string& name, uint32_t version,
                    const std::filesystem::path& meta) {
    if (function.name != name || function.version != version) {
        throw std::runtime_error(meta.string() + " describes " + function.name + " version " +
                                 std::to_string(function.version) + ", not " + name + " version " +
                                 std::to_string(version));
    }
}

// Size first: it is cheap and catches a truncated binary without hashing it.
void check_binary(const StoredFunction& function) {
    std::error_code error;
    uint64_t size = std::filesystem::file_size(function.binary_path, error);
    if (error)
        throw StoreError(error.value(), "reading the size of " + function.binary_path.string());
    if (size != function.size_bytes) {
        throw std::runtime_error(function.binary_path.string() + " has " + std::to_string(size) +
                                 " bytes, meta.json says " + std::to_string(function.size_bytes));
    }
    Sha256 hash;
    read_file_chunks(function.binary_path,
                     [&](std::span<const std::byte> chunk) { hash.update(chunk); });
    std::string actual = hash.hex_digest();
    if (actual != function.sha256) {
        throw std::runtime_error(function.binary_path.string() + " has sha256 " + actual +
                                 ", meta.json says " + function.sha256);
    }
}

}  // namespace

std::optional<uint32_t> parse_version(std::string_view text) {
    if (text.empty() || text.front() == '0') return std::nullopt;
    uint32_t version = 0;
    const char* end = text.data() + text.size();
    auto [stop, error] = std::from_chars(text.data(), end, version);
    if (error != std::errc{} || stop != end) return std::nullopt;
    return version;
}

VersionListing list_versions(const std::filesystem::path& function_dir) {
    VersionListing listing;
    for (const std::filesystem::path& entry : list_directory(function_dir)) {
        std::optional<uint32_t> version = parse_version(entry.filename().string());
        std::error_code error;
        if (entry.filename() == active_file && std::filesystem::is_regular_file(entry, error))
            continue;
        if (version && std::filesystem::is_directory(entry, error)) {
            listing.versions.push_back(*version);
        } else {
            listing.unexpected.push_back(entry.string());
        }
    }
    std::sort(listing.versions.rbegin(), listing.versions.rend());
    return listing;
}

StoredFunction read_version(const std::filesystem::path& version_dir, const std::string& name,
                            uint32_t version, std::span<const std::string> host_functions) {
    StoredFunction function = read_version_meta(version_dir, name, version, host_functions);
    check_binary(function);
    return function;
}

StoredFunction read_version_meta(const std::filesystem::path& version_dir, const std::string& name,
                                 uint32_t version, std::span<const std::string> host_functions) {
    std::filesystem::path meta_path = version_dir / meta_file;
    nlohmann::json meta = read_json(meta_path);
    StoredFunction function;
    try {
        function = stored_function_from_meta(meta, host_functions);
    } catch (const std::exception& e) {
        throw std::runtime_error(meta_path.string() + ": " + e.what());
    }
    check_identity(function, name, version, meta_path);
    function.env = read_env(version_dir);
    function.binary_path = version_dir / binary_file;
    return function;
}

std::string active_text(ActiveVersion active) {
    return nlohmann::json{{"version", active.version}, {"newest", active.newest}}.dump() + "\n";
}

std::optional<ActiveVersion> read_active(const std::filesystem::path& function_dir) {
    const std::filesystem::path path = function_dir / active_file;
    std::error_code error;
    if (!std::filesystem::exists(path, error)) {
        if (error) throw StoreError(error.value(), "looking up " + path.string());
        return std::nullopt;
    }
    const nlohmann::json json = read_json(path);
    const auto number = [&](const char* key) -> uint32_t {
        const auto found = json.is_object() ? json.find(key) : json.end();
        if (found == json.end() || !found->is_number_unsigned() || found->get<uint64_t>() < 1 ||
            found->get<uint64_t>() > UINT32_MAX)
            throw std::runtime_error(path.string() + ": \"" + key + "\" is not a version number");
        return found->get<uint32_t>();
    };
    const ActiveVersion active{number("version"), number("newest")};
    if (json.size() != 2 || active.version > active.newest)
        throw std::runtime_error(path.string() + " is not {\"version\": N, \"newest\": M}");
    return active;
}

}  // namespace ember::daemon::store_layout
