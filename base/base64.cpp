// Base64 through OpenSSL's EVP_EncodeBlock.
#include "base/base64.hpp"

#include <openssl/evp.h>

namespace ember {

std::string base64(std::span<const std::byte> bytes) {
    std::string out;
    // EVP_EncodeBlock takes an int length: encode in chunks a multiple of 3 bytes.
    constexpr std::size_t chunk = 3 * (1 << 20);
    while (!bytes.empty()) {
        const std::size_t n = std::min(bytes.size(), chunk);
        const std::size_t offset = out.size();
        out.resize(offset + 4 * ((n + 2) / 3) + 1);
        const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data() + offset),
                                            reinterpret_cast<const unsigned char*>(bytes.data()),
                                            static_cast<int>(n));
        out.resize(offset + static_cast<std::size_t>(written));
        bytes = bytes.subspan(n);
    }
    return out;
}

}  // namespace ember
