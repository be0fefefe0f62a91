// The caps of a call's log.
#include "sandbox/guest_log.hpp"

namespace ember::sandbox {

void GuestLog::add(std::string_view line) {
    // An empty line costs a line, so that lines of nothing are not free.
    if (lines_.size() >= max_lines || line.size() > max_bytes - bytes_) {
        ++dropped_;
        return;
    }
    bytes_ += line.size();
    lines_.emplace_back(line);
}

}  // namespace ember::sandbox
