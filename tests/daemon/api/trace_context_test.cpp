// W3C Trace Context: strict parsing, and ignoring (never failing on) what
// does not parse.
#include "daemon/api/trace_context.hpp"

#include <catch2/catch.hpp>

using namespace ember;
using namespace ember::daemon;

namespace {

const std::string valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

http::Fields headers(std::initializer_list<std::pair<std::string, std::string>> fields) {
    return http::Fields(fields);
}

}  // namespace

TEST_CASE("a valid traceparent parses", "[trace]") {
    const auto parent = parse_traceparent(valid);
    REQUIRE(parent);
    CHECK(parent->flags == 1);
    CHECK(parse_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"));
}

TEST_CASE("malformed traceparents do not parse", "[trace]") {
    const char* bad[] = {
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0",         // short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",  // 00 is exact
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",        // uppercase
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01",        // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",        // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version ff
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // separator
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01",        // not hex
        "0x-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",        // version
        "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01extra",   // no '-' after
    };
    for (const char* text : bad) {
        INFO(text);
        CHECK_FALSE(parse_traceparent(text));
    }
}

TEST_CASE("a later version parses by version 00's fields, ignoring what follows", "[trace]") {
    CHECK(parse_traceparent("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"));
    CHECK(parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-ever"));
}

TEST_CASE("a call continues a valid trace with a span of its own", "[trace]") {
    const TraceContext context = TraceContext::for_request(
        headers({{"traceparent", valid}, {"tracestate", "congo=t61rcWkgMzE"}}));
    CHECK(context.trace_id() == "4bf92f3577b34da6a3ce929d0e0e4736");
    const std::string reply = context.traceparent();
    REQUIRE(parse_traceparent(reply));
    CHECK(reply.substr(0, 36) == "00-4bf92f3577b34da6a3ce929d0e0e4736-");
    CHECK(reply.substr(36, 16) != "00f067aa0ba902b7");
    CHECK(reply.substr(52) == "-01");
    CHECK(context.tracestate() == "congo=t61rcWkgMzE");
}

TEST_CASE("a call without a valid trace starts one, and drops the tracestate", "[trace]") {
    for (const http::Fields& fields :
         {headers({}), headers({{"traceparent", "garbage"}, {"tracestate", "a=b"}}),
          headers({{"traceparent", valid}, {"traceparent", valid}})}) {
        const TraceContext context = TraceContext::for_request(fields);
        CHECK(context.trace_id() != "4bf92f3577b34da6a3ce929d0e0e4736");
        CHECK(context.trace_id().size() == 32);
        CHECK(parse_traceparent(context.traceparent()));
        CHECK(context.tracestate().empty());
    }
    const TraceContext a = TraceContext::for_request({});
    const TraceContext b = TraceContext::for_request({});
    CHECK(a.trace_id() != b.trace_id());
}

TEST_CASE("tracestate: list members joined across lines, or nothing when invalid", "[trace]") {
    CHECK(parse_tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE") ==
          "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    CHECK(parse_tracestate(" rojo=1 , ,congo=2 ") == "rojo=1,congo=2");
    CHECK(parse_tracestate("tenant@system=v") == "tenant@system=v");
    CHECK_FALSE(parse_tracestate("Upper=1"));
    CHECK_FALSE(parse_tracestate("novalue"));
    CHECK_FALSE(parse_tracestate("k=a,b"));
    CHECK_FALSE(parse_tracestate("k=bad\x01"));
    CHECK_FALSE(parse_tracestate(std::string(513, 'a')));
    std::string members;
    for (int i = 0; i < 33; ++i)
        members += (i ? ",k" : "k") + std::to_string(i) + "=v";
    CHECK_FALSE(parse_tracestate(members));

    const TraceContext joined = TraceContext::for_request(
        headers({{"traceparent", valid}, {"tracestate", "a=1"}, {"tracestate", "b=2"}}));
    CHECK(joined.tracestate() == "a=1,b=2");
}
