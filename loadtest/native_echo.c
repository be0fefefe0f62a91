/* ember-native-echo: the process-per-request baseline's function, a native
 * echo: copies stdin to stdout. Linked statically (see CMakeLists.txt). */
#include <errno.h>
#include <unistd.h>

static int write_all(const char* data, size_t size) {
    while (size > 0) {
        const ssize_t n = write(STDOUT_FILENO, data, size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return -1;
        data += n;
        size -= (size_t)n;
    }
    return 0;
}

int main(void) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
        if (n == 0) return 0;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 || write_all(buffer, (size_t)n) != 0) return 1;
    }
}
