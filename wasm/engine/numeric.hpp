// The numeric instructions' semantics where C++ operators differ from the
// spec: float rounding without libm, min/max with NaN and signed zeros, sign
// operations as bit operations (NaN payloads untouched), and the trapping
// and saturating conversions and divisions. Values travel as Slots (see
// types.hpp): i32 zero-extended, floats as their bits.
#pragma once

#include <limits>

#include "wasm/engine/trap.hpp"
#include "wasm/engine/types.hpp"

namespace ember::wasm {

inline uint32_t u32_of(Slot s) {
    return static_cast<uint32_t>(s);
}
inline uint64_t u64_of(Slot s) {
    return s;
}
inline float f32_of(Slot s) {
    return __builtin_bit_cast(float, static_cast<uint32_t>(s));
}
inline double f64_of(Slot s) {
    return __builtin_bit_cast(double, s);
}
inline Slot slot_of(uint32_t v) {
    return v;
}
inline Slot slot_of(uint64_t v) {
    return v;
}
inline Slot slot_of(bool v) {
    return v ? 1 : 0;
}
inline Slot slot_of(float v) {
    return __builtin_bit_cast(uint32_t, v);
}
inline Slot slot_of(double v) {
    return __builtin_bit_cast(uint64_t, v);
}

inline uint32_t rotl32(uint32_t a, uint32_t n) {
    n &= 31;
    return (a << n) | (a >> ((32 - n) & 31));
}
inline uint64_t rotl64(uint64_t a, uint64_t n) {
    n &= 63;
    return (a << n) | (a >> ((64 - n) & 63));
}

// Bits and the float types' shape, for the helpers below.
template <class F>
struct FloatBits;
template <>
struct FloatBits<float> {
    using U = uint32_t;
    static constexpr int mantissa = 23;
    static constexpr int bias = 127;
    static constexpr U sign = 0x80000000u;
};
template <>
struct FloatBits<double> {
    using U = uint64_t;
    static constexpr int mantissa = 52;
    static constexpr int bias = 1023;
    static constexpr U sign = 0x8000000000000000ull;
};

template <class F>
inline typename FloatBits<F>::U bits_of(F x) {
    return __builtin_bit_cast(typename FloatBits<F>::U, x);
}
template <class F>
inline F float_of(typename FloatBits<F>::U u) {
    return __builtin_bit_cast(F, u);
}

template <class F>
inline F fabs_bits(F x) {
    return float_of<F>(bits_of(x) & ~FloatBits<F>::sign);
}
template <class F>
inline F fneg_bits(F x) {
    return float_of<F>(bits_of(x) ^ FloatBits<F>::sign);
}
template <class F>
inline F fcopysign_bits(F x, F y) {
    using B = FloatBits<F>;
    return float_of<F>((bits_of(x) & ~B::sign) | (bits_of(y) & B::sign));
}

// Rounding toward zero by clearing the fraction's bits. A NaN is quieted
// (x + x), as every arithmetic result must be.
template <class F>
inline F ftrunc(F x) {
    using B = FloatBits<F>;
    if (x != x) return x + x;
    using U = typename B::U;
    U u = bits_of(x);
    int exponent =
        static_cast<int>((u >> B::mantissa) & ((U{1} << (sizeof(U) * 8 - 1 - B::mantissa)) - 1)) -
        B::bias;
    if (exponent >= B::mantissa) return x;  // already integral, or infinite
    if (exponent < 0) return float_of<F>(u & B::sign);
    U fraction = (U{1} << (B::mantissa - exponent)) - 1;
    return float_of<F>(u & ~fraction);
}
template <class F>
inline F ffloor(F x) {
    F t = ftrunc(x);
    return t > x ? t - F(1) : t;
}
template <class F>
inline F fceil(F x) {
    F t = ftrunc(x);
    return t < x ? t + F(1) : t;
}
// Ties to even: adding and subtracting 2^mantissa rounds in the FPU's
// default mode, which is round-to-nearest-even.
template <class F>
inline F fnearest(F x) {
    using B = FloatBits<F>;
    if (x != x) return x + x;
    F magnitude = fabs_bits(x);
    const F two_to_mantissa = static_cast<F>(typename B::U{1} << B::mantissa);
    if (magnitude >= two_to_mantissa) return x;
    F rounded = (magnitude + two_to_mantissa) - two_to_mantissa;
    return fcopysign_bits(rounded, x);
}
template <class F>
inline F fmin_wasm(F a, F b) {
    if (a != a || b != b) return a + b;
    if (a == b) return float_of<F>(bits_of(a) | bits_of(b));  // min(-0, +0) = -0
    return a < b ? a : b;
}
template <class F>
inline F fmax_wasm(F a, F b) {
    if (a != a || b != b) return a + b;
    if (a == b) return float_of<F>(bits_of(a) & bits_of(b));  // max(-0, +0) = +0
    return a > b ? a : b;
}

inline float f32_abs(float x) {
    return fabs_bits(x);
}
inline double f64_abs(double x) {
    return fabs_bits(x);
}
inline float f32_neg(float x) {
    return fneg_bits(x);
}
inline double f64_neg(double x) {
    return fneg_bits(x);
}
inline float f32_copysign(float a, float b) {
    return fcopysign_bits(a, b);
}
inline double f64_copysign(double a, double b) {
    return fcopysign_bits(a, b);
}
inline float f32_ceil(float x) {
    return fceil(x);
}
inline double f64_ceil(double x) {
    return fceil(x);
}
inline float f32_floor(float x) {
    return ffloor(x);
}
inline double f64_floor(double x) {
    return ffloor(x);
}
inline float f32_trunc(float x) {
    return ftrunc(x);
}
inline double f64_trunc(double x) {
    return ftrunc(x);
}
inline float f32_nearest(float x) {
    return fnearest(x);
}
inline double f64_nearest(double x) {
    return fnearest(x);
}
inline float f32_min(float a, float b) {
    return fmin_wasm(a, b);
}
inline double f64_min(double a, double b) {
    return fmin_wasm(a, b);
}
inline float f32_max(float a, float b) {
    return fmax_wasm(a, b);
}
inline double f64_max(double a, double b) {
    return fmax_wasm(a, b);
}

// Whether x truncates to a value of I: x < 2^N (unsigned) or 2^(N-1), and
// x > -1 (unsigned) or -2^(N-1) - 1, which when F cannot hold it (it
// rounds to -2^(N-1)) is tested as x >= -2^(N-1).
template <class I, class F>
inline bool in_range(F x) {
    constexpr bool is_signed = std::numeric_limits<I>::is_signed;
    constexpr int bits = std::numeric_limits<I>::digits + (is_signed ? 1 : 0);
    const F half = static_cast<F>(uint64_t{1} << (bits - 1));
    if (!is_signed) return x > F(-1) && x < half * F(2);
    const F below = -half - F(1);
    return x < half && (below != -half ? x > below : x >= -half);
}

template <class I, class F>
inline TrapKind trunc_s(F x, typename std::make_unsigned<I>::type& out) {
    if (x != x) return TrapKind::invalid_conversion_to_integer;
    if (!in_range<I>(x)) return TrapKind::integer_overflow;
    out = static_cast<typename std::make_unsigned<I>::type>(static_cast<I>(x));
    return TrapKind::none;
}
template <class U, class F>
inline TrapKind trunc_u(F x, U& out) {
    if (x != x) return TrapKind::invalid_conversion_to_integer;
    if (!in_range<U>(x)) return TrapKind::integer_overflow;
    out = static_cast<U>(x);
    return TrapKind::none;
}
template <class I, class F>
inline typename std::make_unsigned<I>::type sat_s(F x) {
    using U = typename std::make_unsigned<I>::type;
    if (x != x) return 0;
    if (in_range<I>(x)) return static_cast<U>(static_cast<I>(x));
    return static_cast<U>(x < F(0) ? std::numeric_limits<I>::min() : std::numeric_limits<I>::max());
}
template <class U, class F>
inline U sat_u(F x) {
    if (x != x || x <= F(-1)) return 0;
    if (in_range<U>(x)) return static_cast<U>(x);
    return x < F(0) ? 0 : std::numeric_limits<U>::max();
}

template <class I>
inline TrapKind div_s(typename std::make_unsigned<I>::type a,
                      typename std::make_unsigned<I>::type b,
                      typename std::make_unsigned<I>::type& out) {
    using U = typename std::make_unsigned<I>::type;
    if (b == 0) return TrapKind::integer_divide_by_zero;
    I x = static_cast<I>(a), y = static_cast<I>(b);
    if (x == std::numeric_limits<I>::min() && y == -1) return TrapKind::integer_overflow;
    out = static_cast<U>(x / y);
    return TrapKind::none;
}
template <class U>
inline TrapKind div_u(U a, U b, U& out) {
    if (b == 0) return TrapKind::integer_divide_by_zero;
    out = a / b;
    return TrapKind::none;
}
template <class I>
inline TrapKind rem_s(typename std::make_unsigned<I>::type a,
                      typename std::make_unsigned<I>::type b,
                      typename std::make_unsigned<I>::type& out) {
    using U = typename std::make_unsigned<I>::type;
    if (b == 0) return TrapKind::integer_divide_by_zero;
    I x = static_cast<I>(a), y = static_cast<I>(b);
    out = y == -1 ? 0 : static_cast<U>(x % y);
    return TrapKind::none;
}
template <class U>
inline TrapKind rem_u(U a, U b, U& out) {
    if (b == 0) return TrapKind::integer_divide_by_zero;
    out = a % b;
    return TrapKind::none;
}

}  // namespace ember::wasm
