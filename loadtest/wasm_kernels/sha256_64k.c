/* SHA-256 of 64 KiB, with the sha256 example's own code. */
#include "kernel.h"
#include "sha256_core.h"

#define INPUT_BYTES (64 * 1024)

static uint8_t input[INPUT_BYTES];

int sha256_64k_run(void) {
    for (uint32_t i = 0; i < INPUT_BYTES; ++i)
        input[i] = (uint8_t)(i * 31 + (i >> 8));
    uint8_t digest[SHA256_DIGEST_BYTES];
    sha256_digest(input, INPUT_BYTES, digest);
    return digest[0] | digest[1] << 8 | digest[2] << 16 | digest[3] << 24;
}
