/* wordcount, as a WASI command: replies the number of whitespace-separated
 * words of its input, byte for byte what the native guest
 * (guest-sdk/examples/wordcount.cpp) replies. */
#include <stdbool.h>
#include <stdio.h>

#include "read_input.h"

int main(void) {
    size_t len;
    unsigned char* text = read_input(&len);
    size_t words = 0;
    bool in_word = false;
    for (size_t i = 0; i < len; ++i) {
        const unsigned char c = text[i];
        const bool space =
            c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
        words += !space && !in_word;
        in_word = !space;
    }
    printf("%zu", words);
    return 0;
}
