// Sha256 over OpenSSL's EVP interface (the low-level SHA256_* calls are
// deprecated in OpenSSL 3).
#include "base/sha256.hpp"

#include <openssl/evp.h>

#include <stdexcept>

#include "base/hex.hpp"

namespace ember {

namespace {

// EVP fails only on allocation failure or a broken OpenSSL build.
void check(int ok, const char* what) {
    if (ok != 1) throw std::runtime_error(std::string("sha256: ") + what + " failed");
}

}  // namespace

void Sha256::Free::operator()(evp_md_ctx_st* context) const {
    EVP_MD_CTX_free(context);
}

Sha256::Sha256() : context_(EVP_MD_CTX_new()) {
    if (!context_) throw std::bad_alloc();
    check(EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr), "EVP_DigestInit_ex");
}

void Sha256::update(std::span<const std::byte> bytes) {
    check(EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size()), "EVP_DigestUpdate");
}

std::string Sha256::hex_digest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    check(EVP_DigestFinal_ex(context_.get(), digest, &length), "EVP_DigestFinal_ex");
    return to_hex(std::as_bytes(std::span(digest, length)));
}

std::string sha256_hex(std::span<const std::byte> bytes) {
    Sha256 hash;
    hash.update(bytes);
    return hash.hex_digest();
}

}  // namespace ember
