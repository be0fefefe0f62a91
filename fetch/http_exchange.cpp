// One exchange on Asio, Beast and OpenSSL, on the calling thread (see
// http_exchange.hpp). Asio and Beast themselves are compiled once, in
// ember_http; Asio's TLS part only here, since fetch/ is its one user.
#include "fetch/http_exchange.hpp"

#include <openssl/ssl.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/ssl/impl/src.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace ember::fetch {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using error_code = boost::system::error_code;

struct HttpExchanger::Tls {
    ssl::context context{ssl::context::tls_client};
};

namespace {

FetchResult failure(FetchStatus status, std::string message) {
    return FetchResult{status, std::move(message), {}};
}

tcp::endpoint endpoint_of(const IpAddress& address, std::uint16_t port) {
    if (address.family == IpAddress::Family::v4) {
        asio::ip::address_v4::bytes_type bytes;
        std::copy_n(address.bytes.begin(), bytes.size(), bytes.begin());
        return {asio::ip::address_v4(bytes), port};
    }
    return {asio::ip::address_v6(address.bytes), port};
}

// Why a step did not complete.
enum class Cut { none, timeout, deadline };

// Runs the exchange's asynchronous steps one at a time on its io_context,
// each until it completes or its time is up. When time is up it closes the
// socket, which ends the step with operation_aborted, and runs the
// io_context until that handler has run: no step outlives run(), so steps
// may refer to locals. Signals that interrupt epoll_wait only wake the
// loop early (Asio retries interrupted system calls).
class Stepper {
  public:
    Stepper(asio::io_context& io, tcp::socket& socket, Clock::time_point deadline)
        : io_(io), socket_(socket), deadline_(deadline) {}

    // `start(handler)` starts one operation whose handler takes an
    // error_code and, for reads and writes, a byte count.
    template <class Start>
    Cut run(Start&& start, std::chrono::milliseconds timeout, error_code& ec, std::size_t& bytes) {
        const Clock::time_point now = Clock::now();
        const bool deadline_first = deadline_ - now <= timeout;
        const Clock::time_point limit = deadline_first ? deadline_ : now + timeout;
        bool done = false;
        bytes = 0;
        start([&done, &ec, &bytes](const error_code& result, auto... transferred) {
            ec = result;
            ((bytes = static_cast<std::size_t>(transferred)), ...);
            done = true;
        });
        io_.restart();
        while (!done && io_.run_one_until(limit) != 0) {
        }
        if (done) return Cut::none;
        error_code ignored;
        socket_.close(ignored);
        io_.restart();
        io_.run();
        return deadline_first ? Cut::deadline : Cut::timeout;
    }

