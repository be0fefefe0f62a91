// A pool of real micro-VMs: the counter guest through SandboxInstance, so
// that a second call on the same sandbox shows whether it was restored.
#include "pool/sandbox_instance.hpp"

#include "../sandbox/guest_fixture.hpp"
#include "pool/pool.hpp"
#include "pool_fixture.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("a pool of counter sandboxes answers and is restored between calls", "[kvm][pool]") {
    REQUIRE_KVM();
    pool::Maintenance maintenance;
    Outcome first, second;
    pool::Pool pool(config(1, 1), pool::sandbox_factory(snapshot_of("counter")), maintenance);
    REQUIRE(pool.wait_warm(patience));

    pool.acquire(in_ms(2000), first.callback());
    pool::Lease& lease = first.lease();
    pool::Instance* const used = &lease.instance();
    const sandbox::CallResult result = lease.instance().call("", bytes_of("hi"), in_ms(2000));
    REQUIRE(result.ok());
    CHECK(text_of(result.reply().output) == "1");
    lease.release();
    const pool::PoolStats stats = pool.stats();
    CHECK(stats.restores == 1);
    CHECK(stats.ready == 1);

    // pool_max 1: the same sandbox again, restored, so the counter is 1 again.
    pool.acquire(in_ms(2000), second.callback());
    REQUIRE(&second.lease().instance() == used);
    auto& box = dynamic_cast<pool::SandboxInstance&>(second.lease().instance());
    CHECK_FALSE(box.sandbox().needs_restore());
    const sandbox::CallResult again = box.call("", bytes_of("again"), in_ms(2000));
    REQUIRE(again.ok());
    CHECK(text_of(again.reply().output) == "1");
}
