// Exclusive use of one pool instance; giving it back when done.
#include "pool/lease.hpp"

#include <stdexcept>
#include <utility>

#include "pool/pool_core.hpp"

namespace ember::pool {

Lease::Lease(std::shared_ptr<PoolCore> core, std::unique_ptr<Instance> instance, bool cold_start)
    : core_(std::move(core)), instance_(std::move(instance)), cold_start_(cold_start) {}

Lease::Lease(Lease&& other) noexcept
    : core_(std::move(other.core_)),
      instance_(std::move(other.instance_)),
      cold_start_(other.cold_start_),
      returning_(std::exchange(other.returning_, false)) {}

Lease& Lease::operator=(Lease&& other) noexcept {
    if (this != &other) {
        release();
        core_ = std::move(other.core_);
        instance_ = std::move(other.instance_);
        cold_start_ = other.cold_start_;
        returning_ = std::exchange(other.returning_, false);
    }
    return *this;
}

Lease::~Lease() {
    release();
}

Instance& Lease::instance() {
    if (!instance_) throw std::logic_error("the lease holds no instance");
    return *instance_;
}

void Lease::materialize() {
    if (instance_) return;
    if (!core_) throw std::logic_error("materialize() on an empty lease");
    // Taken out first: if the factory throws, the core has already freed
    // the slot and the lease must not free it again.
    std::shared_ptr<PoolCore> core = std::move(core_);
    instance_ = core->make_for_lease();
    core_ = std::move(core);
}

void Lease::returning() noexcept {
    if (!core_ || !instance_ || returning_) return;
    returning_ = true;
    core_->expect_return();
}

void Lease::release() noexcept {
    if (!core_) return;
    std::shared_ptr<PoolCore> core = std::move(core_);
    if (instance_)
        core->give_back(std::move(instance_), std::exchange(returning_, false));
    else
        core->free_slot();
}

void Lease::discard() noexcept {
    if (!core_) return;
    std::shared_ptr<PoolCore> core = std::move(core_);
    if (instance_)
        core->destroy(std::move(instance_), std::exchange(returning_, false));
    else
        core->free_slot();
}

}  // namespace ember::pool
