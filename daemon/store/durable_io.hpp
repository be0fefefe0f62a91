// The few file operations the store is built from, each one either durable
// when it returns or a StoreError naming what failed and where.
#pragma once

#include <sys/types.h>
#include <cstddef>

#include <filesystem>
#include <span>
#include <string>
#include <vector>

namespace ember::daemon {

// Creates `path` (it must not exist) with permissions `mode`, writes all of
// `bytes`, fsyncs and closes it; close() is checked because a deferred write
// error can surface there. On failure the partial file is removed.
void write_new_file(const std::filesystem::path& path, std::span<const std::byte> bytes,
                    mode_t mode = 0644);

// Makes the directory's entries (created, renamed, removed files) durable.
void fsync_directory(const std::filesystem::path& dir);

// mkdir; true when it created the directory, false when it already existed.
bool make_directory(const std::filesystem::path& dir);

// rename(2): atomic; a directory may replace an empty directory.
void rename_path(const std::filesystem::path& from, const std::filesystem::path& to);

// The entries of a directory (without . and ..), sorted by name.
std::vector<std::filesystem::path> list_directory(const std::filesystem::path& dir);

// A new, empty directory inside `parent` named PREFIX.XXXXXX (mkdtemp).
std::filesystem::path make_unique_directory(const std::filesystem::path& parent,
                                            const std::string& prefix);

}  // namespace ember::daemon
