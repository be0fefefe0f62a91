// The warm pool's owner: attaches the shared core to the maintenance thread
// and shuts it down.
#include "pool/pool.hpp"

#include <utility>

#include "pool/pool_core.hpp"

namespace ember::pool {

Pool::Pool(PoolConfig config, Factory factory, Maintenance& maintenance,
           std::shared_ptr<MemoryBudget> budget)
    : core_(
          std::make_shared<PoolCore>(config, std::move(factory), maintenance, std::move(budget))) {
    core_->start();
}

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
}

}  // namespace ember::pool
