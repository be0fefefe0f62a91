// Reading a whole file, or streaming it in chunks, with errors that name the
// file and the reason.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <span>
#include <vector>

namespace ember {

// Throws std::system_error with errno and "reading PATH".
std::vector<std::byte> read_file(const std::filesystem::path& path);

// Calls `consume` with the file's bytes in order, a bounded chunk at a time,
// so that a large file is never held whole. Throws like read_file().
void read_file_chunks(const std::filesystem::path& path,
                      const std::function<void(std::span<const std::byte>)>& consume);

}  // namespace ember
