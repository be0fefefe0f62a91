/* sha256, as a WASI command: replies the SHA-256 digest of its input as 64
 * hex digits, from the same sha256_core.c as the native guest. */
#include <stdio.h>

#include "read_input.h"
#include "sha256_core.h"

int main(void) {
    size_t len;
    unsigned char* data = read_input(&len);
    uint8_t digest[SHA256_DIGEST_BYTES];
    char hex[2 * SHA256_DIGEST_BYTES];
    sha256_digest(data, len, digest);
    sha256_hex(digest, hex);
    fwrite(hex, 1, sizeof hex, stdout);
    return 0;
}
