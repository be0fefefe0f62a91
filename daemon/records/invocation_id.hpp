// The id of one invocation: 128 random bits, printed as 32 lowercase hex
// digits. It names the call in its reply (X-Ember-Invocation-Id), its error
// body, every log line about it and its record (GET /v1/invocations/{id}).
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ember::daemon {

class InvocationId {
  public:
    static InvocationId random();
    // The 32-digit form, or nullopt for any other text.
    static std::optional<InvocationId> parse(std::string_view text);

    const std::string& text() const { return text_; }

    friend bool operator==(const InvocationId&, const InvocationId&) = default;

  private:
    explicit InvocationId(std::string text) : text_(std::move(text)) {}

    std::string text_;  // kept printed: it is looked up and written far more than made
};

}  // namespace ember::daemon
