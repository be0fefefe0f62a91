// wordcount: a C++ guest. "words" (the default) counts the words of the
// input; "reverse" replies the input reversed, written in place into the
// output buffer.
#include <ember/guest.h>

namespace {

class Tokenizer {
  public:
    // Runs once, as a global constructor before the snapshot.
    Tokenizer() {
        for (const char* c = " \t\r\n\f\v"; *c; ++c)
            space_[static_cast<uint8_t>(*c)] = true;
    }

    size_t count_words(const uint8_t* text, size_t len) const {
        size_t words = 0;
        bool in_word = false;
        for (size_t i = 0; i < len; ++i) {
            bool space = space_[text[i]];
            words += !space && !in_word;
            in_word = !space;
        }
        return words;
    }

  private:
    bool space_[256] = {};
};

Tokenizer tokenizer;

}  // namespace

EMBER_DEFAULT_HANDLER(words) {
    ember_append_u64(tokenizer.count_words(input, len));
}

EMBER_HANDLER(reverse) {
    size_t capacity;
    uint8_t* out = ember_output_buffer(&capacity);
    size_t n = len < capacity ? len : capacity;
    for (size_t i = 0; i < n; ++i)
        out[i] = input[len - 1 - i];
    ember_output_commit(n);
}
