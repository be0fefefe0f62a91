#include "sandbox/call_interrupter.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "sandbox/call_timer.hpp"
#include "tests/sandbox/guest_fixture.hpp"

using namespace ember;
using namespace ember::test;
using namespace std::chrono_literals;

TEST_CASE("only the threads that obey an interrupter are interrupted", "[interrupter]") {
    sandbox::CallInterrupter interrupter;
    std::promise<void> joined;
    std::promise<void> go;
    std::shared_future<void> gone = go.get_future().share();
    auto obeying = std::async(std::launch::async, [&] {
        sandbox::CallTimer::for_this_thread().obey(interrupter);
        joined.set_value();
        gone.wait();
        return sandbox::CallTimer::for_this_thread().interrupted();
    });
    auto other = std::async(std::launch::async, [&] {
        gone.wait();
        return sandbox::CallTimer::for_this_thread().interrupted();
    });
    joined.get_future().wait();
    CHECK_FALSE(interrupter.interrupted());
    interrupter.interrupt();
    CHECK(interrupter.interrupted());
    go.set_value();
    CHECK(obeying.get());
    CHECK_FALSE(other.get());
    // The obeying thread has ended and left: this kicks nobody.
    interrupter.interrupt();
}

TEST_CASE("an interrupt ends a spinning call long before its deadline", "[kvm][interrupter]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_infinite_loop"));
    sandbox::CallInterrupter interrupter;
    std::promise<void> calling;
    auto call = std::async(std::launch::async, [&] {
        sandbox::CallTimer::for_this_thread().obey(interrupter);
        calling.set_value();
        const sandbox::CallResult result = box.call("", {}, std::chrono::steady_clock::now() + 1h);
        return result.ok() ? std::optional<sandbox::GuestErrorKind>{} : result.error().kind;
    });
    calling.get_future().wait();
    // Most likely inside the guest by now; before it or after, the call
    // must end interrupted.
    std::this_thread::sleep_for(100ms);
    interrupter.interrupt();
    // A bound far from the hour of the deadline, not a timing.
    REQUIRE(call.wait_for(60s) == std::future_status::ready);
    CHECK(call.get() == sandbox::GuestErrorKind::interrupted);
    // Restored, the sandbox serves a thread that obeys no interrupter.
    CHECK(call_ok(box, "ok", "after") == "after");
}

TEST_CASE("a thread interrupted before its call never enters the guest for long",
          "[kvm][interrupter]") {
    REQUIRE_KVM();
    sandbox::Sandbox box(snapshot_of("t_infinite_loop"));
    sandbox::CallInterrupter interrupter;
    interrupter.interrupt();
    auto call = std::async(std::launch::async, [&] {
        sandbox::CallTimer::for_this_thread().obey(interrupter);
        const sandbox::CallResult echo = box.call("ok", bytes_of("x"), in_ms(60'000));
        const sandbox::CallResult spin = box.call("", {}, std::chrono::steady_clock::now() + 1h);
        return std::pair{echo.ok() ? std::optional<sandbox::GuestErrorKind>{} : echo.error().kind,
                         spin.ok() ? std::optional<sandbox::GuestErrorKind>{} : spin.error().kind};
    });
    REQUIRE(call.wait_for(60s) == std::future_status::ready);
    const auto [echo, spin] = call.get();
    CHECK(echo == sandbox::GuestErrorKind::interrupted);
    CHECK(spin == sandbox::GuestErrorKind::interrupted);
}
