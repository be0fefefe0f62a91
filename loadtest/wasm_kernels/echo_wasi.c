/* The trivial Wasm echo whose warm call is measured against the native
 * SDK's echo example: the reply is the input. */
#include <stdio.h>

int main(void) {
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, stdin)) > 0)
        fwrite(buffer, 1, n, stdout);
    return 0;
}
