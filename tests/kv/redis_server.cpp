// Running a redis-server child for the Redis store's tests.
#include "tests/kv/redis_server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <sstream>
#include <stdexcept>

#include "base/unique_fd.hpp"
#include "tests/child_process.hpp"
#include "tests/eventually.hpp"
#include "tests/skip.hpp"

extern char** environ;

namespace ember::kv::test {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view ready_line = "Ready to accept connections";
constexpr int start_attempts = 3;

std::optional<std::filesystem::path> find_redis_server() {
    // Where scripts/test looks too (command -v), so that both agree.
    const char* path = std::getenv("PATH");
    std::istringstream dirs(path != nullptr ? path : "");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        if (dir.empty()) continue;
        const std::filesystem::path candidate = std::filesystem::path(dir) / "redis-server";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return std::nullopt;
}

std::filesystem::path make_temp_dir() {
    static std::atomic<unsigned> counter{0};
    std::random_device random;
    const auto path = std::filesystem::temp_directory_path() /
                      ("ember-redis-test-" + std::to_string(::getpid()) + "-" +
                       std::to_string(counter++) + "-" + std::to_string(random() % 100000));
    std::filesystem::create_directories(path);
    return path;
}

// A port the kernel just handed out for 127.0.0.1 (from the ephemeral
// range, so never 6379). Another process may take it before redis-server
// binds it: the start is then retried on another.
std::uint16_t pick_free_port() {
    UniqueFd socket(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!socket) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(socket.get(), reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        ::getsockname(socket.get(), reinterpret_cast<sockaddr*>(&address), &length) != 0)
        throw std::runtime_error(std::string("binding a free port: ") + std::strerror(errno));
    return ntohs(address.sin_port);
}

int count_of(const std::string& text, std::string_view line) {
    int count = 0;
    for (auto at = text.find(line); at != std::string::npos; at = text.find(line, at + 1))
        ++count;
    return count;
}

}  // namespace

RedisServer::RedisServer(std::vector<std::string> extra_args) : extra_args_(std::move(extra_args)) {
    const std::optional<std::filesystem::path> binary = find_redis_server();
    if (!binary)
        ember::test::skip_test(
            "redis-server is not installed (Debian package redis-server; "
            "scripts/ensure-packages test installs it)");
    binary_ = *binary;
    dir_ = make_temp_dir();
    try {
        for (int attempt = 1;; ++attempt) {
            port_ = pick_free_port();
            spawn();
            if (wait_ready()) break;
            kill_and_reap();
            const bool port_taken = log_text().find("Address already in use") != std::string::npos;
            if (port_taken && attempt < start_attempts) continue;
            FAIL("redis-server did not start within 20 s; its log:\n" << log_text());
        }
    } catch (...) {
        kill_and_reap();
        std::error_code ignored;
        std::filesystem::remove_all(dir_, ignored);
        throw;
    }
}

RedisServer::~RedisServer() {
    kill_and_reap();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
}

RedisKvOptions RedisServer::options() const {
    RedisKvOptions options;
    options.host = "127.0.0.1";
    options.port = port_;
    options.connect_timeout = 2s;
    options.command_timeout = 2s;
    return options;
}

void RedisServer::spawn() {
    std::vector<std::string> args = {binary_.string(),
                                     "--port",
                                     std::to_string(port_),
                                     "--bind",
                                     "127.0.0.1",
                                     "--unixsocket",
                                     unix_socket().string(),
                                     "--unixsocketperm",
                                     "700",
                                     "--dir",
                                     dir_.string(),
                                     "--appendonly",
                                     "yes",
                                     "--appendfsync",
                                     "always",
                                     "--save",
                                     "",
                                     "--daemonize",
                                     "no",
                                     "--logfile",
                                     (dir_ / "redis.log").string()};
    args.insert(args.end(), extra_args_.begin(), extra_args_.end());
    const std::string output = (dir_ / "redis.out").string();
    starts_ = count_of(log_text(), ready_line);
    pid_ = ember::test::start_child(std::move(args), output);
}

// Ready once the log has one more "Ready to accept connections" than
// before the start: Redis writes it after it has loaded its AOF.
bool RedisServer::wait_ready() {
    return ember::test::eventually(
               [this] {
                   int status = 0;
                   if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                       pid_ = -1;
                       return true;
                   }
                   return count_of(log_text(), ready_line) > starts_;
               },
               20s) &&
           pid_ > 0;
}

void RedisServer::kill9() {
    REQUIRE(pid_ > 0);
    kill_and_reap();
}

void RedisServer::restart() {
    REQUIRE(pid_ <= 0);
    spawn();
    if (!wait_ready()) FAIL("redis-server did not restart within 20 s; its log:\n" << log_text());
}

void RedisServer::freeze() {
    REQUIRE(pid_ > 0);
    REQUIRE(::kill(pid_, SIGSTOP) == 0);
}

void RedisServer::thaw() {
    REQUIRE(pid_ > 0);
    REQUIRE(::kill(pid_, SIGCONT) == 0);
}

std::string RedisServer::log_text() const {
    std::string text;
    for (const char* name : {"redis.log", "redis.out"}) {
        std::ifstream in(dir_ / name, std::ios::binary);
        std::ostringstream contents;
        contents << in.rdbuf();
        text += contents.str();
    }
    return text;
}

void RedisServer::kill_and_reap() noexcept {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    pid_ = -1;
}

}  // namespace ember::kv::test
