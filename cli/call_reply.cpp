// Printing a call's reply (see call_reply.hpp).
#include "cli/call_reply.hpp"

#include <iostream>

#include "cli/command.hpp"
#include "cli/server_error.hpp"

namespace ember::cli {

int print_call_reply(const HttpReply& reply) {
    if (reply.status >= 400 && parse_error_body(reply.body)) throw ServerError(reply);
    std::cout.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
    std::cout.flush();
    if (reply.status < 400) return exit_status::ok;
    std::cerr << "ember: the function answered with status " << reply.status << "\n";
    return exit_status::function_status;
}

}  // namespace ember::cli
