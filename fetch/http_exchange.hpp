// HttpExchanger: one HTTP/1.1 request and its response over a new
// connection (plain or TLS) to addresses the caller has already vetted.
// The only part of fetch/ that sees Asio, Beast and OpenSSL: all of it is in
// http_exchange.cpp, and this header is free of them.
//
// Everything runs on the calling thread, on an io_context of its own, and
// ends within a few milliseconds of the deadline whatever the server does.
// Thread-safety: exchange() may run on many threads at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "fetch/fetch_request.hpp"
#include "fetch/fetch_result.hpp"
#include "fetch/fetch_url.hpp"
#include "fetch/ip_address.hpp"

namespace ember::fetch {

struct ExchangeLimits {
    std::size_t max_response_bytes = 0;  // header block plus decoded body
    std::chrono::milliseconds connect_timeout{0};
    std::chrono::milliseconds read_timeout{0};
    std::chrono::steady_clock::time_point deadline;
};

struct OutgoingRequest {
    FetchMethod method = FetchMethod::get;
    HeaderFields headers;   // already checked (check_request_headers)
    std::string_view body;  // not copied: it may be large
};

class HttpExchanger {
  public:
    // `extra_ca_file`: a PEM file of certificates trusted for https on top of
    // the system's store (empty: the system's only). Throws
    // std::runtime_error when it cannot be loaded.
    explicit HttpExchanger(const std::string& extra_ca_file);
    ~HttpExchanger();
    HttpExchanger(const HttpExchanger&) = delete;
    HttpExchanger& operator=(const HttpExchanger&) = delete;

    // Connects to `addresses` in order (the first that accepts wins), sends
    // `request` to `url` (Host from the URL, Connection: close) and reads the
    // response. https verifies the server's certificate against url.host.
    // Never throws for what the network or the server does.
    FetchResult exchange(const FetchUrl& url, const std::vector<IpAddress>& addresses,
                         const OutgoingRequest& request, const ExchangeLimits& limits);

  private:
    struct Tls;
    std::unique_ptr<Tls> tls_;
};

}  // namespace ember::fetch
