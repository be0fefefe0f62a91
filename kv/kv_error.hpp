// KvError: a key-value store that cannot be opened.
#pragma once

#include <string>
#include <system_error>

namespace ember::kv {

// Thrown only by a backend's constructor: once open, a store reports
// failures as KvStatus::unavailable. what() names the file and the reason,
// e.g. "opening /var/lib/ember/kv/kv.sqlite: file is not a database".
// EIO for a corrupt or foreign file, otherwise the errno of the failure.
class KvError : public std::system_error {
  public:
    KvError(int err, const std::string& what)
        : std::system_error(err, std::generic_category(), what) {}
};

}  // namespace ember::kv
