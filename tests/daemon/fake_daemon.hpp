// emberd's objects wired as daemon/main.cpp wires them, over fake versions
// (no /dev/kvm), for the invoker and API tests; and a way to keep every
// thread of an executor busy.
#pragma once

#include <atomic>
#include <future>
#include <thread>

#include "daemon/api/api_handler.hpp"
#include "tests/daemon/fake_versions.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::daemon::test {

struct FakeDaemon {
    FakeDaemon() = default;
    // For settings read only at construction (max_guest_memory_mb).
    explicit FakeDaemon(DaemonConfig initial) : config(std::move(initial)) {}

    ScratchDir dir;
    FunctionStore store{dir.path(), sandbox::default_host_functions()};
    DaemonConfig config;  // read by reference: a test may change it
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry{store, config, versions, maintenance};
    Executor executor{2, {}};
    Executor admin{1, {}};
    Metrics metrics;
    GuestLogWriter guest_log{metrics, 100};
    Invoker invoker{registry, executor, metrics, guest_log};
    Readiness readiness;
    ApiHandler api{
        registry, admin, invoker, metrics, config, readiness, [] { return ServerGauges{}; }};

    ~FakeDaemon() {
        executor.shutdown();
        admin.shutdown();
    }
};

// Holds `threads` threads of `executor` with jobs that wait until release()
// (or destruction); the constructor returns once all of them are held.
class ExecutorHold {
  public:
    ExecutorHold(Executor& executor, int threads) : released_(release_.get_future().share()) {
        for (int i = 0; i < threads; ++i) {
            executor.post([this, released = released_] {
                ++held_;
                released.wait();
            });
        }
        while (held_ < threads)
            std::this_thread::yield();
    }
    ~ExecutorHold() { release(); }
    ExecutorHold(const ExecutorHold&) = delete;
    ExecutorHold& operator=(const ExecutorHold&) = delete;

    void release() {
        if (!done_.exchange(true)) release_.set_value();
    }

  private:
    std::promise<void> release_;
    std::shared_future<void> released_;
    std::atomic<int> held_{0};
    std::atomic<bool> done_{false};
};

}  // namespace ember::daemon::test
