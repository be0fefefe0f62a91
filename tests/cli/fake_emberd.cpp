// The scripted emberd of the client tests (see fake_emberd.hpp).
#include "tests/cli/fake_emberd.hpp"

#include <catch2/catch.hpp>

namespace ember::cli::test {

FakeEmberd::FakeEmberd() {
    http::ServerConfig config;
    config.listen = "127.0.0.1:0";
    server_ = std::make_unique<http::Server>(config, *this);
    server_->start();
}

FakeEmberd::~FakeEmberd() {
    server_->stop();
}

void FakeEmberd::on(const std::string& method, const std::string& target, http::Response response) {
    const std::lock_guard lock(mutex_);
    replies_[{method, target}] = std::move(response);
}

std::string FakeEmberd::url() const {
    return "http://127.0.0.1:" + std::to_string(server_->port());
}

std::vector<http::Request> FakeEmberd::requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
}

http::Request FakeEmberd::only_request() const {
    const std::vector<http::Request> all = requests();
    REQUIRE(all.size() == 1);
    return all.front();
}

void FakeEmberd::handle(http::Request request, http::Respond respond) {
    http::Response response =
        http::json_error(404, "not_found", "the fake emberd has no reply for " + request.target);
    {
        const std::lock_guard lock(mutex_);
        const auto it = replies_.find({request.method, request.target});
        if (it != replies_.end()) response = it->second;
        requests_.push_back(std::move(request));
    }
    respond(std::move(response));
}

std::size_t FakeEmberd::body_limit(const http::Request& /*head*/) const {
    return 64 * 1024 * 1024;
}

http::Response json_reply(unsigned status, const std::string& body) {
    return {status, {{"Content-Type", "application/json"}}, body};
}

}  // namespace ember::cli::test
