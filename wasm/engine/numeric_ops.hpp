// The numeric instructions as one table, which both the compiler (typing)
// and the interpreter (one handler each) expand: X(name, opcode, operand
// type, result type, expression). Opcodes 0xFCnn are the 0xFC prefix's.
// Expressions read the operands `a` (and `b`) as values of the operand type
// (uint32_t, uint64_t, float, double); helpers are in numeric.hpp.
#pragma once

// clang-format off
#define EMBER_WASM_UNARY_OPS(X) \
    X(i32_eqz, 0x45, I32, I32, a == 0) \
    X(i64_eqz, 0x50, I64, I32, a == 0) \
    X(i32_clz, 0x67, I32, I32, a ? static_cast<uint32_t>(__builtin_clz(a)) : 32u) \
    X(i32_ctz, 0x68, I32, I32, a ? static_cast<uint32_t>(__builtin_ctz(a)) : 32u) \
    X(i32_popcnt, 0x69, I32, I32, static_cast<uint32_t>(__builtin_popcount(a))) \
    X(i64_clz, 0x79, I64, I64, a ? static_cast<uint64_t>(__builtin_clzll(a)) : 64u) \
    X(i64_ctz, 0x7a, I64, I64, a ? static_cast<uint64_t>(__builtin_ctzll(a)) : 64u) \
    X(i64_popcnt, 0x7b, I64, I64, static_cast<uint64_t>(__builtin_popcountll(a))) \
    X(f32_abs, 0x8b, F32, F32, f32_abs(a)) \
    X(f32_neg, 0x8c, F32, F32, f32_neg(a)) \
    X(f32_ceil, 0x8d, F32, F32, f32_ceil(a)) \
    X(f32_floor, 0x8e, F32, F32, f32_floor(a)) \
    X(f32_trunc, 0x8f, F32, F32, f32_trunc(a)) \
    X(f32_nearest, 0x90, F32, F32, f32_nearest(a)) \
    X(f32_sqrt, 0x91, F32, F32, __builtin_sqrtf(a)) \
    X(f64_abs, 0x99, F64, F64, f64_abs(a)) \
    X(f64_neg, 0x9a, F64, F64, f64_neg(a)) \
    X(f64_ceil, 0x9b, F64, F64, f64_ceil(a)) \
    X(f64_floor, 0x9c, F64, F64, f64_floor(a)) \
    X(f64_trunc, 0x9d, F64, F64, f64_trunc(a)) \
    X(f64_nearest, 0x9e, F64, F64, f64_nearest(a)) \
    X(f64_sqrt, 0x9f, F64, F64, __builtin_sqrt(a)) \
    X(i32_wrap_i64, 0xa7, I64, I32, static_cast<uint32_t>(a)) \
    X(i64_extend_i32_s, 0xac, I32, I64, static_cast<uint64_t>(static_cast<int32_t>(a))) \
    X(i64_extend_i32_u, 0xad, I32, I64, static_cast<uint64_t>(a)) \
    X(f32_convert_i32_s, 0xb2, I32, F32, static_cast<float>(static_cast<int32_t>(a))) \
    X(f32_convert_i32_u, 0xb3, I32, F32, static_cast<float>(a)) \
    X(f32_convert_i64_s, 0xb4, I64, F32, static_cast<float>(static_cast<int64_t>(a))) \
    X(f32_convert_i64_u, 0xb5, I64, F32, static_cast<float>(a)) \
    X(f32_demote_f64, 0xb6, F64, F32, static_cast<float>(a)) \
    X(f64_convert_i32_s, 0xb7, I32, F64, static_cast<double>(static_cast<int32_t>(a))) \
    X(f64_convert_i32_u, 0xb8, I32, F64, static_cast<double>(a)) \
    X(f64_convert_i64_s, 0xb9, I64, F64, static_cast<double>(static_cast<int64_t>(a))) \
    X(f64_convert_i64_u, 0xba, I64, F64, static_cast<double>(a)) \
    X(f64_promote_f32, 0xbb, F32, F64, static_cast<double>(a)) \
    X(i32_extend8_s, 0xc0, I32, I32, static_cast<uint32_t>(static_cast<int8_t>(a))) \
    X(i32_extend16_s, 0xc1, I32, I32, static_cast<uint32_t>(static_cast<int16_t>(a))) \
    X(i64_extend8_s, 0xc2, I64, I64, static_cast<uint64_t>(static_cast<int8_t>(a))) \
    X(i64_extend16_s, 0xc3, I64, I64, static_cast<uint64_t>(static_cast<int16_t>(a))) \
    X(i64_extend32_s, 0xc4, I64, I64, static_cast<uint64_t>(static_cast<int32_t>(a))) \
    X(i32_trunc_sat_f32_s, 0xfc00, F32, I32, sat_s<int32_t>(a)) \
    X(i32_trunc_sat_f32_u, 0xfc01, F32, I32, sat_u<uint32_t>(a)) \
    X(i32_trunc_sat_f64_s, 0xfc02, F64, I32, sat_s<int32_t>(a)) \
    X(i32_trunc_sat_f64_u, 0xfc03, F64, I32, sat_u<uint32_t>(a)) \
    X(i64_trunc_sat_f32_s, 0xfc04, F32, I64, sat_s<int64_t>(a)) \
    X(i64_trunc_sat_f32_u, 0xfc05, F32, I64, sat_u<uint64_t>(a)) \
    X(i64_trunc_sat_f64_s, 0xfc06, F64, I64, sat_s<int64_t>(a)) \
    X(i64_trunc_sat_f64_u, 0xfc07, F64, I64, sat_u<uint64_t>(a))

