// One accepted TCP connection speaking HTTP/1.1 (internal to ember_http).
// Only Asio's socket type shows here; Beast stays inside session.cpp.
#pragma once

#include <memory>

#include <boost/asio/ip/tcp.hpp>

#include "http/server_state.hpp"

namespace ember::http {

// Takes over an accepted socket (whose executor is its own strand). The
// session owns itself through its pending operations, registers with `state`
// (or answers 503 when max_connections are open) and serves requests until
// the client leaves, a timeout, an error, or a drain closes it.
void start_session(boost::asio::ip::tcp::socket socket, std::shared_ptr<ServerState> state);

}  // namespace ember::http
