// Beast message <-> Request/Response, kept apart from the session's I/O.
#include "http/beast_message.hpp"

#include <cctype>
#include <chrono>
#include <string_view>

#include <spdlog/spdlog.h>
#include <boost/beast/core/buffers_range.hpp>
#include <boost/beast/http/serializer.hpp>

#include "http/http_date.hpp"
#include "http/query_string.hpp"

namespace ember::http {
namespace {

namespace bhttp = boost::beast::http;

std::string to_lower(std::string_view text) {
    std::string out(text);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Headers whose values describe the connection: the session owns them.
bool is_connection_header(std::string_view lower_name) {
    return lower_name == "content-length" || lower_name == "transfer-encoding" ||
           lower_name == "connection" || lower_name == "server" || lower_name == "date";
}

bool is_valid_header(std::string_view name, std::string_view value) {
    const auto breaks_line = [](std::string_view s) {
        return s.find_first_of("\r\n") != std::string_view::npos;
    };
    return !name.empty() && !breaks_line(name) && !breaks_line(value);
}

}  // namespace

std::optional<Request> make_head(const BeastRequest& message, const std::string& remote) {
    const std::string_view target = message.target();
    auto parsed = parse_target(target);
    if (!parsed) return std::nullopt;
    Request head;
    head.method = std::string(std::string_view(message.method_string()));
    head.target = std::string(target);
    head.path = std::move(parsed->path);
    head.query = std::move(parsed->query);
    for (const auto& field : message) {
        head.headers.emplace_back(to_lower(field.name_string()),
                                  std::string(std::string_view(field.value())));
    }
    head.remote = remote;
    return head;
}

BeastResponse make_response(Response response, unsigned version, bool keep_alive) {
    if (response.status < 200 || response.status > 599) {
        spdlog::error("http: handler answered with status {}", response.status);
        response = json_error(500, "internal", "internal error");
    }
    BeastResponse out;
    out.version(version);
    out.result(response.status);
    for (const auto& [name, value] : response.headers) {
        if (is_valid_header(name, value) && !is_connection_header(to_lower(name)))
            out.insert(name, value);
    }
    out.set(bhttp::field::server, "emberd");
    out.set(bhttp::field::date, http_date(std::chrono::system_clock::now()));
    if (!keep_alive) {
        out.set(bhttp::field::connection, "close");
    } else if (version == 10) {
        out.set(bhttp::field::connection, "keep-alive");
    }
    // RFC 9110 section 8.6: no Content-Length (and no body) on 204 and 304.
    if (response.status == 204 || response.status == 304) {
        response.body.clear();
    } else {
        out.content_length(response.body.size());
    }
    out.body() = std::move(response.body);
    return out;
}

std::string serialize_head(BeastResponse& message) {
    bhttp::response_serializer<bhttp::string_body> serializer(message);
    serializer.split(true);
    std::string head;
    boost::beast::error_code ec;
    while (!ec && !serializer.is_header_done()) {
        serializer.next(ec, [&](boost::beast::error_code&, const auto& buffers) {
            for (const auto buffer : boost::beast::buffers_range_ref(buffers))
                head.append(static_cast<const char*>(buffer.data()), buffer.size());
            serializer.consume(boost::beast::buffer_bytes(buffers));
        });
    }
    if (ec) throw boost::beast::system_error(ec);
    return head;
}

}  // namespace ember::http
