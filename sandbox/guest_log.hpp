// What a guest logged during one call, bounded in lines and in bytes so that
// a call cannot make the host hold or write more than that: what is over
// either cap is counted, not kept. Lines are kept as the guest sent them;
// whoever writes them out escapes them (they are untrusted bytes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ember::sandbox {

class GuestLog {
  public:
    static constexpr std::size_t max_lines = 256;
    static constexpr std::size_t max_bytes = std::size_t{64} << 10;

    // Keeps `line` if both caps allow it, else counts it as dropped. O(1).
    void add(std::string_view line);

    const std::vector<std::string>& lines() const { return lines_; }
    uint64_t dropped() const { return dropped_; }
    bool empty() const { return lines_.empty() && dropped_ == 0; }

  private:
    std::vector<std::string> lines_;
    std::size_t bytes_ = 0;
    uint64_t dropped_ = 0;
};

}  // namespace ember::sandbox
