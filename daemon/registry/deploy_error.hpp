// Why a deploy or a remove was refused.
#pragma once

#include <stdexcept>
#include <string>

namespace ember::daemon {

class DeployError : public std::runtime_error {
  public:
    enum class Kind {
        invalid_name,
        not_found,          // no function of that name is served
        version_not_found,  // the function has no such version stored
        invalid_binary,
        invalid_config,
        init_failed,
        conflict,
        storage,
        limit  // a daemon-wide cap (max_functions, max_guest_memory_mb) is reached
    };
    DeployError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

  private:
    Kind kind_;
};

}  // namespace ember::daemon
