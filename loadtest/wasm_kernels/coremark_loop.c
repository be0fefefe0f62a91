/* A CoreMark-style mix, in the spirit of EEMBC's benchmark but not its code:
 * linked-list search and reversal, a small integer matrix product, a state
 * machine over text, folded into a CRC-16 so nothing is optimised away. */
#include <stdint.h>

#include "kernel.h"

#define LIST_NODES 64
#define MATRIX_N 12
#define ROUNDS 2000

struct node {
    struct node* next;
    int16_t value;
};

static uint16_t crc16(uint16_t crc, uint16_t word) {
    for (int i = 0; i < 16; ++i) {
        uint16_t bit = (uint16_t)((crc ^ (word >> i)) & 1);
        crc = (uint16_t)((crc >> 1) ^ (bit ? 0xA001 : 0));
    }
    return crc;
}

static struct node nodes[LIST_NODES];

static struct node* list_reverse(struct node* head) {
    struct node* prev = 0;
    while (head) {
        struct node* next = head->next;
        head->next = prev;
        prev = head;
        head = next;
    }
    return prev;
}

static int list_find(struct node* head, int16_t value) {
    for (int i = 0; head; head = head->next, ++i)
        if (head->value == value) return i;
    return -1;
}

static int32_t a[MATRIX_N][MATRIX_N], b[MATRIX_N][MATRIX_N], c[MATRIX_N][MATRIX_N];

static int32_t matrix_round(int32_t seed) {
    for (int i = 0; i < MATRIX_N; ++i)
        for (int j = 0; j < MATRIX_N; ++j) {
            a[i][j] = (seed + i * 7 + j) & 0xff;
            b[i][j] = (seed ^ (i + j * 3)) & 0xff;
        }
    int32_t sum = 0;
    for (int i = 0; i < MATRIX_N; ++i)
        for (int j = 0; j < MATRIX_N; ++j) {
            int32_t acc = 0;
            for (int k = 0; k < MATRIX_N; ++k)
                acc += a[i][k] * b[k][j];
            c[i][j] = acc;
            sum += acc >> 3;
        }
    return sum;
}

static const char text[] = "5012 +77.25e3 -0.5 x12 9e 1.0e-7 0x1F 314159 -88 3.e4 .5 --1";

/* Counts how many tokens of `text` are integers, floats or invalid. */
static int scan_round(void) {
    enum { start, integer, fraction, exponent_sign, exponent, invalid } state = start;
    int integers = 0, floats = 0, invalids = 0;
    for (const char* p = text;; ++p) {
        char ch = *p;
        if (ch == ' ' || ch == 0) {
            if (state == integer)
                ++integers;
            else if (state == fraction || state == exponent)
                ++floats;
            else if (state != start)
                ++invalids;
            state = start;
            if (ch == 0) break;
            continue;
        }
        int digit = ch >= '0' && ch <= '9';
        switch (state) {
            case start:
                state = digit || ch == '+' || ch == '-' ? integer : ch == '.' ? fraction : invalid;
                break;
            case integer:
                state = digit       ? integer
                        : ch == '.' ? fraction
                        : ch == 'e' ? exponent_sign
                                    : invalid;
                break;
            case fraction:
                state = digit ? fraction : ch == 'e' ? exponent_sign : invalid;
                break;
            case exponent_sign:
                state = digit || ch == '-' || ch == '+' ? exponent : invalid;
                break;
            case exponent:
                state = digit ? exponent : invalid;
                break;
            case invalid:
                break;
        }
    }
    return integers * 100 + floats * 10 + invalids;
}

int coremark_loop_run(void) {
    uint16_t crc = 0;
    for (int i = 0; i < LIST_NODES; ++i) {
        nodes[i].value = (int16_t)((i * 37) & 0x7f);
        nodes[i].next = i + 1 < LIST_NODES ? &nodes[i + 1] : 0;
    }
    struct node* head = &nodes[0];
    for (int round = 0; round < ROUNDS; ++round) {
        head = list_reverse(head);
        crc = crc16(crc, (uint16_t)list_find(head, (int16_t)(round & 0x7f)));
        crc = crc16(crc, (uint16_t)matrix_round(round));
        crc = crc16(crc, (uint16_t)scan_round());
    }
    return crc;
}
