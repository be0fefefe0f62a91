// emberd's objects wired as daemon/main.cpp wires them, over fake versions
// (no /dev/kvm), for the invoker and API tests; and a way to keep every
// thread of an executor busy.
#pragma once

#include <atomic>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "daemon/api/api_handler.hpp"
#include "tests/daemon/fake_versions.hpp"
#include "tests/scratch_dir.hpp"

namespace ember::daemon::test {

struct FakeDaemon {
    FakeDaemon() = default;
    // For settings read when the registry and the API are made (max_guest_memory_mb,
    // invocation_records, max_async_queued).
    explicit FakeDaemon(DaemonConfig initial) : config(std::move(initial)) {}

    ScratchDir dir;
    FunctionStore store{dir.path(), sandbox::default_host_functions()};
    DaemonConfig config;  // read by reference: a test may change it
    FakeVersions versions;
    pool::Maintenance maintenance;
    FunctionRegistry registry{store, config, versions, maintenance};
    Executor executor{2, {}, {config.executor_threads_per_function, config.max_executor_queue}};
    Executor admin{1, {}};
    Metrics metrics;
    GuestLogWriter guest_log{metrics, 100};
    Invoker invoker{registry, executor, metrics, guest_log};
    Readiness readiness;
    RecordStore records{RecordLimits{}};
    ApiHandler api{registry, admin,  invoker,   metrics,
                   records,  config, readiness, [] { return ServerGauges{}; }};

    ~FakeDaemon() {
        executor.shutdown();
        admin.shutdown();
    }
};

// Holds `threads` threads of `executor` with jobs that wait until release()
// (or destruction); the constructor returns once all of them are held. Each
// job has a key of its own ("hold-0", ...), so no share of threads per key
// stops them.
class ExecutorHold {
  public:
    ExecutorHold(Executor& executor, int threads) : released_(release_.get_future().share()) {
        for (int i = 0; i < threads; ++i) {
            const bool posted =
                executor.post("hold-" + std::to_string(i), [this, released = released_] {
                    ++held_;
                    released.wait();
                });
            if (!posted) throw std::logic_error("ExecutorHold: the executor refused a job");
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
