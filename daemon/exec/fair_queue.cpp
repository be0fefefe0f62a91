// Per-key lanes, taken in turn, each capped in threads.
#include "daemon/exec/fair_queue.hpp"

#include <algorithm>
#include <stdexcept>
#include <utility>

namespace ember::daemon {

FairQueue::FairQueue(FairShare share) : share_(share) {
    if (share_.threads_per_key == 0) throw std::invalid_argument("threads_per_key must be >= 1");
}

bool FairQueue::push(std::string_view key, Job&& job) {
    if (queued_ >= share_.max_queued) return false;
    auto lane = lanes_.find(key);
    if (lane == lanes_.end()) lane = lanes_.emplace(std::string(key), Lane{}).first;
    if (lane->second.waiting.empty()) turns_.push_back(lane->first);
    lane->second.waiting.push_back(std::move(job));
    ++queued_;
    return true;
}

std::optional<FairQueue::Taken> FairQueue::take() {
    // A key over its share keeps its place in the turns for when it is not.
    const auto turn = std::find_if(turns_.begin(), turns_.end(), [this](const std::string& key) {
        return lanes_.find(key)->second.running < share_.threads_per_key;
    });
    if (turn == turns_.end()) return std::nullopt;
    const auto lane = lanes_.find(*turn);
    Taken taken{std::move(*turn), std::move(lane->second.waiting.front())};
    turns_.erase(turn);
    lane->second.waiting.pop_front();
    ++lane->second.running;
    --queued_;
    if (!lane->second.waiting.empty()) turns_.push_back(taken.key);
    return taken;
}

void FairQueue::finished(std::string_view key) {
    const auto lane = lanes_.find(key);
    if (lane == lanes_.end() || lane->second.running == 0)
        throw std::logic_error("FairQueue::finished without a job of that key running");
    --lane->second.running;
    if (lane->second.running == 0 && lane->second.waiting.empty()) lanes_.erase(lane);
}

std::size_t FairQueue::waiting(std::string_view key) const {
    const auto lane = lanes_.find(key);
    return lane == lanes_.end() ? 0 : lane->second.waiting.size();
}

std::size_t FairQueue::running(std::string_view key) const {
    const auto lane = lanes_.find(key);
    return lane == lanes_.end() ? 0 : lane->second.running;
}

}  // namespace ember::daemon
