#include "kv/kv_status.hpp"

#include <catch2/catch.hpp>

using namespace ember::kv;

TEST_CASE("kv statuses have distinct names", "[kv]") {
    const KvStatus all[] = {KvStatus::ok,
                            KvStatus::not_found,
                            KvStatus::key_too_large,
                            KvStatus::value_too_large,
                            KvStatus::over_quota,
                            KvStatus::unavailable,
                            KvStatus::invalid};
    for (const KvStatus a : all)
        for (const KvStatus b : all)
            CHECK((a == b) == (to_string(a) == to_string(b)));
    CHECK(to_string(KvStatus::over_quota) == "over_quota");
}
