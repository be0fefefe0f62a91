// The warm pool's owner: starts and stops the maintenance thread around the
// shared core.
#include "pool/pool.hpp"

#include <utility>

#include "pool/pool_core.hpp"

namespace ember::pool {

Pool::Pool(PoolConfig config, Factory factory)
    : core_(std::make_shared<PoolCore>(config, std::move(factory))),
      // The thread shares the core rather than pointing at this Pool, so it
      // stays valid even when detached (see shutdown()).
      maintenance_([core = core_] { core->maintain(); }) {}

Pool::~Pool() {
    shutdown();
}

void Pool::acquire(sandbox::Deadline deadline, AcquireCallback on_ready) {
    core_->acquire(deadline, std::move(on_ready));
}

bool Pool::wait_warm(std::chrono::milliseconds timeout) {
    return core_->wait_warm(timeout);
}

std::string Pool::last_error() const {
    return core_->last_error();
}

PoolStats Pool::stats() const {
    return core_->stats();
}

const PoolConfig& Pool::config() const {
    return core_->config();
}

void Pool::shutdown() {
    core_->stop();
    if (!maintenance_.joinable()) return;
    // A callback running on the maintenance thread may drop the last owner
    // of the Pool; that thread cannot join itself, but it ends on its own.
    if (maintenance_.get_id() == std::this_thread::get_id())
        maintenance_.detach();
    else
        maintenance_.join();
}

}  // namespace ember::pool
