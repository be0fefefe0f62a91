// ember-cgi-server: the process-per-request baseline. A minimal HTTP/1.1
// server that, like classic CGI or the OpenFaaS classic watchdog, starts a
// new process for every POST, gives it the body on stdin and answers with its
// stdout. Keep-alive; one thread per connection (blocking Beast). A GET is
// answered without a process: HTTP alone, for comparison.
//
//   ember-cgi-server --listen 127.0.0.1:PORT --program build/bin/ember-native-echo
#include <csignal>
#include <cstdio>
#include <exception>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http/listen_address.hpp"
#include "loadtest/spawn_filter.hpp"

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using Request = bhttp::request<bhttp::string_body>;
using Response = bhttp::response<bhttp::string_body>;

struct Options {
    std::string listen = "127.0.0.1:8081";
    std::string program;
};

Response text_response(const Request& request, bhttp::status status, std::string body) {
    Response response(status, request.version());
    response.set(bhttp::field::content_type, "text/plain");
    response.body() = std::move(body);
    return response;
}

// The whole "runtime": one process per POST. A GET answers at once, without
// a process: the cost of HTTP alone over loopback, a floor for any server.
Response handle(const Request& request, const std::string& program) {
    if (request.method() == bhttp::verb::get)
        return text_response(request, bhttp::status::ok, "ok\n");
    if (request.method() != bhttp::verb::post)
        return text_response(request, bhttp::status::method_not_allowed, "GET or POST\n");
    try {
        ember::loadtest::FilterResult result = ember::loadtest::run_filter(program, request.body());
        if (result.exit_code != 0)
            return text_response(
                request, bhttp::status::internal_server_error,
                "the program exited with " + std::to_string(result.exit_code) + "\n");
        Response response(bhttp::status::ok, request.version());
        response.set(bhttp::field::content_type, "application/octet-stream");
        response.body() = std::move(result.output);
        return response;
    } catch (const std::exception& e) {
        return text_response(request, bhttp::status::internal_server_error,
                             e.what() + std::string("\n"));
    }
}

void serve(tcp::socket socket, const std::string& program) {
    beast::error_code ec;
    socket.set_option(tcp::no_delay(true), ec);
    beast::flat_buffer buffer;
    for (;;) {
        Request request;
        bhttp::read(socket, buffer, request, ec);
        if (ec) break;
        Response response = handle(request, program);
        response.keep_alive(request.keep_alive());
        response.prepare_payload();
        bhttp::write(socket, response, ec);
        if (ec || !response.keep_alive()) break;
    }
    socket.shutdown(tcp::socket::shutdown_send, ec);
}

std::optional<Options> parse(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; i += 2) {
        if (i + 1 >= argc) return std::nullopt;
        const std::string flag = argv[i];
        if (flag == "--listen")
            o.listen = argv[i + 1];
        else if (flag == "--program")
            o.program = argv[i + 1];
        else
            return std::nullopt;
    }
    if (o.program.empty()) return std::nullopt;
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const std::optional<Options> options = parse(argc, argv);
    if (!options) {
        std::fputs("usage: ember-cgi-server --program PATH [--listen HOST:PORT]\n", stderr);
        return 2;
    }
    const Options& o = *options;
    ember::http::ListenAddress address;
    try {
        address = ember::http::parse_listen_address(o.listen);
    } catch (const std::invalid_argument& e) {
        std::fprintf(stderr, "ember-cgi-server: --listen %s: %s\n", o.listen.c_str(), e.what());
        return 2;
    }
    // A program that exits without reading its stdin must not kill the server.
    std::signal(SIGPIPE, SIG_IGN);
    try {
        asio::io_context io;
        tcp::acceptor acceptor(io, {asio::ip::make_address(address.host), address.port});
        std::fprintf(stderr, "ember-cgi-server: listening on %s:%u, running %s per request\n",
                     address.host.c_str(), acceptor.local_endpoint().port(), o.program.c_str());
        for (;;)
            std::thread(serve, acceptor.accept(), o.program).detach();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ember-cgi-server: %s\n", e.what());
        return 1;
    }
}
