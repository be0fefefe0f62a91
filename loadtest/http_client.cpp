// The keep-alive client connection on blocking Beast (see http_client.hpp).
#include "loadtest/http_client.hpp"

#include "loadtest/server_timing.hpp"

#include <charconv>
#include <stdexcept>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ember::loadtest {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

bhttp::request<bhttp::string_body> make_request(const Url& url, const RequestSpec& spec) {
    bhttp::request<bhttp::string_body> request;
    request.method_string(spec.method);
    request.target(url.target);
    request.version(11);
    request.set(bhttp::field::host, url.host_header());
    request.set(bhttp::field::user_agent, "ember-load");
    for (const auto& [name, value] : spec.headers)
        request.insert(name, value);
    request.body() = spec.body;
    request.keep_alive(true);
    request.prepare_payload();
    return request;
}

std::optional<double> parse_number(beast::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

struct HttpConnection::Impl {
    asio::io_context io;
    beast::tcp_stream stream{io};
    beast::flat_buffer buffer;
    tcp::resolver::results_type endpoints;
    bhttp::request<bhttp::string_body> request;
    bool open = false;

    Reply fail(const beast::error_code& ec) {
        beast::error_code ignored;
        stream.socket().close(ignored);
        buffer.clear();
        open = false;
        return Reply::failed(ec.message());
    }
};

HttpConnection::HttpConnection(const Url& url, const RequestSpec& spec)
    : impl_(std::make_unique<Impl>()) {
    tcp::resolver resolver(impl_->io);
    beast::error_code ec;
    impl_->endpoints = resolver.resolve(url.host, url.port, ec);
    if (ec) throw std::runtime_error("cannot resolve " + url.host + ": " + ec.message());
    impl_->request = make_request(url, spec);
}

HttpConnection::~HttpConnection() = default;

std::string HttpConnection::connect() {
    if (impl_->open) return {};
    beast::error_code ec;
    impl_->stream.connect(impl_->endpoints, ec);
    if (ec) return impl_->fail(ec).transport_error;
    // Requests are small and latency is what we measure: no Nagle delay.
    impl_->stream.socket().set_option(tcp::no_delay(true), ec);
    impl_->open = true;
    return {};
}

Reply HttpConnection::round_trip() {
    if (std::string error = connect(); !error.empty()) return Reply::failed(error);
    beast::error_code ec;
    bhttp::write(impl_->stream, impl_->request, ec);
    if (ec) return impl_->fail(ec);
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(std::uint64_t{1} << 30);
    bhttp::read(impl_->stream, impl_->buffer, parser, ec);
    if (ec) return impl_->fail(ec);
    const auto& response = parser.get();
    Reply reply;
    reply.status = response.result_int();
    if (const auto it = response.find("X-Ember-Duration-Us"); it != response.end())
        reply.sandbox_us = parse_number(it->value());
    if (const auto it = response.find("X-Ember-Cold-Start"); it != response.end())
        reply.cold_start = beast::iequals(it->value(), "true");
    if (const auto it = response.find("Server-Timing"); it != response.end())
        reply.server_timing = parse_server_timing(it->value());
    if (!response.keep_alive()) impl_->fail({});
    return reply;
}

}  // namespace ember::loadtest