#define EMBER_WASM_BINARY_OPS(X) \
    X(i32_eq, 0x46, I32, I32, a == b) \
    X(i32_ne, 0x47, I32, I32, a != b) \
    X(i32_lt_s, 0x48, I32, I32, static_cast<int32_t>(a) < static_cast<int32_t>(b)) \
    X(i32_lt_u, 0x49, I32, I32, a < b) \
    X(i32_gt_s, 0x4a, I32, I32, static_cast<int32_t>(a) > static_cast<int32_t>(b)) \
    X(i32_gt_u, 0x4b, I32, I32, a > b) \
    X(i32_le_s, 0x4c, I32, I32, static_cast<int32_t>(a) <= static_cast<int32_t>(b)) \
    X(i32_le_u, 0x4d, I32, I32, a <= b) \
    X(i32_ge_s, 0x4e, I32, I32, static_cast<int32_t>(a) >= static_cast<int32_t>(b)) \
    X(i32_ge_u, 0x4f, I32, I32, a >= b) \
    X(i64_eq, 0x51, I64, I32, a == b) \
    X(i64_ne, 0x52, I64, I32, a != b) \
    X(i64_lt_s, 0x53, I64, I32, static_cast<int64_t>(a) < static_cast<int64_t>(b)) \
    X(i64_lt_u, 0x54, I64, I32, a < b) \
    X(i64_gt_s, 0x55, I64, I32, static_cast<int64_t>(a) > static_cast<int64_t>(b)) \
    X(i64_gt_u, 0x56, I64, I32, a > b) \
    X(i64_le_s, 0x57, I64, I32, static_cast<int64_t>(a) <= static_cast<int64_t>(b)) \
    X(i64_le_u, 0x58, I64, I32, a <= b) \
    X(i64_ge_s, 0x59, I64, I32, static_cast<int64_t>(a) >= static_cast<int64_t>(b)) \
    X(i64_ge_u, 0x5a, I64, I32, a >= b) \
    X(f32_eq, 0x5b, F32, I32, a == b) \
    X(f32_ne, 0x5c, F32, I32, a != b) \
    X(f32_lt, 0x5d, F32, I32, a < b) \
    X(f32_gt, 0x5e, F32, I32, a > b) \
    X(f32_le, 0x5f, F32, I32, a <= b) \
    X(f32_ge, 0x60, F32, I32, a >= b) \
    X(f64_eq, 0x61, F64, I32, a == b) \
    X(f64_ne, 0x62, F64, I32, a != b) \
    X(f64_lt, 0x63, F64, I32, a < b) \
    X(f64_gt, 0x64, F64, I32, a > b) \
    X(f64_le, 0x65, F64, I32, a <= b) \
    X(f64_ge, 0x66, F64, I32, a >= b) \
    X(i32_add, 0x6a, I32, I32, a + b) \
    X(i32_sub, 0x6b, I32, I32, a - b) \
    X(i32_mul, 0x6c, I32, I32, a * b) \
    X(i32_and, 0x71, I32, I32, a & b) \
    X(i32_or, 0x72, I32, I32, a | b) \
    X(i32_xor, 0x73, I32, I32, a ^ b) \
    X(i32_shl, 0x74, I32, I32, a << (b & 31)) \
    X(i32_shr_s, 0x75, I32, I32, static_cast<uint32_t>(static_cast<int32_t>(a) >> (b & 31))) \
    X(i32_shr_u, 0x76, I32, I32, a >> (b & 31)) \
    X(i32_rotl, 0x77, I32, I32, rotl32(a, b)) \
    X(i32_rotr, 0x78, I32, I32, rotl32(a, 32u - (b & 31))) \
    X(i64_add, 0x7c, I64, I64, a + b) \
    X(i64_sub, 0x7d, I64, I64, a - b) \
    X(i64_mul, 0x7e, I64, I64, a * b) \
    X(i64_and, 0x83, I64, I64, a & b) \
    X(i64_or, 0x84, I64, I64, a | b) \
    X(i64_xor, 0x85, I64, I64, a ^ b) \
    X(i64_shl, 0x86, I64, I64, a << (b & 63)) \
    X(i64_shr_s, 0x87, I64, I64, static_cast<uint64_t>(static_cast<int64_t>(a) >> (b & 63))) \
    X(i64_shr_u, 0x88, I64, I64, a >> (b & 63)) \
    X(i64_rotl, 0x89, I64, I64, rotl64(a, b)) \
    X(i64_rotr, 0x8a, I64, I64, rotl64(a, 64u - (b & 63))) \
    X(f32_add, 0x92, F32, F32, a + b) \
    X(f32_sub, 0x93, F32, F32, a - b) \
    X(f32_mul, 0x94, F32, F32, a * b) \
    X(f32_div, 0x95, F32, F32, a / b) \
    X(f32_min, 0x96, F32, F32, f32_min(a, b)) \
    X(f32_max, 0x97, F32, F32, f32_max(a, b)) \
    X(f32_copysign, 0x98, F32, F32, f32_copysign(a, b)) \
    X(f64_add, 0xa0, F64, F64, a + b) \
    X(f64_sub, 0xa1, F64, F64, a - b) \
    X(f64_mul, 0xa2, F64, F64, a * b) \
    X(f64_div, 0xa3, F64, F64, a / b) \
    X(f64_min, 0xa4, F64, F64, f64_min(a, b)) \
    X(f64_max, 0xa5, F64, F64, f64_max(a, b)) \
    X(f64_copysign, 0xa6, F64, F64, f64_copysign(a, b))

