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
#include "tests/eventually.hpp"

using namespace ember::daemon;

TEST_CASE("the executor runs every job on its own threads", "[executor]") {
    std::atomic<int> done{0};
    std::mutex mutex;
    std::set<std::thread::id> threads;
    {
        Executor executor(3, {});
        for (int i = 0; i < 1000; ++i) {
            REQUIRE(executor.post("key-" + std::to_string(i % 7), [&] {
                std::lock_guard lock(mutex);
                threads.insert(std::this_thread::get_id());
                ++done;
            }));
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
        REQUIRE(executor.post("a", [] { throw std::runtime_error("boom"); }));
        REQUIRE(executor.post("a", [&] { ++done; }));
    }
    CHECK(done == 1);
}

namespace {

bool all_idle(const Executor& executor, std::size_t threads) {
    return ember::test::eventually([&] { return executor.idle() >= threads; },
                                   std::chrono::seconds(5));
}

// Jobs that hold their thread until the gate opens.
class HeldJobs {
  public:
    std::function<void()> job() {
        return [this, opened = opened_] {
            ++holding_;
            opened.wait();
        };
    }
    void open() { open_.set_value(); }
    int holding() const { return holding_.load(); }

  private:
    std::promise<void> open_;
    std::shared_future<void> opened_ = open_.get_future().share();
    std::atomic<int> holding_{0};
};

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
        REQUIRE(executor.post("a", [&ran_on] { ran_on.set_value(::sched_getcpu()); }));
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
        REQUIRE(executor.post("key-" + std::to_string(i), [gate, &done] {
            gate.wait();
            ++done;
        }));
    CHECK(executor.queued() == 8);  // two were handed to the idle threads
    open.set_value();
    executor.shutdown();
    CHECK(done == 10);
    CHECK(executor.queued() == 0);
}

TEST_CASE("a key holds at most its share of threads while another key's job runs at once",
          "[executor]") {
    Executor executor(3, {}, {.threads_per_key = 2});
    REQUIRE(all_idle(executor, 3));
    HeldJobs spin;
    for (int i = 0; i < 5; ++i)
        REQUIRE(executor.post("spin", spin.job()));
    REQUIRE(ember::test::eventually([&] { return spin.holding() == 2; }, std::chrono::seconds(5)));
    // The third thread stays free for another function: spin waits.
    CHECK(executor.queued() == 3);
    REQUIRE(all_idle(executor, 1));

    std::promise<void> echoed;
    REQUIRE(executor.post("echo", [&echoed] { echoed.set_value(); }));
    echoed.get_future().wait();  // while both spin jobs still hold their threads
    CHECK(spin.holding() == 2);

    spin.open();
    executor.shutdown();  // the spin jobs still queued run first
    CHECK(spin.holding() == 5);
    CHECK(executor.queued() == 0);
}

TEST_CASE("a full queue and a stopped executor refuse jobs", "[executor]") {
    Executor executor(1, {}, {.threads_per_key = 1, .max_queued = 2});
    HeldJobs gate;
    REQUIRE(executor.post("a", gate.job()));
    REQUIRE(ember::test::eventually([&] { return gate.holding() == 1; }, std::chrono::seconds(5)));
    std::atomic<int> ran{0};
    CHECK(executor.post("a", [&] { ++ran; }));
    CHECK(executor.post("b", [&] { ++ran; }));
    CHECK_FALSE(executor.post("c", [&] { ++ran; }));
    CHECK(executor.queued() == 2);
    gate.open();
    executor.shutdown();
    CHECK(ran == 2);
    CHECK_FALSE(executor.post("a", [&] { ++ran; }));
    CHECK(ran == 2);
}

TEST_CASE("each thread runs the start hook before its first job", "[executor]") {
    thread_local bool started = false;
    std::atomic<int> hooks{0};
    std::atomic<int> ran_after_hook{0};
    {
        Executor executor(2, {}, {}, [&] {
            started = true;
            ++hooks;
        });
        for (int i = 0; i < 20; ++i)
            REQUIRE(executor.post("a", [&] {
                if (started) ++ran_after_hook;
            }));
    }
    CHECK(hooks == 2);
    CHECK(ran_after_hook == 20);
}
