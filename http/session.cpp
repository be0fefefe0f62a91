// The HTTP/1.1 session: reads one request at a time under the configured
// limits and timeouts, hands it to the Handler, writes the response strictly
// in order, and repeats while the connection is kept alive.
#include "http/session.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/beast_message.hpp"
#include "http/outgoing.hpp"

namespace ember::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

constexpr std::size_t first_read_bytes = 4096;
// A connection closed with request bytes still unread keeps reading (and
// discarding) for this long: closing at once would make the kernel answer
// with a reset, which can destroy the error response before the client reads it.
constexpr std::chrono::milliseconds max_linger{1000};
// Where lingering reads put what they discard. A client refused with a 413
// may have megabytes on their way: read in 4 KiB steps, one such client
// kept the I/O thread busy with thousands of reads a second (ember-abuse's
// oversized bodies took most of its time). Nothing ever reads these bytes,
// so one buffer serves every session on every thread.
std::array<char, 64 * 1024> discarded;
constexpr std::string_view continue_line = "HTTP/1.1 100 Continue\r\n\r\n";

std::string remote_text(const tcp::socket& socket) {
    beast::error_code ec;
    const auto endpoint = socket.remote_endpoint(ec);
    if (ec) return "unknown";
    const auto host = endpoint.address().to_string();
    const auto port = std::to_string(endpoint.port());
    return endpoint.address().is_v6() ? "[" + host + "]:" + port : host + ":" + port;
}

bool expects_continue(const BeastRequest& message) {
    return message.version() == 11 && beast::iequals(message[bhttp::field::expect], "100-continue");
}

bool is_protocol_error(beast::error_code ec) {
    return ec.category() == make_error_code(bhttp::error::bad_method).category() &&
           ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message;
}

std::string too_large(std::string_view what, std::size_t limit) {
    return std::string(what) + " exceeds the limit of " + std::to_string(limit) + " bytes";
}

class Session : public Connection, public std::enable_shared_from_this<Session> {
  public:
    Session(tcp::socket socket, std::shared_ptr<ServerState> state);
    ~Session() override;

    // On the strand, once: registers (or answers 503) and starts reading.
    void start();
    // From any thread, once per request: the handler's answer. It is written
    // from the caller's thread as far as the socket takes it without waiting,
    // which spares the reply a wake-up of the I/O thread; the strand then
    // writes the rest and reads the next request.
    void reply(Response response);
    // Immutable, so any thread may read it to post to the session.
    const asio::any_io_executor& executor() const { return executor_; }

    void drain() override;
    void force_close() override;
    void abandon() override { self_while_handling_.reset(); }

  private:
    enum class Phase { idle, reading, handling, writing, lingering, closed };

    const ServerConfig& config() const { return state_->config(); }
    void wait_for_request();
    void on_first_bytes(beast::error_code ec, std::size_t bytes);
    void read_header();
    void on_header(beast::error_code ec, std::size_t head_bytes);
    void check_body_limit();
    void read_body();
    void on_body(beast::error_code ec, std::size_t bytes);
    void dispatch();
    Outgoing wire_form(Response response) const;
    void finish_reply(std::shared_ptr<Outgoing> out);
    void send(Response response);
    void write(std::shared_ptr<Outgoing> out);
    void on_write(beast::error_code ec, std::size_t bytes);
    void on_read_error(beast::error_code ec);
    void reject(unsigned status, std::string_view code, std::string_view message);
    void linger();
    void on_linger(beast::error_code ec, std::size_t bytes);
    void close();

    beast::tcp_stream stream_;
    const asio::any_io_executor executor_;
    const std::string remote_;
    std::shared_ptr<ServerState> state_;
    beast::flat_buffer buffer_;
    std::optional<uint64_t> id_;
    Phase phase_ = Phase::idle;
    bool first_request_ = true;
    bool keep_alive_ = false;        // the current request's wish, then the response's
    bool request_complete_ = false;  // false: bytes of this request may be unread
    std::atomic<bool> draining_{false};
    unsigned version_ = 11;
    std::size_t body_limit_ = 0;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Request request_;
    std::shared_ptr<Outgoing> outgoing_;
    // While a request is handled, reply() may write from another thread:
    // close() must not close the socket under it.
    std::mutex socket_mutex_;
    bool socket_closed_ = false;  // guarded by socket_mutex_
    // While a handler owns the request nothing else keeps the session alive.
    std::shared_ptr<Session> self_while_handling_;
    std::chrono::steady_clock::time_point request_started_;
};

// Carries one response from any thread to the session's strand, at most once.
class ReplySlot {
  public:
    ReplySlot(std::weak_ptr<Session> session, std::shared_ptr<ServerState> state)
        : session_(std::move(session)), state_(std::move(state)) {}

    ~ReplySlot() {
        if (replied_.exchange(true)) return;
        // A destructor must not throw; if even this post fails the session is
        // closed by drain or stop.
        try {
            post(json_error(500, "internal", "the request handler dropped the request"));
        } catch (...) {
        }
    }