  private:
    asio::io_context& io_;
    tcp::socket& socket_;
    Clock::time_point deadline_;
};

FetchResult cut_short(Cut cut, const std::string& doing, std::chrono::milliseconds timeout) {
    if (cut == Cut::deadline)
        return failure(FetchStatus::deadline, "the deadline passed while " + doing);
    return failure(FetchStatus::timeout,
                   "no progress for " + std::to_string(timeout.count()) + " ms while " + doing);
}

// Tries each address in turn, each for up to connect_timeout.
FetchResult connect(Stepper& stepper, tcp::socket& socket, const FetchUrl& url,
                    const std::vector<IpAddress>& addresses, const ExchangeLimits& limits) {
    std::string errors;
    bool timed_out = false;
    for (const IpAddress& address : addresses) {
        const tcp::endpoint endpoint = endpoint_of(address, url.port);
        error_code ec;
        socket.close(ec);
        socket.open(endpoint.protocol(), ec);
        std::size_t bytes = 0;
        if (!ec) {
            const Cut cut =
                stepper.run([&](auto handler) { socket.async_connect(endpoint, handler); },
                            limits.connect_timeout, ec, bytes);
            if (cut == Cut::deadline)
                return cut_short(cut, "connecting to " + url.host_and_port(), {});
            if (cut == Cut::none && !ec) return {};
            timed_out = timed_out || cut == Cut::timeout;
            if (cut == Cut::timeout) ec = asio::error::timed_out;
        }
        errors += (errors.empty() ? "" : "; ") + address.to_string() + ": " + ec.message();
    }
    return failure(timed_out ? FetchStatus::timeout : FetchStatus::unreachable,
                   "cannot connect to " + url.host_and_port() + " (" + errors + ")");
}

bhttp::verb verb_of(FetchMethod method) {
    switch (method) {
        case FetchMethod::get:
            return bhttp::verb::get;
        case FetchMethod::post:
            return bhttp::verb::post;
        case FetchMethod::put:
            return bhttp::verb::put;
        case FetchMethod::del:
            return bhttp::verb::delete_;
    }
    return bhttp::verb::get;
}

using RequestBody = bhttp::span_body<const char>;

bhttp::request<RequestBody> to_beast(const FetchUrl& url, const OutgoingRequest& request) {
    bhttp::request<RequestBody> out{verb_of(request.method), url.target, 11};
    out.set(bhttp::field::host, url.host_header());
    out.set(bhttp::field::user_agent, "ember");
    for (const auto& [name, value] : request.headers) {
        if (beast::iequals(name, "user-agent")) out.erase(bhttp::field::user_agent);
        out.insert(name, value);
    }
    out.keep_alive(false);
    out.body() = RequestBody::value_type(request.body.data(), request.body.size());
    out.prepare_payload();
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// Reading and writing over `stream`, plain TCP or TLS, with the limits.
template <class Stream>
class Conversation {
  public:
    Conversation(Stream& stream, Stepper& stepper, const FetchUrl& url,
                 const ExchangeLimits& limits)
        : stream_(stream), stepper_(stepper), url_(url), limits_(limits) {}

    FetchResult run(const OutgoingRequest& request) {
        error_code write_error;
        if (FetchResult sent = send(request, write_error); sent.status != FetchStatus::ok)
            return sent;
        return receive(write_error);
    }

  private:
    // A write error is kept, not returned: a server that refuses a request
    // by its head may answer and close before the body is all sent.
    FetchResult send(const OutgoingRequest& request, error_code& write_error) {
        bhttp::request<RequestBody> message = to_beast(url_, request);
        bhttp::request_serializer<RequestBody> serializer{message};
        while (!serializer.is_done()) {
            std::size_t bytes = 0;
            const Cut cut = stepper_.run(
                [&](auto handler) { bhttp::async_write_some(stream_, serializer, handler); },
                limits_.read_timeout, write_error, bytes);
            if (cut != Cut::none)
                return cut_short(cut, "sending the request to " + url_.host_and_port(),
                                 limits_.read_timeout);
            if (write_error) break;
        }
        return {};
    }

    FetchResult receive(const error_code& write_error) {
        bhttp::response_parser<bhttp::string_body> parser;
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(
            limits_.max_response_bytes, std::numeric_limits<std::uint32_t>::max())));
        parser.body_limit(limits_.max_response_bytes);
        beast::flat_buffer buffer;
        bool header_seen = false;
        while (!parser.is_done()) {
            if (buffer.size() > 0) {
                error_code ec;
                const std::size_t used = parser.put(buffer.data(), ec);
                buffer.consume(used);
                if (ec && ec != bhttp::error::need_more) return parse_failure(ec);
                if (!header_seen && parser.is_header_done()) {
                    header_seen = true;
                    if (FetchResult fits = budget_body(parser, used);
                        fits.status != FetchStatus::ok)
                        return fits;
                }
                if (!ec && used > 0) continue;
            }
            if (FetchResult more = read_more(parser, buffer, write_error);
                more.status != FetchStatus::ok)
                return more;
        }
        return finish(parser.release());
    }

    // The header block took `header_bytes` (the first put that completes a
    // header consumes exactly the header: the parser is not eager); the body
    // may take the rest of max_response_bytes.
    FetchResult budget_body(bhttp::response_parser<bhttp::string_body>& parser,
                            std::size_t header_bytes) {
        const std::size_t left =
            limits_.max_response_bytes - std::min(header_bytes, limits_.max_response_bytes);
        const auto length = parser.content_length();
        if (length && *length > left) return too_large();
        parser.body_limit(left);
        return {};
    }

    FetchResult read_more(bhttp::response_parser<bhttp::string_body>& parser,
                          beast::flat_buffer& buffer, const error_code& write_error) {
        error_code ec;
        std::size_t bytes = 0;
        const Cut cut = stepper_.run(
            [&](auto handler) { stream_.async_read_some(buffer.prepare(64 * 1024), handler); },
            limits_.read_timeout, ec, bytes);
        if (cut != Cut::none)
            return cut_short(cut, "waiting for the response of " + url_.host_and_port(),
                             limits_.read_timeout);
        buffer.commit(bytes);
        if (ec == asio::error::eof) {
            if (!parser.got_some()) return closed_early(write_error);
            parser.put_eof(ec);
            if (ec) return parse_failure(ec);
            return {};
        }
        if (ec) return broken(ec, write_error);
        return {};
    }

