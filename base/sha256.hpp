// SHA-256 (OpenSSL EVP): a stored function's identity and integrity check,
// and token comparison that does not depend on the tokens' lengths.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>

// From <openssl/types.h>; declared here so users need no OpenSSL headers.
struct evp_md_ctx_st;

namespace ember {

// Incremental: update() any number of times, then hex_digest() once.
class Sha256 {
  public:
    Sha256();
    void update(std::span<const std::byte> bytes);
    // 64 lowercase hex digits.
    std::string hex_digest();

  private:
    struct Free {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, Free> context_;
};

std::string sha256_hex(std::span<const std::byte> bytes);

}  // namespace ember
