#include "daemon/exec/fair_queue.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace ember::daemon;

namespace {

// Fake jobs that say which key and which job of that key they are.
struct Recorder {
    std::vector<std::string> ran;

    FairQueue::Job job(const std::string& name) {
        return [this, name] { ran.push_back(name); };
    }
};

bool push(FairQueue& queue, Recorder& recorder, const std::string& key, int index) {
    return queue.push(key, recorder.job(key + std::to_string(index)));
}

// Takes every job that may start, runs it and lets it finish at once: the
// order in which threads that never stay busy would run the queue.
void run_all(FairQueue& queue) {
    while (auto taken = queue.take()) {
        taken->job();
        queue.finished(taken->key);
    }
}

}  // namespace

TEST_CASE("a free thread takes each waiting key in turn", "[fair_queue]") {
    FairQueue queue({});
    Recorder recorder;
    for (int i = 0; i < 4; ++i)
        REQUIRE(push(queue, recorder, "spin", i));
    REQUIRE(push(queue, recorder, "echo", 0));
    REQUIRE(push(queue, recorder, "hello", 0));
    REQUIRE(push(queue, recorder, "echo", 1));
    run_all(queue);
    // Four calls of spin queued first delay echo's first by one, not four.
    CHECK(recorder.ran ==
          std::vector<std::string>{"spin0", "echo0", "hello0", "spin1", "echo1", "spin2", "spin3"});
    CHECK(queue.size() == 0);
}

TEST_CASE("a key runs on at most its share of threads, even with threads idle", "[fair_queue]") {
    FairQueue queue({.threads_per_key = 2});
    Recorder recorder;
    for (int i = 0; i < 5; ++i)
        REQUIRE(push(queue, recorder, "spin", i));
    auto first = queue.take();
    auto second = queue.take();
    REQUIRE(first);
    REQUIRE(second);
    CHECK(first->key == "spin");
    CHECK(queue.running("spin") == 2);
    CHECK_FALSE(queue.take());  // spin is at its share: the third thread stays free
    CHECK(queue.waiting("spin") == 3);

    // ... for another key, which starts at once.
    REQUIRE(push(queue, recorder, "echo", 0));
    auto echo = queue.take();
    REQUIRE(echo);
    CHECK(echo->key == "echo");
    echo->job();
    queue.finished("echo");
    CHECK_FALSE(queue.take());

    // A spin job done lets exactly one more of spin start.
    queue.finished(first->key);
    auto third = queue.take();
    REQUIRE(third);
    CHECK(third->key == "spin");
    CHECK_FALSE(queue.take());
    CHECK(queue.running("spin") == 2);
    CHECK(queue.waiting("spin") == 2);
}

TEST_CASE("a key at its share keeps its turn for when it is not", "[fair_queue]") {
    FairQueue queue({.threads_per_key = 1});
    Recorder recorder;
    REQUIRE(push(queue, recorder, "a", 0));
    auto a0 = queue.take();  // a runs: its share is used up
    REQUIRE(a0);
    REQUIRE(push(queue, recorder, "a", 1));
    REQUIRE(push(queue, recorder, "b", 0));
    REQUIRE(push(queue, recorder, "b", 1));
    auto b0 = queue.take();  // a waits first, but may not start: b goes
    REQUIRE(b0);
    CHECK(b0->key == "b");
    queue.finished("a");
    queue.finished("b");
    // Both may start now: a, whose turn came first, before b's second.
    auto next = queue.take();
    REQUIRE(next);
    CHECK(next->key == "a");
}

TEST_CASE("no more than max_queued jobs wait, all keys together", "[fair_queue]") {
    FairQueue queue({.threads_per_key = 1, .max_queued = 3});
    Recorder recorder;
    CHECK(push(queue, recorder, "a", 0));
    CHECK(push(queue, recorder, "a", 1));
    CHECK(push(queue, recorder, "b", 0));
    FairQueue::Job refused = recorder.job("c0");
    CHECK_FALSE(queue.push("c", std::move(refused)));
    CHECK(refused);  // left to the caller, not dropped
    CHECK(queue.size() == 3);

    // Taking a job makes room; running jobs do not count.
    auto taken = queue.take();
    REQUIRE(taken);
    CHECK(push(queue, recorder, "c", 0));
    CHECK_FALSE(push(queue, recorder, "c", 1));
}

TEST_CASE("the queue keeps no state for keys with nothing waiting or running", "[fair_queue]") {
    FairQueue queue({.threads_per_key = 2});
    Recorder recorder;
    for (int i = 0; i < 1000; ++i) {
        const std::string key = "fn-" + std::to_string(i);
        REQUIRE(push(queue, recorder, key, 0));
        REQUIRE(push(queue, recorder, key, 1));
    }
    CHECK(queue.keys() == 1000);
    run_all(queue);
    CHECK(recorder.ran.size() == 2000);
    CHECK(queue.keys() == 0);
    CHECK(queue.size() == 0);
}

TEST_CASE("finishing a job that was never taken is a bug", "[fair_queue]") {
    FairQueue queue({});
    CHECK_THROWS_AS(queue.finished("nobody"), std::logic_error);
    CHECK_THROWS_AS(FairQueue({.threads_per_key = 0}), std::invalid_argument);
}
