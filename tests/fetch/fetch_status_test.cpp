#include "fetch/fetch_status.hpp"

#include <catch2/catch.hpp>

using namespace ember::fetch;

TEST_CASE("fetch statuses have distinct names", "[fetch]") {
    const FetchStatus all[] = {
        FetchStatus::ok,          FetchStatus::denied,        FetchStatus::invalid_request,
        FetchStatus::unreachable, FetchStatus::timeout,       FetchStatus::deadline,
        FetchStatus::too_large,   FetchStatus::protocol_error};
    for (const FetchStatus a : all)
        for (const FetchStatus b : all)
            CHECK((a == b) == (to_string(a) == to_string(b)));
    CHECK(to_string(FetchStatus::too_large) == "too_large");
}