    FetchResult finish(bhttp::response<bhttp::string_body> message) {
        const unsigned code = message.result_int();
        if (code / 100 == 1)
            return failure(FetchStatus::protocol_error,
                           url_.host_and_port() + " sent an informational (" +
                               std::to_string(code) + ") response, which a fetch never asks for");
        FetchResult result;
        result.response.status_code = code;
        for (const auto& field : message)
            result.response.headers.emplace_back(lower(field.name_string()),
                                                 std::string(field.value()));
        result.response.body = std::move(message.body());
        return result;
    }

    FetchResult too_large() const {
        return failure(FetchStatus::too_large,
                       "the response of " + url_.host_and_port() + " is larger than " +
                           std::to_string(limits_.max_response_bytes) + " bytes");
    }

    FetchResult parse_failure(const error_code& ec) const {
        if (ec == bhttp::error::header_limit || ec == bhttp::error::body_limit) return too_large();
        if (ec == bhttp::error::partial_message)
            return failure(
                FetchStatus::protocol_error,
                url_.host_and_port() + " closed the connection before the response was complete");
        return failure(FetchStatus::protocol_error,
                       url_.host_and_port() + " sent a malformed response: " + ec.message());
    }

    FetchResult closed_early(const error_code& write_error) const {
        if (write_error) return broken(write_error, {});
        return failure(FetchStatus::protocol_error,
                       url_.host_and_port() + " closed the connection without a response");
    }

    FetchResult broken(const error_code& ec, const error_code& write_error) const {
        const error_code& cause = write_error ? write_error : ec;
        return failure(FetchStatus::protocol_error,
                       "the connection to " + url_.host_and_port() + " broke: " + cause.message());
    }

    Stream& stream_;
    Stepper& stepper_;
    const FetchUrl& url_;
    const ExchangeLimits& limits_;
};

FetchResult converse_tls(ssl::context& context, tcp::socket& socket, Stepper& stepper,
                         const FetchUrl& url, const OutgoingRequest& request,
                         const ExchangeLimits& limits) {
    ssl::stream<tcp::socket&> stream(socket, context);
    // SNI, for a name only (RFC 6066 forbids addresses there).
    if (!url.host_is_address &&
        SSL_set_tlsext_host_name(stream.native_handle(), url.host.c_str()) != 1)
        return failure(FetchStatus::invalid_request, "cannot use " + url.host + " for TLS SNI");
    stream.set_verify_mode(ssl::verify_peer);
    stream.set_verify_callback(ssl::host_name_verification(url.host));
    error_code ec;
    std::size_t bytes = 0;
    const Cut cut = stepper.run(
        [&](auto handler) { stream.async_handshake(ssl::stream_base::client, handler); },
        limits.connect_timeout, ec, bytes);
    if (cut != Cut::none)
        return cut_short(cut, "in the TLS handshake with " + url.host_and_port(),
                         limits.connect_timeout);
    if (ec)
        return failure(
            FetchStatus::protocol_error,
            "the TLS handshake with " + url.host_and_port() + " failed: " + ec.message());
    return Conversation(stream, stepper, url, limits).run(request);
}

}  // namespace

HttpExchanger::HttpExchanger(const std::string& extra_ca_file) : tls_(std::make_unique<Tls>()) {
    ssl::context& context = tls_->context;
    context.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                        ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1);
    context.set_default_verify_paths();
    if (!extra_ca_file.empty()) {
        error_code ec;
        context.load_verify_file(extra_ca_file, ec);
        if (ec)
            throw std::runtime_error("cannot load the CA certificates in " + extra_ca_file + ": " +
                                     ec.message());
    }
}

HttpExchanger::~HttpExchanger() = default;

FetchResult HttpExchanger::exchange(const FetchUrl& url, const std::vector<IpAddress>& addresses,
                                    const OutgoingRequest& request, const ExchangeLimits& limits) {
    asio::io_context io(1);
    tcp::socket socket(io);
    Stepper stepper(io, socket, limits.deadline);
    if (FetchResult connected = connect(stepper, socket, url, addresses, limits);
        connected.status != FetchStatus::ok)
        return connected;
    if (url.scheme == Scheme::https)
        return converse_tls(tls_->context, socket, stepper, url, request, limits);
    return Conversation(socket, stepper, url, limits).run(request);
}

}  // namespace ember::fetch
