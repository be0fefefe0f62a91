// The order in which an Executor's threads take the jobs waiting for them:
// fair between keys (emberd keys each call by its function's name), so that
// one function's calls cannot hold every thread while another's wait.
//
// The policy, in three rules:
//   - a key's jobs run on at most `threads_per_key` threads at once, even
//     when threads are idle: a thread left idle is what lets another key's
//     job start at once, since a running job cannot be taken back;
//   - among the keys that may start a job, a free thread takes the oldest
//     job of the next key in turn (round robin over keys, first in first
//     out within a key): a job that reaches the front of its key waits
//     behind at most one job of each other key, however many they queued;
//   - at most `max_queued` jobs wait, all keys together; push() refuses more.
//
// Not thread-safe: the Executor calls it under its own lock.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace ember::daemon {

struct FairShare {
    static constexpr std::size_t unlimited = std::numeric_limits<std::size_t>::max();

    std::size_t threads_per_key = unlimited;  // at least 1
    std::size_t max_queued = unlimited;
};

class FairQueue {
  public:
    using Job = std::function<void()>;

    // A job a thread may start now, and the key it runs under: give the
    // key back to finished() when the job is done.
    struct Taken {
        std::string key;
        Job job;
    };

    explicit FairQueue(FairShare share);

    // Queues `job` (moved from only when queued); false, `job` untouched, when
    // max_queued jobs wait already.
    [[nodiscard]] bool push(std::string_view key, Job&& job);

    // The next job a thread may start under the rules above, its key now
    // counted as running one more job; nullopt when no waiting job may start.
    std::optional<Taken> take();

    // A job that take() handed out is done: its key runs one job fewer.
    void finished(std::string_view key);

    // Jobs waiting, all keys together.
    std::size_t size() const { return queued_; }
    // Jobs of `key` waiting, and running.
    std::size_t waiting(std::string_view key) const;
    std::size_t running(std::string_view key) const;
    // Keys with jobs waiting or running: what the queue keeps state for.
    std::size_t keys() const { return lanes_.size(); }

  private:
    struct Lane {
        std::deque<Job> waiting;
        std::size_t running = 0;
    };

    FairShare share_;
    // A key's lane lives while it has jobs waiting or running, so the
    // queue's memory follows the keys in use, not every key ever seen.
    std::map<std::string, Lane, std::less<>> lanes_;
    // Keys with jobs waiting, in turn order: the front is served first.
    std::deque<std::string> turns_;
    std::size_t queued_ = 0;
};

}  // namespace ember::daemon
