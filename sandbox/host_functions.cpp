// The built-in host functions.
#include "sandbox/host_functions.hpp"

#include <ember/abi.h>
#include <sys/random.h>

#include <chrono>
#include <cstring>

namespace ember::sandbox {

namespace {

int64_t log_line(HostCall& call) {
    call.log.add({reinterpret_cast<const char*>(call.argument.data()), call.argument.size()});
    return 0;
}

int64_t clock_ns(HostCall& call) {
    if (call.result.size() < sizeof(uint64_t)) return EMBER_HOSTCALL_ERANGE;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const uint64_t ns = static_cast<uint64_t>(std::chrono::nanoseconds(now).count());
    std::memcpy(call.result.data(), &ns, sizeof ns);
    return sizeof ns;
}

int64_t random_bytes(HostCall& call) {
    std::size_t done = 0;
    while (done < call.result.size()) {
        const ssize_t n = ::getrandom(call.result.data() + done, call.result.size() - done, 0);
        if (n <= 0) return EMBER_HOSTCALL_EINVAL;
        done += static_cast<std::size_t>(n);
    }
    return static_cast<int64_t>(done);
}

HostFunctions make_builtin() {
    HostFunctions functions;
    functions.add("log", log_line);
    functions.add("clock", clock_ns);
    functions.add("random", random_bytes);
    return functions;
}

}  // namespace

const HostFunctions& HostFunctions::builtin() {
    static const HostFunctions functions = make_builtin();
    return functions;
}

void HostFunctions::add(std::string name, HostFunction function) {
    functions_.insert_or_assign(std::move(name), std::move(function));
}

const HostFunction* HostFunctions::find(std::string_view name) const {
    auto it = functions_.find(name);
    return it == functions_.end() ? nullptr : &it->second;
}

std::vector<std::string> HostFunctions::names() const {
    std::vector<std::string> out;
    for (const auto& entry : functions_)
        out.push_back(entry.first);
    return out;
}

}  // namespace ember::sandbox
