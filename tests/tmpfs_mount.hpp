// A failing disk for the tests of what emberd does when its data directory
// fills up (ENOSPC) or turns read-only (EROFS): a small tmpfs mounted on a
// scratch directory, and a read-only bind mount of a directory over itself.
// Mounting needs root (CAP_SYS_ADMIN); without it the test is skipped, loudly
// (tests/skip.hpp). A test that also needs /dev/kvm checks that first: a
// skip exits at once, and would leave the mount behind.
#pragma once

#include <sys/mount.h>

#include <catch2/catch.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>

#include "tests/scratch_dir.hpp"
#include "tests/skip.hpp"

namespace ember::test {

// A tmpfs of `kib` KiB on a scratch directory, unmounted on destruction.
class TmpfsMount {
  public:
    static std::unique_ptr<TmpfsMount> mount_or_skip(std::size_t kib) {
        auto mounted = std::unique_ptr<TmpfsMount>(new TmpfsMount);
        std::string options = "size=" + std::to_string(kib) + "k";
        if (::mount("tmpfs", mounted->path().c_str(), "tmpfs", 0, options.c_str()) != 0) {
            if (errno == EPERM) {
                skip_test("cannot mount a tmpfs for the full-disk test (not root): " +
                          std::string(std::strerror(errno)));
            }
            FAIL("mounting a tmpfs failed: " << std::strerror(errno));
        }
        mounted->mounted_ = true;
        return mounted;
    }
    TmpfsMount(const TmpfsMount&) = delete;
    TmpfsMount& operator=(const TmpfsMount&) = delete;
    ~TmpfsMount() {
        if (mounted_) ::umount2(dir_.path().c_str(), MNT_DETACH);
    }

    const std::filesystem::path& path() const { return dir_.path(); }

  private:
    TmpfsMount() = default;
    daemon::test::ScratchDir dir_;
    bool mounted_ = false;
};

// Makes `dir` read-only by bind-mounting it over itself, until destroyed or
// undone. A remount of the tmpfs itself would fail with EBUSY: the store
// holds its lock file open for writing. Paths looked up after the bind see
// the read-only mount; files already open stay writable.
class ReadOnlyBind {
  public:
    explicit ReadOnlyBind(const std::filesystem::path& dir) : dir_(dir) {
        bound_ = ::mount(dir.c_str(), dir.c_str(), nullptr, MS_BIND, nullptr) == 0;
        read_only_ = bound_ && ::mount(nullptr, dir.c_str(), nullptr,
                                       MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) == 0;
    }
    ReadOnlyBind(const ReadOnlyBind&) = delete;
    ReadOnlyBind& operator=(const ReadOnlyBind&) = delete;
    ~ReadOnlyBind() { undo(); }

    bool read_only() const { return read_only_; }
    // Writable again.
    void undo() {
        if (bound_) ::umount2(dir_.c_str(), MNT_DETACH);
        bound_ = read_only_ = false;
    }

  private:
    std::filesystem::path dir_;
    bool bound_ = false;
    bool read_only_ = false;
};

}  // namespace ember::test
