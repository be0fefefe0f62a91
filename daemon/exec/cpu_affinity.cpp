// CPU affinity through sched_getaffinity/sched_setaffinity.
#include "daemon/exec/cpu_affinity.hpp"

#include <sched.h>

#include <spdlog/spdlog.h>

namespace ember::daemon {

std::vector<int> usable_cpus() {
    cpu_set_t set;
    CPU_ZERO(&set);
    std::vector<int> cpus;
    if (::sched_getaffinity(0, sizeof(set), &set) != 0) return cpus;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu)
        if (CPU_ISSET(cpu, &set)) cpus.push_back(cpu);
    return cpus;
}

int cpu_for_thread(const std::vector<int>& cpus, std::size_t index) {
    return cpus.empty() ? -1 : cpus[index % cpus.size()];
}

bool pin_calling_thread(int cpu) {
    if (cpu < 0) return true;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    if (::sched_setaffinity(0, sizeof(set), &set) == 0) return true;
    spdlog::warn("cannot pin a thread to CPU {}: it runs unpinned", cpu);
    return false;
}

}  // namespace ember::daemon
