// POST /v1/functions/{name}/invoke: the HTTP side of a call. The Invoker
// runs it; this turns how it ended into the reply (the guest's, or an error
// from the table in api_error.hpp), its X-Ember-* and Server-Timing headers,
// and the invocation's count in /metrics.
#pragma once

#include <string>

#include "daemon/exec/invoker.hpp"
#include "daemon/metrics/metrics.hpp"
#include "http/handler.hpp"

namespace ember::daemon {

class InvokeEndpoint {
  public:
    InvokeEndpoint(Invoker& invoker, Metrics& metrics);

    void handle(std::string name, http::Request request, http::Respond respond);

  private:
    void finish(const CallEnd& end, const http::Respond& respond);

    Invoker& invoker_;
    Metrics& metrics_;
};

}  // namespace ember::daemon
