#include "daemon/exec/cpu_affinity.hpp"

#include <catch2/catch.hpp>

#include <sched.h>

#include <algorithm>
#include <future>
#include <thread>

using namespace ember::daemon;

TEST_CASE("usable_cpus lists the process's CPUs in order", "[cpu_affinity]") {
    const std::vector<int> cpus = usable_cpus();
    REQUIRE_FALSE(cpus.empty());
    CHECK(std::is_sorted(cpus.begin(), cpus.end()));
    cpu_set_t set;
    CPU_ZERO(&set);
    REQUIRE(::sched_getaffinity(0, sizeof(set), &set) == 0);
    CHECK(cpus.size() == static_cast<std::size_t>(CPU_COUNT(&set)));
}

TEST_CASE("threads take the CPUs in turn", "[cpu_affinity]") {
    CHECK(cpu_for_thread({}, 0) == -1);
    CHECK(cpu_for_thread({3}, 5) == 3);
    const std::vector<int> cpus{0, 2, 5};
    CHECK(cpu_for_thread(cpus, 0) == 0);
    CHECK(cpu_for_thread(cpus, 1) == 2);
    CHECK(cpu_for_thread(cpus, 2) == 5);
    CHECK(cpu_for_thread(cpus, 3) == 0);
}

TEST_CASE("a pinned thread runs on its CPU, -1 leaves it alone", "[cpu_affinity]") {
    for (const int cpu : usable_cpus()) {
        std::promise<int> ran_on;
        std::thread([&ran_on, cpu] {
            const bool pinned = pin_calling_thread(cpu);
            ran_on.set_value(pinned ? ::sched_getcpu() : -2);
        }).join();
        CHECK(ran_on.get_future().get() == cpu);
    }
    bool unpinned = false;
    std::thread([&unpinned] { unpinned = pin_calling_thread(-1); }).join();
    CHECK(unpinned);
}

TEST_CASE("pinning to a CPU the process may not use fails", "[cpu_affinity]") {
    bool pinned = true;
    std::thread([&pinned] { pinned = pin_calling_thread(CPU_SETSIZE - 1); }).join();
    CHECK_FALSE(pinned);
}
