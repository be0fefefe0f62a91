/* sha256: replies the SHA-256 digest of its input as 64 hex digits. */
#include <ember/guest.h>

#include "sha256_core.h"

EMBER_DEFAULT_HANDLER(sha256) {
    uint8_t digest[SHA256_DIGEST_BYTES];
    sha256_digest(input, len, digest);
    size_t capacity;
    char* out = (char*)ember_output_buffer(&capacity);
    sha256_hex(digest, out);
    ember_output_commit(2 * SHA256_DIGEST_BYTES);
}
