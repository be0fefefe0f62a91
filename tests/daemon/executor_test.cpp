#include "daemon/executor.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <set>
#include <thread>

using namespace ember::daemon;

TEST_CASE("the executor runs every job on its own threads", "[executor]") {
    std::atomic<int> done{0};
    std::mutex mutex;
    std::set<std::thread::id> threads;
    {
        Executor executor(3);
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
        Executor executor(1);
        executor.post([] { throw std::runtime_error("boom"); });
        executor.post([&] { ++done; });
    }
    CHECK(done == 1);
}