// X(name, opcode, operand type, result type, function): the function takes
// the operand(s) and the result's reference and returns the trap, or none.
#define EMBER_WASM_TRAPPING_UNARY_OPS(X) \
    X(i32_trunc_f32_s, 0xa8, F32, I32, trunc_s<int32_t>) \
    X(i32_trunc_f32_u, 0xa9, F32, I32, trunc_u<uint32_t>) \
    X(i32_trunc_f64_s, 0xaa, F64, I32, trunc_s<int32_t>) \
    X(i32_trunc_f64_u, 0xab, F64, I32, trunc_u<uint32_t>) \
    X(i64_trunc_f32_s, 0xae, F32, I64, trunc_s<int64_t>) \
    X(i64_trunc_f32_u, 0xaf, F32, I64, trunc_u<uint64_t>) \
    X(i64_trunc_f64_s, 0xb0, F64, I64, trunc_s<int64_t>) \
    X(i64_trunc_f64_u, 0xb1, F64, I64, trunc_u<uint64_t>)

#define EMBER_WASM_TRAPPING_BINARY_OPS(X) \
    X(i32_div_s, 0x6d, I32, I32, div_s<int32_t>) \
    X(i32_div_u, 0x6e, I32, I32, div_u<uint32_t>) \
    X(i32_rem_s, 0x6f, I32, I32, rem_s<int32_t>) \
    X(i32_rem_u, 0x70, I32, I32, rem_u<uint32_t>) \
    X(i64_div_s, 0x7f, I64, I64, div_s<int64_t>) \
    X(i64_div_u, 0x80, I64, I64, div_u<uint64_t>) \
    X(i64_rem_s, 0x81, I64, I64, rem_s<int64_t>) \
    X(i64_rem_u, 0x82, I64, I64, rem_u<uint64_t>)
// clang-format on
