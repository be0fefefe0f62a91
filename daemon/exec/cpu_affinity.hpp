// Pinning the daemon's threads to CPUs (pin_threads in the config): the I/O
// thread and the executor thread it hands a call to then share a CPU, and
// waking a thread on the same CPU costs a few microseconds, against tens
// for one on another, idle CPU under a hypervisor.
#pragma once

#include <vector>

namespace ember::daemon {

// The CPUs this process may run on, in order (systemd's CPUAffinity= and
// cgroup cpusets narrow them); empty if the kernel will not say.
std::vector<int> usable_cpus();

// Thread i of a group goes to cpus[i % cpus.size()]; -1 when cpus is empty.
int cpu_for_thread(const std::vector<int>& cpus, std::size_t index);

// Pins the calling thread to `cpu` (nothing for -1). False, with a warning
// in the log, when the kernel refuses: the thread then runs unpinned.
bool pin_calling_thread(int cpu);

}  // namespace ember::daemon
