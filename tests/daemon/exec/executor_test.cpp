#include "daemon/exec/executor.hpp"

#include <catch2/catch.hpp>

#include <sched.h>

#include <atomic>
#include <chrono>
#include <future>
#include <set>
#include <thread>
#include <vector>

#include "daemon/exec/cpu_affinity.hpp"

using namespace ember::daemon;

TEST_CASE("the executor runs every job on its own threads", "[executor]") {
    std::atomic<int> done{0};
    std::mutex mutex;
    std::set<std::thread::id> threads;
    {
        Executor executor(3, {});
        for (int i = 0; i < 1000; ++i) {
            executor.post([&] {
                std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
                ++done;
            });
        }
    }  // the destructor runs what is queued
    CHECK(done == 1000);
    CHECK_FALSE(threads.contains(std::this_thread::get_id()));
    CHECK(threads.size() <= 3);
}

TEST_CASE("a throwing job does not take its thread down", "[executor]") {
    std::atomic<int> done{0};
    {
        Executor executor(1, {});
        executor.post([] { throw std::runtime_error("boom"); });
        executor.post([&] { ++done; });
    }
    CHECK(done == 1);
}

namespace {

bool all_idle(const Executor& executor, std::size_t threads) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (executor.idle() < threads) {
        if (std::chrono::steady_clock::now() > give_up) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

// Pins the calling thread for the life of the object, then restores it.
class PinnedTo {
  public:
    explicit PinnedTo(int cpu) {
        REQUIRE(::sched_getaffinity(0, sizeof(saved_), &saved_) == 0);
        cpu_set_t one;
        CPU_ZERO(&one);
        CPU_SET(cpu, &one);
        REQUIRE(::sched_setaffinity(0, sizeof(one), &one) == 0);
    }
    ~PinnedTo() { ::sched_setaffinity(0, sizeof(saved_), &saved_); }
    PinnedTo(const PinnedTo&) = delete;
    PinnedTo& operator=(const PinnedTo&) = delete;

  private:
    cpu_set_t saved_;
};

}  // namespace

TEST_CASE("pinned threads take the usable CPUs in turn", "[executor]") {
    const std::vector<int> cpus = usable_cpus();
    const std::size_t threads = cpus.size() + 1;
    Executor executor(threads, cpus);
    REQUIRE(all_idle(executor, threads));
    const std::vector<int> pinned = executor.thread_cpus();
    REQUIRE(pinned.size() == threads);
    for (std::size_t i = 0; i < threads; ++i)
        CHECK(pinned[i] == cpus[i % cpus.size()]);
}

TEST_CASE("unpinned threads say so", "[executor]") {
    Executor executor(2, {});
    REQUIRE(all_idle(executor, 2));
    CHECK(executor.thread_cpus() == std::vector<int>{-1, -1});
}

TEST_CASE("a job runs on the poster's CPU when a thread there is idle", "[executor]") {
    const std::vector<int> cpus = usable_cpus();
    Executor executor(cpus.size(), cpus);
    for (const int cpu : cpus) {
        PinnedTo here(cpu);
        REQUIRE(all_idle(executor, cpus.size()));
        std::promise<int> ran_on;
        executor.post([&ran_on] { ran_on.set_value(::sched_getcpu()); });
        CHECK(ran_on.get_future().get() == cpu);
    }
}

TEST_CASE("with every thread busy, jobs wait and all run", "[executor]") {
    Executor executor(2, usable_cpus());
    REQUIRE(all_idle(executor, 2));
    std::promise<void> open;
    const std::shared_future<void> gate = open.get_future().share();
    std::atomic<int> done{0};
    for (int i = 0; i < 10; ++i)
        executor.post([gate, &done] {
            gate.wait();
            ++done;
        });
    CHECK(executor.queued() == 8);  // two were handed to the idle threads
    open.set_value();
    executor.shutdown();
    CHECK(done == 10);
    CHECK(executor.queued() == 0);
}
