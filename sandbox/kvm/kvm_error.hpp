// The one error type of the KVM layer: a failed ioctl or open, with errno.
#pragma once

#include <cerrno>
#include <string>
#include <system_error>

namespace ember::kvm {

class KvmError : public std::system_error {
  public:
    KvmError(int err, const std::string& what)
        : std::system_error(err, std::generic_category(), what) {}
};

// Throws KvmError naming `what` when an ioctl returned -1; passes the value on.
inline int check(int result, const char* what) {
    if (result < 0) throw KvmError(errno, what);
    return result;
}

}  // namespace ember::kvm
