// A VersionFactory without KVM for the registry, invoker and API tests: it
// "boots" any binary but ones it is told to refuse, and its instances answer
// every call with the input, or hold the call until the test opens a gate.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "daemon/registry/deploy_error.hpp"
#include "daemon/registry/version_factory.hpp"

namespace ember::daemon::test {

// Calls wait here while it is closed, up to their deadline.
class Gate {
  public:
    void close() {
        std::lock_guard lock(mutex_);
        open_ = false;
    }
    void open() {
        {
            std::lock_guard lock(mutex_);
            open_ = true;
        }
        changed_.notify_all();
    }
    // True when it opened before `deadline`.
    bool pass(sandbox::Deadline deadline) {
        std::unique_lock lock(mutex_);
        ++passes_;
        ++waiting_;
        const bool opened = changed_.wait_until(lock, deadline, [this] { return open_; });
        --waiting_;
        return opened;
    }
    int waiting() {
        std::lock_guard lock(mutex_);
        return waiting_;
    }
    // Calls that came to the gate, open or not.
    int passes() {
        std::lock_guard lock(mutex_);
        return passes_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable changed_;
    bool open_ = true;
    int waiting_ = 0;
    int passes_ = 0;
};

class EchoInstance final : public pool::Instance {
  public:
    EchoInstance(std::shared_ptr<Gate> gate, uint32_t version)
        : gate_(std::move(gate)), version_(version) {}

    sandbox::CallResult call(std::string_view, std::span<const std::byte> input,
                             sandbox::Deadline deadline) override {
        if (!gate_->pass(deadline)) {
            return {
                sandbox::GuestError{sandbox::GuestErrorKind::timeout, "held by the test"}, {}, {}};
        }
        output_.assign(input.begin(), input.end());
        sandbox::Reply reply;
        reply.output = output_;
        reply.content_type = "text/plain; version=" + std::to_string(version_);
        return {reply, {}, {}};
    }
    sandbox::RestoreStats restore() override { return {}; }

  private:
    std::shared_ptr<Gate> gate_;
    uint32_t version_;
    std::vector<std::byte> output_;
};

class FakeVersions final : public VersionFactory {
  public:
    BootedVersion boot(const std::string& name, std::span<const std::byte> binary,
                       const FunctionConfig&, const FunctionEnv& env,
                       const sandbox::ImageConfig& config) override {
        last_env = env;
        ++boots;
        last_init_timeout = config.init_timeout;
        const std::string text(reinterpret_cast<const char*>(binary.data()), binary.size());
        if (text == "not an elf")
            throw DeployError(DeployError::Kind::invalid_binary, "'" + name + "' is not an ELF");
        if (text == "slow boot")
            boot_gate->pass(std::chrono::steady_clock::now() + std::chrono::seconds(30));
        const uint32_t version = ++booted;
        BootedVersion booted_version;
        booted_version.handlers = {"main", "other"};
        booted_version.default_handler = "main";
        booted_version.instances = [gate = call_gate, version] {
            return std::make_unique<EchoInstance>(gate, version);
        };
        return booted_version;
    }

    std::atomic<int> boots{0};
    FunctionEnv last_env;  // of the last boot
    std::chrono::milliseconds last_init_timeout{0};
    std::atomic<uint32_t> booted{0};
    std::shared_ptr<Gate> call_gate = std::make_shared<Gate>();
    std::shared_ptr<Gate> boot_gate = std::make_shared<Gate>();
};

inline std::vector<std::byte> binary(std::string_view text) {
    auto span = std::as_bytes(std::span(text.data(), text.size()));
    return {span.begin(), span.end()};
}

}  // namespace ember::daemon::test
