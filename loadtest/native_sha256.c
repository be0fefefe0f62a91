/* ember-native-sha256: the compute baseline's function: reads stdin and
 * writes its SHA-256 as 64 hex digits, with the sha256 example guest's own
 * code. Linked statically (see CMakeLists.txt). */
#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "../guest-sdk/examples/sha256_core.h"

int main(void) {
    size_t cap = 1 << 16, len = 0;
    unsigned char* data = malloc(cap);
    if (!data) return 1;
    for (;;) {
        if (len == cap) {
            unsigned char* bigger = realloc(data, cap *= 2);
            if (!bigger) return 1;
            data = bigger;
        }
        const ssize_t n = read(STDIN_FILENO, data + len, cap - len);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return 1;
        len += (size_t)n;
    }
    unsigned char digest[SHA256_DIGEST_BYTES];
    char hex[2 * SHA256_DIGEST_BYTES];
    sha256_digest(data, len, digest);
    sha256_hex(digest, hex);
    return write(STDOUT_FILENO, hex, sizeof hex) == (ssize_t)sizeof hex ? 0 : 1;
}
