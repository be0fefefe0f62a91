// A uniquely named directory under the system temp dir, removed with
// everything in it when the test ends.
#pragma once

#include <atomic>
#include <filesystem>
#include <random>
#include <string>

#include <unistd.h>

namespace ember::daemon::test {

class ScratchDir {
  public:
    ScratchDir() {
        static std::atomic<unsigned> counter{0};
        std::random_device random;
        path_ = std::filesystem::temp_directory_path() /
                ("ember-daemon-test-" + std::to_string(::getpid()) + "-" +
                 std::to_string(counter++) + "-" + std::to_string(random()));
        std::filesystem::create_directories(path_);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

}  // namespace ember::daemon::test
