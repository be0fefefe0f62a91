// The server: owns the I/O context, its threads and the listeners, and runs
// drain and stop. Only Asio is included here; Beast lives in the session.
#include "http/server.hpp"

#include <future>
#include <optional>
#include <system_error>
#include <thread>

#include <spdlog/spdlog.h>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include "http/listener.hpp"
#include "http/server_state.hpp"

namespace ember::http {
namespace {

namespace asio = boost::asio;

// How long drain() waits for the answers that its on_grace_end brings
// about (interrupted calls answer within microseconds), and then for
// force-closed connections to be gone.
constexpr std::chrono::milliseconds last_answers_wait{500};
constexpr std::chrono::milliseconds force_close_wait{1000};

ServerConfig checked(ServerConfig config) {
    const auto invalid = [](const char* what) {
        return std::system_error(std::make_error_code(std::errc::invalid_argument),
                                 std::string("http server: ") + what);
    };
    if (config.io_threads == 0) throw invalid("io_threads must be at least 1");
    if (config.max_connections == 0) throw invalid("max_connections must be at least 1");
    if (config.max_header_bytes == 0) throw invalid("max_header_bytes must be at least 1");
    return config;
}

}  // namespace

struct Server::Impl {
    Impl(ServerConfig server_config, Handler& handler)
        : config(checked(std::move(server_config))),
          context(static_cast<int>(config.io_threads)),
          work(asio::make_work_guard(context)),
          state(std::make_shared<ServerState>(config, handler)) {}

    ~Impl() { stop(); }

    void run_io_thread();
    void close_listeners();
    void stop();

    const ServerConfig config;
    // Declared before everything that holds I/O objects, so destroyed last.
    asio::io_context context;
    std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
    std::shared_ptr<ServerState> state;
    std::vector<std::shared_ptr<Listener>> listeners;
    std::vector<std::thread> threads;
    bool stopped = false;
};

// No exception may end an I/O thread: a throwing completion handler is
// logged and the thread goes back to work.
void Server::Impl::run_io_thread() {
    for (;;) {
        try {
            context.run();
            return;
        } catch (const std::exception& e) {
            spdlog::error("http: I/O thread caught: {}", e.what());
        } catch (...) {
            spdlog::error("http: I/O thread caught a non-standard exception");
        }
    }
}

// Runs each listener's close() on its strand and waits for it, so that the
// port refuses connections when this returns.
void Server::Impl::close_listeners() {
    std::vector<std::future<void>> closed;
    for (const auto& listener : listeners) {
        std::promise<void> done;
        closed.push_back(done.get_future());
        asio::post(listener->executor(), [listener, done = std::move(done)]() mutable {
            listener->close();
            done.set_value();
        });
    }
    // Without I/O threads nobody else runs the posted closes.
    if (threads.empty()) context.poll();
    for (auto& future : closed)
        future.wait();
}

void Server::Impl::stop() {
    if (stopped) return;
    stopped = true;
    work.reset();
    context.stop();
    for (auto& thread : threads)
        thread.join();
    threads.clear();
    // From here on no handler thread may post into the context, and sessions
    // whose requests a handler still holds must not outlive it.
    state->shut_gate();
    state->abandon_all();
}

Server::Server(ServerConfig config, Handler& handler)
    : impl_(std::make_unique<Impl>(std::move(config), handler)) {
    impl_->listeners.push_back(Listener::bind(impl_->context, impl_->config.listen, impl_->state));
}

Server::Server(ServerConfig config, Handler& handler, std::vector<int> inherited_fds)
    : impl_(std::make_unique<Impl>(std::move(config), handler)) {
    if (inherited_fds.empty())
        throw std::system_error(std::make_error_code(std::errc::invalid_argument),
                                "http server: no inherited listening sockets");
    for (const int fd : inherited_fds)
        impl_->listeners.push_back(Listener::adopt(impl_->context, fd, impl_->state));
}

Server::~Server() = default;

uint16_t Server::port() const {
    return impl_->listeners.front()->port();
}

void Server::start() {
    if (impl_->stopped || !impl_->threads.empty()) return;
    for (const auto& listener : impl_->listeners)
        listener->start();
    for (std::size_t i = 0; i < impl_->config.io_threads; ++i)
        impl_->threads.emplace_back([impl = impl_.get(), i] {
            if (impl->config.on_io_thread_start) impl->config.on_io_thread_start(i);
            impl->run_io_thread();
        });
}

bool Server::drain(std::chrono::milliseconds grace, const std::function<void()>& on_grace_end) {
    if (impl_->stopped) return true;
    const auto deadline = std::chrono::steady_clock::now() + grace;
    impl_->close_listeners();
    impl_->state->begin_drain();
    if (impl_->state->wait_until_empty(deadline)) return true;
    spdlog::warn("http: drain grace of {} ms passed with {} connections open", grace.count(),
                 impl_->state->stats().active_connections);
    if (on_grace_end) {
        on_grace_end();
        if (impl_->state->wait_until_empty(std::chrono::steady_clock::now() + last_answers_wait))
            return false;
    }
    impl_->state->force_close_all();
    impl_->state->wait_until_empty(std::chrono::steady_clock::now() + force_close_wait);
    return false;
}

void Server::stop() {
    impl_->stop();
}

ServerStats Server::stats() const {
    return impl_->state->stats();
}

}  // namespace ember::http
