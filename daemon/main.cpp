// emberd: loads the config, wires store, registry, executor, metrics and the
// HTTP server together, and runs until SIGTERM or SIGINT, then drains.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <cstdio>

#include "base/open_file_limit.hpp"
#include "base/read_file.hpp"
#include "base/version.hpp"
#include "capabilities/host_capabilities.hpp"
#include "daemon/api/api_handler.hpp"
#include "daemon/config/command_line.hpp"
#include "daemon/config/config_error.hpp"
#include "daemon/config/daemon_config.hpp"
#include "daemon/exec/cpu_affinity.hpp"
#include "daemon/exec/executor.hpp"
#include "daemon/exec/invoker.hpp"
#include "daemon/metrics/metrics.hpp"
#include "daemon/records/record_store.hpp"
#include "daemon/registry/function_registry.hpp"
#include "daemon/registry/snapshot_factory.hpp"
#include "daemon/systemd/systemd_fds.hpp"
#include "daemon/systemd/systemd_notify.hpp"
#include "http/server.hpp"
#include "kv/redis_kv_store.hpp"
#include "kv/sqlite_kv_store.hpp"
#include "pool/maintenance.hpp"
#include "sandbox/call_interrupter.hpp"
#include "sandbox/call_timer.hpp"
#include "sandbox/kvm/system.hpp"
#include "sandbox/vm_shell.hpp"