    ReplySlot(const ReplySlot&) = delete;
    ReplySlot& operator=(const ReplySlot&) = delete;

    void reply(Response response) {
        if (!replied_.exchange(true)) post(std::move(response));
    }

  private:
    void post(Response response) {
        state_->while_running([&] {
            if (auto session = session_.lock()) session->reply(std::move(response));
        });
    }

    std::weak_ptr<Session> session_;
    std::shared_ptr<ServerState> state_;
    std::atomic<bool> replied_{false};
};

Session::Session(tcp::socket socket, std::shared_ptr<ServerState> state)
    : stream_(std::move(socket)),
      executor_(stream_.get_executor()),
      remote_(remote_text(stream_.socket())),
      state_(std::move(state)),
      buffer_((config().max_pipelined + 1) * config().max_header_bytes) {}

Session::~Session() {
    if (id_) state_->remove(*id_);
}

void Session::start() {
    id_ = state_->admit(weak_from_this());
    if (!id_) return reject(503, "unavailable", "too many connections; retry later");
    wait_for_request();
}

void Session::drain() {
    asio::post(executor_, [self = shared_from_this()] {
        self->draining_ = true;
        if (self->phase_ == Phase::idle) self->close();
    });
}

void Session::force_close() {
    asio::post(executor_, [self = shared_from_this()] { self->close(); });
}

// Between requests: a new connection gets read_timeout for its first byte, a
// kept-alive one idle_timeout. Bytes a client pipelined are already buffered.
void Session::wait_for_request() {
    if (draining_ || state_->draining()) return close();
    if (buffer_.size() > 0) {
        request_started_ = std::chrono::steady_clock::now();
        return read_header();
    }
    phase_ = Phase::idle;
    stream_.expires_after(first_request_ ? config().read_timeout : config().idle_timeout);
    stream_.async_read_some(
        buffer_.prepare(std::min(first_read_bytes, buffer_.max_size())),
        beast::bind_front_handler(&Session::on_first_bytes, shared_from_this()));
}

void Session::on_first_bytes(beast::error_code ec, std::size_t bytes) {
    if (ec || phase_ == Phase::closed) return close();
    request_started_ = std::chrono::steady_clock::now();
    buffer_.commit(bytes);
    read_header();
}

// From the first byte of a request the whole of it must arrive within
// read_timeout: a client trickling bytes (slowloris) is dropped then.
void Session::read_header() {
    phase_ = Phase::reading;
    request_complete_ = false;
    keep_alive_ = false;
    version_ = 11;
    parser_.emplace();
    // No body limit while the head is read: Beast would otherwise hold a
    // Content-Length to its own default (8 MiB) before the route's limit is
    // known. check_body_limit() sets the route's.
    parser_->body_limit(boost::none);
    parser_->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
        config().max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    stream_.expires_after(config().read_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::on_header, shared_from_this()));
}

void Session::on_header(beast::error_code ec, std::size_t head_bytes) {
    if (ec) return on_read_error(ec);
    // Beast's header_limit holds the request line and the fields each to the
    // limit, not the two together, when it parses a head in one go (one that
    // came in the first read, or behind a pipelined request).
    if (head_bytes > config().max_header_bytes)
        return reject(431, "header_too_large",
                      too_large("the request header", config().max_header_bytes));
    const auto& message = parser_->get();
    version_ = message.version();
    keep_alive_ = message.keep_alive();
    auto head = make_head(message, remote_);
    if (!head) return reject(400, "bad_request", "the target must be a path with a valid query");
    request_ = std::move(*head);
    request_.received = request_started_;
    check_body_limit();
}

// Asks the handler whether the head is refused, and if not how large this
// route's body may be; then reads it.
void Session::check_body_limit() {
    std::optional<Response> refusal;
    try {
        refusal = state_->handler().refuse(request_);
        if (!refusal) body_limit_ = state_->handler().body_limit(request_);
    } catch (const std::exception& e) {
        spdlog::error("http: refuse or body_limit failed for {} {}: {}", request_.method,
                      request_.path, e.what());
        return reject(500, "internal", "internal error");
    }
    if (refusal) {
        keep_alive_ = false;
        request_complete_ = false;
        return send(std::move(*refusal));
    }
    const auto length = parser_->content_length();
    if (length && *length > body_limit_)
        return reject(413, "payload_too_large", too_large("the request body", body_limit_));
    parser_->body_limit(static_cast<std::uint64_t>(body_limit_));
    if (parser_->is_done()) return dispatch();
    if (!expects_continue(parser_->get())) return read_body();
    asio::async_write(stream_, asio::buffer(continue_line),
                      [self = shared_from_this()](beast::error_code write_ec, std::size_t) {
                          if (write_ec) return self->close();
                          self->read_body();
                      });
}

void Session::read_body() {
    bhttp::async_read(stream_, buffer_, *parser_,
                      beast::bind_front_handler(&Session::on_body, shared_from_this()));
}

