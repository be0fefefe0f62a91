// StoreError: a failure of the function store's disk, with errno.
#pragma once

#include <cerrno>
#include <string>
#include <system_error>

namespace ember::daemon {

// what() reads "ACTION PATH: REASON", e.g. "writing /x/y: No space left on
// device". Integrity failures (a binary that no longer matches its sha256)
// use EIO; an invalid function name uses EINVAL.
class StoreError : public std::system_error {
  public:
    StoreError(int err, const std::string& what)
        : std::system_error(err, std::generic_category(), what) {}
};

}  // namespace ember::daemon
