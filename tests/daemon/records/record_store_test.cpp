// The bounded record store: count and byte bounds, pending async records
// kept, newest-first listing.
#include "daemon/records/record_store.hpp"

#include <catch2/catch.hpp>

using namespace ember::daemon;

namespace {

InvocationRecord record(const std::string& function, std::size_t log_bytes = 0) {
    InvocationRecord r(InvocationId::random());
    r.function = function;
    if (log_bytes > 0) r.logs.push_back(std::string(log_bytes, 'x'));
    return r;
}

}  // namespace

TEST_CASE("the oldest records go first when the count is passed", "[records]") {
    RecordStore store({.max_records = 3, .max_bytes = 1 << 20});
    std::vector<std::string> ids;
    for (int i = 0; i < 5; ++i) {
        InvocationRecord r = record("echo");
        ids.push_back(r.id.text());
        store.put(std::move(r));
    }
    CHECK_FALSE(store.find(ids[0]));
    CHECK_FALSE(store.find(ids[1]));
    for (int i = 2; i < 5; ++i)
        CHECK(store.find(ids[i]));
    const RecordStoreStats stats = store.stats();
    CHECK(stats.records == 3);
    CHECK(stats.evicted == 2);
}

TEST_CASE("the byte bound evicts too, and counts what records hold", "[records]") {
    RecordStore store({.max_records = 1000, .max_bytes = 100'000});
    for (int i = 0; i < 10; ++i)
        store.put(record("logs", 30'000));
    const RecordStoreStats stats = store.stats();
    CHECK(stats.bytes <= 100'000);
    CHECK(stats.records == 3);
    // One record over the bound alone stays: its caller is about to ask.
    InvocationRecord huge = record("logs", 200'000);
    const std::string id = huge.id.text();
    store.put(std::move(huge));
    CHECK(store.find(id));
    CHECK(store.stats().records == 1);
}

TEST_CASE("async records still waiting for their result are not evicted", "[records]") {
    RecordStore store({.max_records = 2, .max_bytes = 1 << 20});
    InvocationRecord pending = record("slow");
    pending.async = true;
    pending.state = RecordState::queued;
    const InvocationId id = pending.id;
    store.put(std::move(pending));
    for (int i = 0; i < 5; ++i)
        store.put(record("echo"));
    CHECK(store.find(id.text()));
    CHECK(store.stats().records == 2);

    // Once it has ended, it ages like the others.
    REQUIRE(store.update(id, [](InvocationRecord& r) { r.state = RecordState::done; }));
    store.put(record("echo"));
    CHECK_FALSE(store.find(id.text()));
    CHECK_FALSE(store.update(id, [](InvocationRecord&) {}));
}

TEST_CASE("update re-counts a record's bytes", "[records]") {
    RecordStore store({.max_records = 10, .max_bytes = 1 << 20});
    InvocationRecord r = record("echo");
    const InvocationId id = r.id;
    store.put(std::move(r));
    const std::size_t before = store.stats().bytes;
    REQUIRE(store.update(id, [](InvocationRecord& rec) {
        rec.result = ember::http::Response{200, {}, std::string(5000, 'r')};
    }));
    CHECK(store.stats().bytes >= before + 5000);
}

TEST_CASE("a function's newest records come first, at most the limit", "[records]") {
    RecordStore store({.max_records = 100, .max_bytes = 1 << 20});
    std::vector<std::string> echo_ids;
    for (int i = 0; i < 5; ++i) {
        InvocationRecord r = record("echo");
        echo_ids.push_back(r.id.text());
        store.put(std::move(r));
        store.put(record("other"));
    }
    const auto newest = store.newest("echo", 3);
    REQUIRE(newest.size() == 3);
    CHECK(newest[0].id.text() == echo_ids[4]);
    CHECK(newest[1].id.text() == echo_ids[3]);
    CHECK(newest[2].id.text() == echo_ids[2]);
    CHECK(store.newest("nobody", 10).empty());
}
