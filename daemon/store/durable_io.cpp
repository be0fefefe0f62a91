// write/fsync/rename/list with errno turned into StoreError "ACTION PATH".
#include "daemon/store/durable_io.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "base/unique_fd.hpp"
#include "daemon/store/store_error.hpp"

namespace ember::daemon {

namespace {

// errno is read first: building the message allocates, which may change it.
[[noreturn]] void fail(const std::string& action, const std::filesystem::path& path) {
    int error = errno;
    throw StoreError(error, action + " " + path.string());
}

UniqueFd open_or_throw(const std::filesystem::path& path, int flags, const std::string& action,
                       mode_t mode = 0644) {
    int fd = ::open(path.c_str(), flags | O_CLOEXEC, mode);
    if (fd < 0) fail(action, path);
    return UniqueFd(fd);
}

void write_all(int fd, std::span<const std::byte> bytes, const std::filesystem::path& path) {
    while (!bytes.empty()) {
        ssize_t written = ::write(fd, bytes.data(), bytes.size());
        if (written < 0 && errno == EINTR) continue;
        if (written < 0) fail("writing", path);
        bytes = bytes.subspan(static_cast<std::size_t>(written));
    }
}

void sync_and_close(UniqueFd fd, const std::filesystem::path& path) {
    if (::fsync(fd.get()) != 0) fail("syncing", path);
    if (::close(fd.release()) != 0) fail("closing", path);
}

}  // namespace

void write_new_file(const std::filesystem::path& path, std::span<const std::byte> bytes,
                    mode_t mode) {
    UniqueFd fd = open_or_throw(path, O_WRONLY | O_CREAT | O_EXCL, "creating", mode);
    try {
        write_all(fd.get(), bytes, path);
        sync_and_close(std::move(fd), path);
    } catch (const StoreError&) {
        ::unlink(path.c_str());  // best effort: the caller's temp dir goes too
        throw;
    }
}

void fsync_directory(const std::filesystem::path& dir) {
    UniqueFd fd = open_or_throw(dir, O_RDONLY | O_DIRECTORY, "opening directory");
    if (::fsync(fd.get()) != 0) fail("syncing directory", dir);
}

bool make_directory(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0755) == 0) return true;
    if (errno == EEXIST) return false;
    fail("creating directory", dir);
}

void rename_path(const std::filesystem::path& from, const std::filesystem::path& to) {
    if (::rename(from.c_str(), to.c_str()) != 0) {
        int error = errno;
        throw StoreError(error, "renaming " + from.string() + " to " + to.string());
    }
}

std::vector<std::filesystem::path> list_directory(const std::filesystem::path& dir) {
    std::vector<std::filesystem::path> entries;
    std::error_code error;
    std::filesystem::directory_iterator it(dir, error);
    // The non-throwing increment: a failure mid-way is a StoreError too.
    for (; !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
        entries.push_back(it->path());
    }
    if (error) throw StoreError(error.value(), "listing " + dir.string());
    std::sort(entries.begin(), entries.end());
    return entries;
}

std::filesystem::path make_unique_directory(const std::filesystem::path& parent,
                                            const std::string& prefix) {
    std::string name = (parent / (prefix + ".XXXXXX")).string();
    if (::mkdtemp(name.data()) == nullptr) fail("creating directory", name);
    return name;
}

}  // namespace ember::daemon
