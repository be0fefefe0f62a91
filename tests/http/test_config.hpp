// The ServerConfig the HTTP tests start from: an ephemeral loopback port and
// two I/O threads.
#pragma once

#include "http/server.hpp"

namespace ember::http::test {

inline ServerConfig local_config() {
    ServerConfig config;
    config.listen = "127.0.0.1:0";
    config.io_threads = 2;
    return config;
}

}  // namespace ember::http::test
