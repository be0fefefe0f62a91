// A call's reply as `ember invoke` prints it, and `ember invocation
// --result` for an async call (whose reply is the one the call would have had
// in sync): the body unchanged on standard output, and an exit status that
// says whether the function failed.
#pragma once

#include "cli/http_client.hpp"

namespace ember::cli {

// emberd's own errors (the guest faulted, the call timed out, no such
// function) come in its error body and are thrown as ServerError. Any other
// reply is the function's: its body goes to standard output, and a status of
// 400 or above gives exit_status::function_status.
int print_call_reply(const HttpReply& reply);

}  // namespace ember::cli
