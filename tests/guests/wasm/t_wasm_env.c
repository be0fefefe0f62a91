/* A command that replies what WASI tells it: its arguments, its
 * environment, whether the clock runs and randomness differs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern char** environ;

int main(int argc, char** argv) {
    printf("argc=%d argv0=%s\n", argc, argv[0]);
    for (char** e = environ; *e; ++e)
        printf("env %s\n", *e);
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    printf("clock %s\n", now.tv_sec > 1700000000 ? "runs" : "stopped");
    unsigned char a[16], b[16];
    arc4random_buf(a, sizeof a);
    arc4random_buf(b, sizeof b);
    printf("random %s\n", memcmp(a, b, sizeof a) != 0 ? "differs" : "repeats");
    return 0;
}
