// One HTTP/1.1 exchange with emberd: a request out, the whole response back.
// Beast stays inside http_client.cpp; this header is Beast-free.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/url.hpp"

namespace ember::cli {

using HeaderFields = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method;
    std::string target;    // origin-form, "/v1/functions?x=y"
    HeaderFields headers;  // sent in this order, after Host
    std::string body;
};

struct HttpReply {
    unsigned status = 0;
    HeaderFields headers;  // names lower-case
    std::string body;

    // The first header named `lower_name`, or nullptr.
    const std::string* header(std::string_view lower_name) const;
};

// The server could not be reached, or the connection broke before a whole
// response arrived. The message names the URL: "cannot reach URL: REASON".
class ConnectionError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Connects to `server`, sends `request` with Host set from it, reads one
// response and closes. There is no time limit (a call may legitimately run
// as long as its function's timeout allows), as with curl.
// `url_text` is the server as the user wrote it, for the error message.
HttpReply exchange(const Url& server, std::string_view url_text, const HttpRequest& request);

}  // namespace ember::cli
