#include "sandbox/vm_shell.hpp"

#include "guest_fixture.hpp"

using namespace ember;
using namespace ember::test;

TEST_CASE("the shell stash makes VMs ahead of need and destroys used ones", "[kvm][vm_shell]") {
    REQUIRE_KVM();
    sandbox::ShellStash& stash = sandbox::ShellStash::instance();
    CHECK(stash.take() != nullptr);  // stash off: made on the spot

    stash.keep_ready(2);
    stash.wait_full();
    auto shell = stash.take();
    REQUIRE(shell != nullptr);
    stash.discard(std::move(shell));

    // Sandboxes work the same on pre-made VMs.
    auto snapshot = snapshot_of("counter");
    for (int i = 0; i < 5; ++i) {
        sandbox::Sandbox box(snapshot);
        CHECK(call_ok(box, "", "") == "1");
    }
    stash.keep_ready(0);
    sandbox::Sandbox after(snapshot);
    CHECK(call_ok(after, "", "") == "1");
}
