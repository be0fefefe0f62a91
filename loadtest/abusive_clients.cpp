// An attack: one kind of abusive client, many times over, in a poll() loop
// of its own thread (see abusive_clients.hpp).
#include "loadtest/abusive_clients.hpp"

#include <poll.h>

#include <algorithm>

#include "loadtest/abusive_client.hpp"

namespace ember::loadtest {
namespace {

using Clock = AbusiveClient::Clock;
// The loop looks at stop() at least this often.
constexpr std::chrono::milliseconds longest_poll{50};

int poll_timeout(Clock::time_point next) {
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now());
    return static_cast<int>(std::clamp(wait, std::chrono::milliseconds(0), longest_poll).count());
}

}  // namespace

const char* attack_name(AttackKind kind) {
    switch (kind) {
        case AttackKind::idle:
            return "idle keep-alive";
        case AttackKind::slowloris:
            return "slowloris";
        case AttackKind::oversize:
            return "oversized body";
        case AttackKind::vanish:
            return "half a request, then gone";
        case AttackKind::nonreader:
            return "never reads replies";
    }
    return "?";
}

Attack::Attack(AttackKind kind, unsigned clients, const AttackSetup& setup)
    : kind_(kind), clients_(clients), setup_(setup), thread_([this] { run(); }) {}

Attack::~Attack() {
    stop();
}

void Attack::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

void Attack::run() {
    std::vector<std::unique_ptr<AbusiveClient>> clients;
    for (unsigned i = 0; i < clients_; ++i)
        clients.push_back(make_abusive_client(kind_, setup_, tally_, holding_, i));
    std::vector<pollfd> fds;
    std::vector<AbusiveClient*> owners;
    while (!stopping_) {
        Clock::time_point now = Clock::now();
        Clock::time_point next = now + longest_poll;
        fds.clear();
        owners.clear();
        for (const auto& client : clients) {
            if (client->wake_at() <= now) client->wake(now);
            next = std::min(next, client->wake_at());
            if (client->fd() < 0) continue;
            if (const short events = client->events()) {
                fds.push_back({client->fd(), events, 0});
                owners.push_back(client.get());
            }
        }
        if (::poll(fds.data(), fds.size(), poll_timeout(next)) <= 0) continue;
        now = Clock::now();
        for (std::size_t i = 0; i < fds.size(); ++i)
            if (fds[i].revents != 0) owners[i]->on_ready(fds[i].revents, now);
    }
    for (const auto& client : clients)
        client->finish();
}

}  // namespace ember::loadtest
