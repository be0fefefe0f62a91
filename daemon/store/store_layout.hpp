// The store's on-disk layout (described in function_store.hpp): path names,
// version directory names, and reading a committed version back with checks.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "daemon/store/stored_function.hpp"

namespace ember::daemon::store_layout {

inline constexpr std::string_view functions_dir = "functions";
inline constexpr std::string_view staging_dir = "tmp";
inline constexpr std::string_view trash_dir = "trash";
inline constexpr std::string_view lock_file = "lock";
inline constexpr std::string_view binary_file = "binary.elf";
inline constexpr std::string_view meta_file = "meta.json";
// The env's values and secrets, each a JSON object of strings; absent when
// empty. secrets.json is readable by emberd's user only (0600).
inline constexpr std::string_view env_file = "env.json";
inline constexpr std::string_view secrets_file = "secrets.json";
inline constexpr std::string_view active_file = "active";

// "1", "2", ... as written by the store: digits only, no leading zero, fits
// uint32_t. Anything else is not a version directory.
std::optional<uint32_t> parse_version(std::string_view text);

struct VersionListing {
    std::vector<uint32_t> versions;       // highest first
    std::vector<std::string> unexpected;  // entries that are not version dirs
};

// The version directories of one function directory (StoreError if it
// cannot be listed); its `active` file is neither a version nor unexpected.
VersionListing list_versions(const std::filesystem::path& function_dir);

// Reads VERSION_DIR/meta.json and checks it against the directory's name and
// version and against binary.elf (size, then sha256 over the whole file).
// Throws (ConfigError, StoreError or std::runtime_error) with a message that
// says what is wrong; binary_path is filled in on success.
StoredFunction read_version(const std::filesystem::path& version_dir, const std::string& name,
                            uint32_t version, std::span<const std::string> host_functions);

// read_version() without reading binary.elf: for listings, which must not
// hash every binary. Both read the env files too; a message about
// secrets.json never quotes its content.
StoredFunction read_version_meta(const std::filesystem::path& version_dir, const std::string& name,
                                 uint32_t version, std::span<const std::string> host_functions);

// FUNCTION_DIR/active: {"version": N, "newest": M}, written when version N
// was made the active one while M was the newest stored. A version above M
// was deployed since, and is the one served.
struct ActiveVersion {
    uint32_t version = 0;
    uint32_t newest = 0;
};
std::string active_text(ActiveVersion active);
// nullopt when there is no such file; throws std::runtime_error when it
// holds anything else.
std::optional<ActiveVersion> read_active(const std::filesystem::path& function_dir);

}  // namespace ember::daemon::store_layout
