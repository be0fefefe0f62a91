// A fake Instance and Factory for the pool tests: they count what the pool
// does to them, can be made to fail, and detect an instance used twice.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <thread>

#include "pool/instance.hpp"

namespace ember::test {

// Shared by every fake of one test; instances keep it alive.
struct FakeWorld {
    std::atomic<int> made{0};  // factory calls that succeeded
    std::atomic<int> next_id{0};
    std::atomic<int> attempts{0};  // factory calls
    std::atomic<int> alive{0};     // instances not yet destroyed
    std::atomic<int> calls{0};
    std::atomic<int> restores{0};
    std::atomic<int> overlaps{0};  // calls on an instance in use since its last restore
    std::atomic<bool> factory_fails{false};
    std::atomic<int> factory_delay_ms{0};
};

class FakeInstance final : public pool::Instance {
  public:
    explicit FakeInstance(std::shared_ptr<FakeWorld> world)
        : world_(std::move(world)), id_(world_->next_id++) {
        ++world_->alive;
    }
    ~FakeInstance() override { --world_->alive; }

    sandbox::CallResult call(std::string_view, std::span<const std::byte>,
                             sandbox::Deadline) override {
        if (in_use_.exchange(true)) ++world_->overlaps;
        ++world_->calls;
        return sandbox::CallResult{sandbox::Reply{}, {}, {}};
    }

    sandbox::RestoreStats restore() override {
        ++world_->restores;
        if (fail_restore) throw std::runtime_error("restore failed");
        in_use_ = false;
        return {};
    }

    int id() const { return id_; }
    std::atomic<bool> fail_restore{false};

  private:
    std::shared_ptr<FakeWorld> world_;
    int id_;
    std::atomic<bool> in_use_{false};
};

inline pool::Factory fake_factory(const std::shared_ptr<FakeWorld>& world) {
    return [world]() -> std::unique_ptr<pool::Instance> {
        ++world->attempts;
        if (const int delay = world->factory_delay_ms; delay > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        if (world->factory_fails) throw std::runtime_error("factory failed");
        auto instance = std::make_unique<FakeInstance>(world);
        ++world->made;
        return instance;
    };
}

inline FakeInstance& fake_of(pool::Lease& lease) {
    return dynamic_cast<FakeInstance&>(lease.instance());
}

}  // namespace ember::test
