// The call path: find, acquire (with the redeploy retry), run, give back.
#include "daemon/exec/invoker.hpp"

#include <spdlog/spdlog.h>

#include <span>

namespace ember::daemon {

namespace {

// A redeploy shuts the old pool down; calls queued on it try the new one
// (a call pinned to a version tries that version again: it is gone when it
// was pruned or its function removed).
// More attempts than that only happen while the function is being replaced
// again and again, and then the caller had better hear so.
constexpr int max_attempts = 3;

}  // namespace

Invoker::Invoker(FunctionRegistry& registry, Executor& executor, Metrics& metrics,
                 GuestLogWriter& guest_log)
    : registry_(registry), executor_(executor), metrics_(metrics), guest_log_(guest_log) {}

void Invoker::invoke(std::shared_ptr<const CallRequest> request, Done done) {
    attempt(std::move(request), std::move(done), Clock::now(), 0);
}

void Invoker::attempt(std::shared_ptr<const CallRequest> request, Done done,
                      Clock::time_point arrived, int attempt) {
    auto deployment = request->version ? registry_.find(request->function, *request->version)
                                       : registry_.find(request->function);
    if (!deployment) {
        CallEnd end;
        end.function = request->function;
        end.at = {request->received, arrived, {}, {}};
        return done(end);
    }
    const auto deadline = arrived + std::chrono::milliseconds(deployment->stored.config.timeout_ms);
    pool::Pool& pool = *deployment->pool;
    pool.acquire(
        deadline, [this, deployment = std::move(deployment), request, done = std::move(done),
                   arrived, deadline, attempt](pool::Acquired acquired) mutable {
            if (acquired.ok()) {
                auto lease = std::make_shared<pool::Lease>(std::move(acquired.lease()));
                if (executor_.post(request->function,
                                   [this, deployment, lease, request, done, arrived, deadline] {
                                       run(deployment, lease, request, done, arrived, deadline);
                                   }))
                    return;
                // The sandbox goes back untouched: nothing ran in it.
                lease->release();
                CallEnd end;
                end.function = request->function;
                end.deployment = std::move(deployment);
                end.queue_full = true;
                end.at = {request->received, arrived, {}, {}};
                return done(end);
            }
            if (acquired.error() == pool::AcquireError::shutting_down && attempt + 1 < max_attempts)
                return this->attempt(request, std::move(done), arrived, attempt + 1);
            CallEnd end;
            end.function = request->function;
            end.deployment = std::move(deployment);
            end.refused = acquired.error();
            end.at = {request->received, arrived, {}, {}};
            done(end);
        });
}

void Invoker::run(std::shared_ptr<const Deployment> deployment, std::shared_ptr<pool::Lease> lease,
                  std::shared_ptr<const CallRequest> request, const Done& done,
                  Clock::time_point arrived, Clock::time_point deadline) {
    CallEnd end;
    end.function = request->function;
    end.deployment = std::move(deployment);
    end.at = {request->received, arrived, Clock::now(), {}};
    if (end.at.started >= deadline) {
        // The sandbox goes back untouched: nothing ran in it.
        end.expired = true;
        lease->release();
        return done(end);
    }
    end.cold_start = lease->cold_start();
    try {
        lease->materialize();
        const auto input = std::as_bytes(std::span(request->input.data(), request->input.size()));
        end.result = lease->instance().call(request->handler, input, deadline);
        end.at.returned = Clock::now();
    } catch (const std::exception& e) {
        lease->discard();
        spdlog::error("invoke {} {}: host failure: {}", end.function, request->id, e.what());
        end.host_failure = e.what();
        return done(end);
    }
    guest_log_.write(end.function, end.deployment->stored.version, request->id, end.result.log);
    if (!end.result.ok() && end.result.error().kind == sandbox::GuestErrorKind::interrupted) {
        // emberd is stopping: no later call needs this sandbox restored.
        lease->discard();
        return done(end);
    }
    lease->returning();
    done(end);

    const auto releasing = Clock::now();
    lease->release();
    metrics_.restore(end.function, Clock::now() - releasing);
}

}  // namespace ember::daemon