namespace {

using namespace ember;
using namespace ember::daemon;

// VMs the background thread keeps made, so that cold starts skip VM creation.
constexpr std::size_t premade_vms = 2;
constexpr std::chrono::seconds warm_up_limit{120};
// Open files emberd needs besides its connections (store, log, VMs), at the least.
constexpr std::size_t files_of_its_own = 256;

std::string listen_text(const ListenAddress& listen) {
    const bool v6 = listen.host.find(':') != std::string::npos;
    return (v6 ? "[" + listen.host + "]" : listen.host) + ":" + std::to_string(listen.port);
}

void preload(const DaemonConfig& config, FunctionRegistry& registry) {
    for (const PreloadEntry& entry : config.preload) {
        if (registry.find(entry.name)) continue;
        try {
            const auto deployment =
                registry.deploy(entry.name, read_file(entry.path), entry.config);
            spdlog::info("preloaded {} version {} from {}", entry.name, deployment->stored.version,
                         entry.path.string());
        } catch (const std::exception& e) {
            spdlog::error("preload of {} from {} failed: {}", entry.name, entry.path.string(),
                          e.what());
        }
    }
}

// The store the kv_* host functions serve from. Redis is not reached here:
// emberd starts while it is down, and kv calls fail with EUNAVAILABLE until
// it is up.
std::shared_ptr<kv::KvStore> open_kv_store(const DaemonConfig& config) {
    switch (config.kv.backend) {
        case KvBackend::sqlite:
            return std::make_shared<kv::SqliteKvStore>(config.data_dir / "kv", config.kv.limits);
        case KvBackend::redis: {
            kv::RedisKvOptions options = config.kv.redis;
            options.limits = config.kv.limits;
            spdlog::info("key-value store: redis at {}",
                         options.unix_socket.empty()
                             ? options.host + ":" + std::to_string(options.port)
                             : options.unix_socket);
            return std::make_shared<kv::RedisKvStore>(std::move(options));
        }
    }
    throw std::logic_error("unknown key-value backend");
}

void log_start(const DaemonConfig& config) {
    const kvm::System& kvm = kvm::System::instance();
    spdlog::info(
        "emberd {} starting: listen {}, data dir {}, {} executor threads ({} per function){}",
        version, listen_text(config.listen), config.data_dir.string(), config.executor_threads,
        config.executor_threads_per_function, config.pin_threads ? ", threads pinned to CPUs" : "");
    spdlog::info("KVM: sync regs {}, MSR filter {}", kvm.has_sync_regs() ? "yes" : "no",
                 kvm.has_msr_filter() ? "yes" : "no");
    if (config.auth.allow_unauthenticated && !config.auth.enabled()) {
        spdlog::warn(
            "auth has no tokens and --allow-unauthenticated is set: anyone who reaches "
            "{} may deploy and run code",
            listen_text(config.listen));
    } else if (!config.auth.enabled()) {
        spdlog::info("auth has no tokens: only requests for localhost are answered");
    }
}

// Every client connection is an open file, and so is every VM: under a
// shell's usual soft limit of 1024, idle clients would take the files that
// deploys and new sandboxes need long before max_connections.
void raise_file_limit(const DaemonConfig& config) {
    const std::size_t limit = raise_open_file_limit();
    if (limit >= config.max_connections + files_of_its_own) return;
    spdlog::warn(
        "the open file limit is {}, below max_connections ({}) + {} files of emberd's own: "
        "raise it (ulimit -n, or LimitNOFILE= under systemd) or lower max_connections",
        limit, config.max_connections, files_of_its_own);
}

// Waits for SIGTERM or SIGINT (blocked in every thread), pinging the systemd
// watchdog meanwhile when it asks for that.
int wait_for_signal(const sigset_t& signals) {
    const auto interval = watchdog_interval();
    for (;;) {
        if (!interval) {
            int signal = 0;
            if (::sigwait(&signals, &signal) == 0) return signal;
            continue;
        }
        const auto us = interval->count();
        const timespec wait{static_cast<time_t>(us / 1'000'000),
                            static_cast<long>(us % 1'000'000) * 1000};
        const int signal = ::sigtimedwait(&signals, nullptr, &wait);
        if (signal > 0) return signal;
        notify_systemd("WATCHDOG=1");
    }
}

int serve(const DaemonConfig& config, const sigset_t& signals) {
    log_start(config);
    raise_file_limit(config);
    if (!kvm::System::available()) {
        spdlog::critical("/dev/kvm is missing or not accessible: emberd needs KVM");
        return 1;
    }
    const std::vector<std::string> host_functions = capabilities::HostCapabilities::offered();
    FunctionStore store(config.data_dir, host_functions);
    fetch::FetcherOptions fetcher_options;
    fetcher_options.resolver_threads = config.fetch.resolver_threads;
    fetcher_options.extra_ca_file = config.fetch.extra_ca_file.string();
    fetch::FetchPolicy fetch_bounds;
    fetch_bounds.max_response_bytes = config.fetch.max_response_bytes;
    fetch_bounds.connect_timeout = std::chrono::milliseconds(config.fetch.connect_timeout_ms);
    fetch_bounds.read_timeout = std::chrono::milliseconds(config.fetch.read_timeout_ms);
    fetch_bounds.max_redirects = config.fetch.max_redirects;
    const capabilities::HostCapabilities capabilities(
        open_kv_store(config), config.kv.limits,
        std::make_shared<fetch::Fetcher>(std::move(fetcher_options)), fetch_bounds);
    sandbox::ShellStash::instance().keep_ready(premade_vms);
    SnapshotFactory versions(capabilities);
    // Before the registry: its pools are shut down before this thread stops.
    pool::Maintenance pool_maintenance;
    FunctionRegistry registry(store, config, versions, pool_maintenance);
    const std::vector<int> cpus = config.pin_threads ? usable_cpus() : std::vector<int>{};
    // Ends the guest runs still going when the drain grace is over; before
    // the executors, whose threads obey it.
    sandbox::CallInterrupter interrupter;
    const auto obey_interrupter = [&interrupter] {
        sandbox::CallTimer::for_this_thread().obey(interrupter);
    };
    Executor executor(config.executor_threads, cpus,
                      {config.executor_threads_per_function, config.max_executor_queue},
                      obey_interrupter);
    // Deploys and deletes, one at a time, off the threads that run calls.
    Executor admin(1, {}, {}, obey_interrupter);
    Metrics metrics;
    Readiness readiness;
    http::Server* server_ptr = nullptr;
    GuestLogWriter guest_log(metrics, config.guest_log_lines_per_second);
    Invoker invoker(registry, executor, metrics, guest_log);
    RecordStore records({config.records.max_records, config.records.max_bytes});
    ApiHandler handler(registry, admin, invoker, metrics, records, config, readiness,
                       [&server_ptr] {
                           const http::ServerStats s = server_ptr->stats();
                           return ServerGauges{s.connections_accepted, s.connections_rejected,
                                               s.active_connections};
                       });

    http::ServerConfig server_config;
    server_config.listen = listen_text(config.listen);
    server_config.io_threads = config.io_threads;
    server_config.on_io_thread_start = [cpus](std::size_t i) {
        pin_calling_thread(cpu_for_thread(cpus, i));
    };
    server_config.max_connections = config.max_connections;
    server_config.max_header_bytes = config.max_header_bytes;
    server_config.read_timeout = std::chrono::milliseconds(config.read_timeout_ms);
    server_config.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
    std::vector<int> inherited = systemd_listen_fds();
    http::Server server = inherited.empty() ? http::Server(server_config, handler)
                                            : http::Server(server_config, handler, inherited);
    server_ptr = &server;
    server.start();
    if (inherited.empty()) {
        spdlog::info("listening on {}", listen_text({config.listen.host, server.port()}));
    } else {
        spdlog::info("listening on {} sockets from systemd", inherited.size());
    }

    std::vector<std::string> problems;
    registry.load(problems);
    for (const std::string& problem : problems)
        spdlog::warn("store: {}", problem);
    preload(config, registry);
    // Series for every function served, so that its counters exist from
    // the start (and calls to it are not mistaken for unknown names).
    for (const auto& deployment : registry.list())
        metrics.add_function(deployment->stored.name);
    if (!registry.wait_warm(warm_up_limit)) spdlog::warn("some pools are not warm yet");
    readiness.ready = true;
    notify_systemd("READY=1");
    spdlog::info("ready: {} functions", registry.list().size());

    const int signal = wait_for_signal(signals);
    spdlog::info("received {}: draining for up to {} ms", signal == SIGTERM ? "SIGTERM" : "SIGINT",
                 config.drain_timeout_ms);
    readiness.ready = false;
    notify_systemd("STOPPING=1");
    const auto grace_end = Clock::now() + std::chrono::milliseconds(config.drain_timeout_ms);
    // When the grace is over, calls still running are interrupted: their
    // callers get 503 shutting_down before the connections close.
    const auto interrupt = [&interrupter] {
        spdlog::warn("interrupting the calls and deploys still running");
        interrupter.interrupt();
    };
    const bool drained =
        server.drain(std::chrono::milliseconds(config.drain_timeout_ms), interrupt);
    if (!drained) spdlog::warn("drain timed out: closed the remaining connections");
    // Accepted async calls have the rest of the grace to finish; those
    // still running then are interrupted too.
    if (!handler.drain_async(grace_end)) interrupt();
    server.stop();
    // Whatever still runs or waits for a thread ends at once, so the
    // executors stop now, before the handler, metrics and pools they use
    // are taken down.
    interrupter.interrupt();
    executor.shutdown();
    admin.shutdown();
    registry.shutdown();
    spdlog::info("stopped");
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    // Termination signals are taken by wait_for_signal() only: block them
    // before any thread starts, so every thread inherits the mask.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    ::pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    ::signal(SIGPIPE, SIG_IGN);

    DaemonConfig config;
    try {
        const CommandLine command_line = parse_command_line(argc, argv);
        if (command_line.help) {
            std::fputs(usage_text("emberd").c_str(), stdout);
            return 0;
        }
        if (command_line.version) {
            std::puts(version_line("emberd").c_str());
            return 0;
        }
        config = load_daemon_config(command_line, capabilities::HostCapabilities::offered());
    } catch (const UsageError& e) {
        std::fprintf(stderr, "emberd: %s\n%s", e.what(), usage_text("emberd").c_str());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "emberd: invalid configuration: %s\n", e.what());
        return 2;
    }
    spdlog::set_level(config.log_level);
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
    try {
        return serve(config, signals);
    } catch (const std::exception& e) {
        spdlog::critical("emberd: {}", e.what());
        return 1;
    }
}
