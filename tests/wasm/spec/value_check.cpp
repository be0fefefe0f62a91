#include "tests/wasm/spec/value_check.hpp"

namespace ember::wasm::spec {

namespace {

// The float type's NaN masks: exponent and quiet bit, and everything but
// the sign (a canonical NaN has an empty payload apart from the quiet bit).
struct NanBits {
    uint64_t quiet;      // exponent all ones and the quiet bit
    uint64_t magnitude;  // all but the sign
    uint64_t width;      // bits beyond it must be zero
};

bool nan_bits(ValType type, NanBits& out) {
    if (type == ValType::f32) {
        out = {0x7fc00000, 0x7fffffff, 0xffffffff};
        return true;
    }
    if (type == ValType::f64) {
        out = {0x7ff8000000000000, 0x7fffffffffffffff, ~uint64_t{0}};
        return true;
    }
    return false;
}

}  // namespace

bool value_matches(const Expected& expected, ValType type, Slot slot) {
    if (type != expected.type) return false;
    NanBits nan;
    switch (expected.match) {
        case ValueMatch::exact:
            return slot == expected.slot;
        case ValueMatch::canonical_nan:
            return nan_bits(type, nan) && (slot & ~nan.width) == 0 &&
                   (slot & nan.magnitude) == nan.quiet;
        case ValueMatch::arithmetic_nan:
            return nan_bits(type, nan) && (slot & ~nan.width) == 0 &&
                   (slot & nan.quiet) == nan.quiet;
        case ValueMatch::non_null:
            return is_ref(type) && slot != 0;
    }
    return false;
}

int format_value(ValType type, Slot slot, char* buf, size_t cap) {
    switch (type) {
        case ValType::i32:
        case ValType::f32:
            // A slot with bits beyond 32 breaks the representation: show all.
            if (slot >> 32) break;
            return snprintf(buf, cap, "%s 0x%08x", val_type_name(type),
                            static_cast<unsigned>(slot));
        case ValType::funcref:
            return snprintf(buf, cap, "%s", slot ? "ref.func" : "ref.null func");
        case ValType::externref:
            if (!slot) return snprintf(buf, cap, "ref.null extern");
            return snprintf(buf, cap, "ref.extern %llu", static_cast<unsigned long long>(slot - 1));
        default:
            break;
    }
    return snprintf(buf, cap, "%s 0x%016llx", val_type_name(type),
                    static_cast<unsigned long long>(slot));
}

int format_expected(const Expected& expected, char* buf, size_t cap) {
    switch (expected.match) {
        case ValueMatch::exact:
            return format_value(expected.type, expected.slot, buf, cap);
        case ValueMatch::canonical_nan:
            return snprintf(buf, cap, "%s nan:canonical", val_type_name(expected.type));
        case ValueMatch::arithmetic_nan:
            return snprintf(buf, cap, "%s nan:arithmetic", val_type_name(expected.type));
        case ValueMatch::non_null:
            return snprintf(buf, cap, "non-null %s", val_type_name(expected.type));
    }
    return snprintf(buf, cap, "?");
}

}  // namespace ember::wasm::spec
