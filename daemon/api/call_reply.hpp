// What a call's end means to its client: the reply (the guest's own, or an
// error from api_error's table) and the headers every invocation reply
// carries. Sync replies and async results are both made here, so that an
// async call's result reads exactly as its sync reply would have.
#pragma once

#include <optional>
#include <string_view>

#include "daemon/api/api_error.hpp"
#include "daemon/exec/invoker.hpp"
#include "http/message.hpp"

namespace ember::daemon {

struct CallReply {
    http::Response response;
    std::optional<ApiError> error;  // the error it stands for; none: the guest's reply
    std::string message;            // the error's message
};

// The reply, its error body naming `invocation_id`; for a call that ran,
// with X-Ember-Version, X-Ember-Duration-Us, X-Ember-Cold-Start and
// Server-Timing.
CallReply reply_of(const CallEnd& end, std::string_view invocation_id);

}  // namespace ember::daemon