void Session::on_body(beast::error_code ec, std::size_t) {
    if (ec) return on_read_error(ec);
    request_.body = parser_->release().body();
    dispatch();
}

void Session::dispatch() {
    request_complete_ = true;
    parser_.reset();
    phase_ = Phase::handling;
    stream_.expires_never();
    state_->count_request();
    self_while_handling_ = shared_from_this();
    auto slot = std::make_shared<ReplySlot>(weak_from_this(), state_);
    try {
        state_->handler().handle(std::move(request_),
                                 [slot](Response response) { slot->reply(std::move(response)); });
    } catch (const std::exception& e) {
        spdlog::error("http: handler failed: {}", e.what());
        slot->reply(json_error(500, "internal", "internal error"));
    } catch (...) {
        spdlog::error("http: handler failed with a non-standard exception");
        slot->reply(json_error(500, "internal", "internal error"));
    }
}

// Reads only what the strand leaves alone until the reply is finished.
Outgoing Session::wire_form(Response response) const {
    const bool keep_alive = keep_alive_ && request_complete_ && !draining_ && !state_->draining();
    BeastResponse message = make_response(std::move(response), version_, keep_alive);
    Outgoing out;
    out.head = serialize_head(message);
    out.body = std::move(message.body());
    out.keep_alive = keep_alive;
    return out;
}

void Session::reply(Response response) {
    auto out = std::make_shared<Outgoing>(wire_form(std::move(response)));
    {
        std::lock_guard lock(socket_mutex_);
        if (socket_closed_) return;
        write_without_waiting(stream_.socket().native_handle(), *out);
    }
    asio::post(executor_, [self = shared_from_this(), out] { self->finish_reply(out); });
}

void Session::finish_reply(std::shared_ptr<Outgoing> out) {
    if (phase_ != Phase::handling) return;
    // The caller (a posted handler) still holds a reference.
    self_while_handling_.reset();
    write(std::move(out));
}

void Session::send(Response response) {
    write(std::make_shared<Outgoing>(wire_form(std::move(response))));
}

void Session::write(std::shared_ptr<Outgoing> out) {
    outgoing_ = std::move(out);
    keep_alive_ = outgoing_->keep_alive;
    phase_ = Phase::writing;
    if (outgoing_->failed) return close();
    if (outgoing_->done()) return on_write({}, 0);
    // A client that does not read its responses is dropped like a slow sender.
    stream_.expires_after(config().read_timeout);
    const auto [head, body] = outgoing_->rest();
    const std::array<asio::const_buffer, 2> buffers = {asio::buffer(head), asio::buffer(body)};
    asio::async_write(stream_, buffers,
                      beast::bind_front_handler(&Session::on_write, shared_from_this()));
}

void Session::on_write(beast::error_code ec, std::size_t) {
    outgoing_.reset();
    if (ec) return close();
    if (keep_alive_) {
        first_request_ = false;
        return wait_for_request();
    }
    if (request_complete_ && buffer_.size() == 0) return close();
    linger();
}

void Session::on_read_error(beast::error_code ec) {
    if (ec == bhttp::error::header_limit || ec == bhttp::error::buffer_overflow)
        return reject(431, "header_too_large",
                      too_large("the request header", config().max_header_bytes));
    if (ec == bhttp::error::body_limit)
        return reject(413, "payload_too_large", too_large("the request body", body_limit_));
    if (is_protocol_error(ec))
        return reject(400, "bad_request", "malformed request: " + ec.message());
    // Timeouts, resets and clients that left: nobody to answer.
    close();
}

// Answers with an error and closes: the rest of the request stays unread.
void Session::reject(unsigned status, std::string_view code, std::string_view message) {
    keep_alive_ = false;
    request_complete_ = false;
    send(json_error(status, code, message));
}

void Session::linger() {
    phase_ = Phase::lingering;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::min(config().read_timeout, max_linger));
    on_linger({}, 0);
}

void Session::on_linger(beast::error_code ec, std::size_t) {
    if (ec || phase_ == Phase::closed) return close();
    stream_.async_read_some(asio::buffer(discarded),
                            beast::bind_front_handler(&Session::on_linger, shared_from_this()));
}

// Idempotent. Callers hold a reference, so dropping the self-reference here
// never destroys the session under them.
void Session::close() {
    if (phase_ == Phase::closed) return;
    phase_ = Phase::closed;
    {
        std::lock_guard lock(socket_mutex_);
        socket_closed_ = true;
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
        stream_.close();
    }
    if (id_) state_->remove(*std::exchange(id_, std::nullopt));
    self_while_handling_.reset();
}

}  // namespace

void start_session(tcp::socket socket, std::shared_ptr<ServerState> state) {
    auto session = std::make_shared<Session>(std::move(socket), std::move(state));
    asio::post(session->executor(), [session] { session->start(); });
}

}  // namespace ember::http
