// ember-record-bench: what keeping an invocation record costs a sync call,
// natively and without KVM: the work `invocation_records.record: all` adds
// to a call over `none` (the record made from the call and its reply, put
// into a full RecordStore that evicts its oldest), beside the work every
// call does whatever the setting (its id and trace context, and its reply).
// Run with --benchmark_repetitions=N to get medians (loadtest/README.md).
#include <benchmark/benchmark.h>

#include <memory>
#include <string>
#include <vector>

#include "daemon/api/call_record.hpp"
#include "daemon/api/call_reply.hpp"
#include "daemon/api/trace_context.hpp"
#include "daemon/records/record_store.hpp"

namespace {

using namespace ember;
using namespace ember::daemon;

const std::string echo_output = "hello";

// An echo call of 5 bytes that ended well, with `log_lines` lines of log.
CallEnd echo_end(const std::shared_ptr<const Deployment>& deployment, int log_lines) {
    CallEnd end;
    end.function = "echo";
    end.deployment = deployment;
    sandbox::Reply reply;
    reply.output = std::as_bytes(std::span(echo_output.data(), echo_output.size()));
    end.result.outcome = reply;
    for (int i = 0; i < log_lines; ++i)
        end.result.log.add("handled request " + std::to_string(i));
    const auto now = Clock::now();
    end.at = {now, now, now, now};
    return end;
}

std::shared_ptr<const Deployment> echo_deployment() {
    auto deployment = std::make_shared<Deployment>();
    deployment->stored.name = "echo";
    deployment->stored.version = 1;
    return deployment;
}

// A store at its default bound, so that every put evicts the oldest.
RecordStore& full_store() {
    static RecordStore* store = [] {
        auto* made = new RecordStore(RecordLimits{});
        const CallRequest call{.id = {},
                               .function = "echo",
                               .handler = {},
                               .version = {},
                               .input = {},
                               .received = {}};
        const auto end = echo_end(echo_deployment(), 0);
        for (std::size_t i = 0; i < RecordLimits{}.max_records; ++i) {
            const InvocationId id = InvocationId::random();
            InvocationRecord record = record_start(call, id, TraceContext::for_request({}), false);
            record_end(record, end, reply_of(end, id.text()));
            made->put(std::move(record));
        }
        return made;
    }();
    return *store;
}

// What every call pays: an id, a trace context and its reply.
void every_call(benchmark::State& state) {
    const auto end = echo_end(echo_deployment(), 0);
    const http::Fields headers = {
        {"traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}};
    for (auto _ : state) {
        const InvocationId id = InvocationId::random();
        const TraceContext trace = TraceContext::for_request(headers);
        CallReply reply = reply_of(end, id.text());
        benchmark::DoNotOptimize(trace);
        benchmark::DoNotOptimize(reply);
    }
}

// Ids made ahead, so that making one is not timed here (every_call times
// it); more of them than the store holds, so that none is stored twice.
const std::vector<InvocationId>& fresh_ids() {
    static const std::vector<InvocationId> ids = [] {
        std::vector<InvocationId> made;
        for (std::size_t i = 0; i < 4 * RecordLimits{}.max_records; ++i)
            made.push_back(InvocationId::random());
        return made;
    }();
    return ids;
}

// What `record: all` adds: the record, put into a full store.
void recording(benchmark::State& state) {
    RecordStore& store = full_store();
    const std::vector<InvocationId>& ids = fresh_ids();
    const auto end = echo_end(echo_deployment(), static_cast<int>(state.range(0)));
    const CallRequest call{
        .id = {}, .function = "echo", .handler = {}, .version = {}, .input = {}, .received = {}};
    const TraceContext trace = TraceContext::for_request({});
    const CallReply reply = reply_of(end, ids.front().text());
    std::size_t next = static_cast<std::size_t>(state.thread_index());
    for (auto _ : state) {
        InvocationRecord record = record_start(call, ids[next % ids.size()], trace, false);
        record_end(record, end, reply);
        store.put(std::move(record));
        next += static_cast<std::size_t>(state.threads());
    }
}

BENCHMARK(every_call)->UseRealTime();
BENCHMARK(recording)->Arg(0)->Arg(8)->UseRealTime();
BENCHMARK(recording)->Arg(0)->Threads(2)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
