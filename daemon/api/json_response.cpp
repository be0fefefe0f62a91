// JSON replies.
#include "daemon/api/json_response.hpp"

namespace ember::daemon {

http::Response json_response(unsigned status, const nlohmann::json& body) {
    http::Response response;
    response.status = status;
    response.headers.emplace_back("Content-Type", "application/json");
    response.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return response;
}

}  // namespace ember::daemon
