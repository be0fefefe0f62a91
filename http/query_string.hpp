// Splitting a request target into path and query, and percent-decoding the
// query (RFC 3986 section 2.1, with '+' as space as in HTML forms).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "http/message.hpp"

namespace ember::http {

struct Target {
    std::string path;  // up to the first '?', as sent
    Fields query;      // decoded name/value pairs in order
};

// "%41+b" -> "A b" when `plus_is_space`; nullopt for a '%' that is not
// followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// "a=1&b=x%20y&flag" -> {a,1},{b,"x y"},{flag,""}. Empty pairs ("a=1&&b=2")
// are skipped; nullopt when any name or value has a malformed escape.
std::optional<Fields> parse_query(std::string_view query);

// An origin-form target ("/path?query", RFC 9112 section 3.2.1) split and
// decoded; nullopt when it does not start with '/' or its query is malformed.
std::optional<Target> parse_target(std::string_view target);

}  // namespace ember::http
