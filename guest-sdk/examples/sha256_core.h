/* SHA-256 (FIPS 180-4) in plain, freestanding C: no libc, no allocation. The
 * sha256 example guest runs it in the sandbox, and the benchmarks compile
 * the same file natively to compare. */
#ifndef EMBER_EXAMPLE_SHA256_CORE_H
#define EMBER_EXAMPLE_SHA256_CORE_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SHA256_DIGEST_BYTES 32

void sha256_digest(const uint8_t* data, size_t len, uint8_t digest[SHA256_DIGEST_BYTES]);

/* The digest as 64 lowercase hex digits (no NUL). */
void sha256_hex(const uint8_t digest[SHA256_DIGEST_BYTES], char hex[2 * SHA256_DIGEST_BYTES]);

#ifdef __cplusplus
}
#endif

#endif
