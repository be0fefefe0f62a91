#include "sandbox/vm_shell.hpp"

#include "guest_fixture.hpp"
#include "tests/eventually.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("the shell stash makes VMs ahead of need and destroys used ones", "[kvm][vm_shell]") {
    REQUIRE_KVM();
    sandbox::ShellStash& stash = sandbox::ShellStash::instance();
    stash.keep_ready(0);
    const sandbox::ShellStashStats start = stash.stats();
    CHECK(start.ready == 0);
    CHECK(stash.take() != nullptr);  // stash off: made on the spot
    CHECK(stash.stats().made_on_demand == start.made_on_demand + 1);

    stash.keep_ready(2);
    stash.wait_full();
    const sandbox::ShellStashStats full = stash.stats();
    CHECK(full.ready == 2);
    CHECK(full.made_ahead >= start.made_ahead + 2);

    // Taking a ready shell makes none on demand; the thread makes its
    // replacement, and destroys the discarded one off the caller's path.
    auto shell = stash.take();
    REQUIRE(shell != nullptr);
    CHECK(stash.stats().made_on_demand == full.made_on_demand);
    stash.discard(std::move(shell));
    REQUIRE(eventually([&] { return stash.stats().destroyed_behind == full.destroyed_behind + 1; },
                       std::chrono::seconds(30)));
    stash.wait_full();
    CHECK(stash.stats().made_ahead >= full.made_ahead + 1);

    // Sandboxes work the same on pre-made VMs, and take them.
    auto snapshot = snapshot_of("counter");
    const uint64_t on_demand = stash.stats().made_on_demand;
    for (int i = 0; i < 5; ++i) {
        sandbox::Sandbox box(snapshot);
        CHECK(call_ok(box, "", "") == "1");
        stash.wait_full();
    }
    CHECK(stash.stats().made_on_demand == on_demand);

    stash.keep_ready(0);
    CHECK(stash.stats().ready == 0);
    sandbox::Sandbox after(snapshot);
    CHECK(call_ok(after, "", "") == "1");
    CHECK(stash.stats().made_on_demand == on_demand + 1);
}
