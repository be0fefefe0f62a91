/* fib(30), recursive: calls and returns, little else. */
#include "kernel.h"

static int fib(int n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int fib30_run(void) {
    return fib(30);
}
