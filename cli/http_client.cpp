// The client's one exchange on blocking Beast (see http_client.hpp).
#include "cli/http_client.hpp"

#include <cctype>
#include <cstdint>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace ember::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;

// Far above anything emberd sends (a reply is bounded by max_output_bytes),
// and still a bound when the URL points at something else.
constexpr std::uint64_t reply_limit = std::uint64_t{1} << 30;

bhttp::request<bhttp::string_body> to_beast(const Url& server, const HttpRequest& request) {
    bhttp::request<bhttp::string_body> out;
    out.method_string(request.method);
    out.target(request.target);
    out.version(11);
    out.set(bhttp::field::host, server.host_header());
    out.set(bhttp::field::user_agent, "ember");
    for (const auto& [name, value] : request.headers)
        out.insert(name, value);
    out.body() = request.body;
    out.keep_alive(false);
    out.prepare_payload();
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

HttpReply from_beast(const bhttp::response<bhttp::string_body>& response) {
    HttpReply reply;
    reply.status = response.result_int();
    for (const auto& field : response)
        reply.headers.emplace_back(lower(field.name_string()), std::string(field.value()));
    reply.body = response.body();
    return reply;
}

}  // namespace

const std::string* HttpReply::header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers)
        if (name == lower_name) return &value;
    return nullptr;
}

HttpReply exchange(const Url& server, std::string_view url_text, const HttpRequest& request) {
    const auto fail = [&](const beast::error_code& ec) {
        return ConnectionError("cannot reach " + std::string(url_text) + ": " + ec.message());
    };
    asio::io_context io;
    beast::error_code ec;
    const auto endpoints = tcp::resolver(io).resolve(server.host, server.port, ec);
    if (ec) throw fail(ec);
    beast::tcp_stream stream(io);
    stream.connect(endpoints, ec);
    if (ec) throw fail(ec);
    bhttp::write(stream, to_beast(server, request), ec);
    // A server that refuses a request by its head (401, 413) answers and
    // closes before the body is all sent: its answer is still there to read.
    const beast::error_code write_error = ec;
    beast::flat_buffer buffer;
    bhttp::response_parser<bhttp::string_body> parser;
    parser.body_limit(reply_limit);
    bhttp::read(stream, buffer, parser, ec);
    if (ec) throw fail(write_error ? write_error : ec);
    stream.socket().shutdown(tcp::socket::shutdown_both, ec);
    return from_beast(parser.get());
}

}  // namespace ember::cli
