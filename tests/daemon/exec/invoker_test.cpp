// The invoker with fake versions: no function, a call, and a call queued on
// a version that a redeploy replaces.
#include "daemon/exec/invoker.hpp"

#include <catch2/catch.hpp>

#include <future>
#include <thread>

#include "tests/daemon/fake_daemon.hpp"
#include "tests/eventually.hpp"

using namespace ember;
using namespace ember::daemon;
using namespace ember::daemon::test;

namespace {

using Fixture = FakeDaemon;

struct Ended {
    bool found = false;
    bool expired = false;
    bool queue_full = false;
    std::optional<pool::AcquireError> refused;
    std::string output;
    std::string content_type;
};

std::future<Ended> call(Invoker& invoker, const std::string& function, const std::string& input) {
    auto promise = std::make_shared<std::promise<Ended>>();
    auto request = std::make_shared<CallRequest>();
    request->function = function;
    request->input = input;
    invoker.invoke(request, [promise](const CallEnd& end) {
        Ended ended{end.deployment != nullptr, end.expired, end.queue_full, end.refused, {}, {}};
        if (end.ran() && end.result.ok()) {
            const auto& reply = end.result.reply();
            ended.output.assign(reinterpret_cast<const char*>(reply.output.data()),
                                reply.output.size());
            ended.content_type = reply.content_type;
        }
        promise->set_value(ended);
    });
    return promise->get_future();
}

}  // namespace

TEST_CASE("the invoker answers for an unknown function at once", "[invoker]") {
    Fixture f;
    auto ended = call(f.invoker, "nobody", "hi");
    REQUIRE(ended.wait_for(std::chrono::seconds(0)) == std::future_status::ready);
    CHECK_FALSE(ended.get().found);
}

TEST_CASE("the invoker runs a call on the live version", "[invoker]") {
    Fixture f;
    f.registry.deploy("echo", binary("v1"), {});
    const Ended ended = call(f.invoker, "echo", "hello").get();
    CHECK(ended.found);
    CHECK(ended.output == "hello");
    CHECK(ended.content_type == "text/plain; version=1");
}

TEST_CASE("a call queued on a version being replaced runs on the new one", "[invoker]") {
    Fixture f;
    FunctionConfig one_sandbox;
    one_sandbox.pool_max = 1;
    one_sandbox.timeout_ms = 60'000;
    const auto v1 = f.registry.deploy("echo", binary("v1"), one_sandbox);
    f.versions.call_gate->close();
    auto running = call(f.invoker, "echo", "first");
    REQUIRE(ember::test::eventually([&] { return f.versions.call_gate->waiting() == 1; },
                                    std::chrono::seconds(20)));
    auto queued = call(f.invoker, "echo", "second");
    CHECK(v1->pool->stats().queued == 1);

    f.registry.deploy("echo", binary("v2"), one_sandbox);
    f.versions.call_gate->open();
    const Ended first = running.get();
    const Ended second = queued.get();
    CHECK(first.content_type == "text/plain; version=1");
    CHECK(second.output == "second");
    CHECK(second.content_type == "text/plain; version=2");
    CHECK_FALSE(second.refused);
}

TEST_CASE("a call whose timeout passes while it waits for an executor never starts", "[invoker]") {
    Fixture f;
    FunctionConfig quick;
    quick.timeout_ms = 100;
    f.registry.deploy("echo", binary("v1"), quick);
    // Both executor threads busy with something else for longer than 100 ms.
    ExecutorHold hold(f.executor, 2);
    auto waiting = call(f.invoker, "echo", "late");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    hold.release();

    const Ended ended = waiting.get();
    CHECK(ended.found);
    CHECK(ended.expired);
    CHECK(ended.output.empty());
    CHECK(f.versions.call_gate->passes() == 0);  // the guest never ran
    // Its sandbox went back: the next call runs in it.
    CHECK(call(f.invoker, "echo", "next").get().output == "next");
    CHECK(f.registry.find("echo")->pool->stats().created == 1);
}

TEST_CASE("a function past its share of executor threads waits while another's call runs",
          "[invoker]") {
    Fixture f;  // two executor threads, one per function (the defaults)
    FunctionConfig patient;
    patient.timeout_ms = 60'000;
    f.registry.deploy("spin", binary("v1"), patient);
    f.registry.deploy("echo", binary("v1"), patient);
    // A call of spin holds its one thread; the next one of spin must wait.
    std::promise<void> release;
    REQUIRE(
        f.executor.post("spin", [released = release.get_future().share()] { released.wait(); }));
    auto waiting = call(f.invoker, "spin", "later");
    REQUIRE(ember::test::eventually([&] { return f.executor.queued() == 1; },
                                    std::chrono::seconds(20)));

    // echo runs on the other thread meanwhile.
    CHECK(call(f.invoker, "echo", "now").get().output == "now");
    CHECK(waiting.wait_for(std::chrono::seconds(0)) == std::future_status::timeout);

    release.set_value();
    CHECK(waiting.get().output == "later");
}

TEST_CASE("a call that finds the executor's queue full gets its sandbox back unused", "[invoker]") {
    Fixture f;
    Executor small(1, {}, {.threads_per_key = 1, .max_queued = 1});
    Invoker invoker(f.registry, small, f.metrics, f.guest_log);
    FunctionConfig patient;
    patient.timeout_ms = 60'000;
    f.registry.deploy("echo", binary("v1"), patient);
    std::promise<void> release;
    REQUIRE(small.post("other", [released = release.get_future().share()] { released.wait(); }));
    auto queued = call(invoker, "echo", "queued");
    REQUIRE(ember::test::eventually([&] { return small.queued() == 1; }, std::chrono::seconds(20)));

    const Ended refused = call(invoker, "echo", "refused").get();
    CHECK(refused.found);
    CHECK(refused.queue_full);
    CHECK(refused.output.empty());

    release.set_value();
    CHECK(queued.get().output == "queued");
    small.shutdown();
    // Neither call kept its sandbox, or the slot to make one.
    const auto deployment = f.registry.find("echo");
    CHECK(ember::test::eventually(
        [&] {
            const pool::PoolStats stats = deployment->pool->stats();
            return stats.busy == 0 && stats.creating == 0;
        },
        std::chrono::seconds(20)));
}
