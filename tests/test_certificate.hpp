// A self-signed certificate and its key, made at run time for tests of TLS
// (no key is kept in the tree).
#pragma once

#include <string>

namespace ember::test {

struct TestCertificate {
    std::string certificate_pem;
    std::string private_key_pem;
};

// A P-256 key and a certificate valid from an hour ago for a day, for the
// subjectAltName `alt_names` in OpenSSL's syntax, e.g. "IP:127.0.0.1" or
// "DNS:a.example,IP:::1". Throws std::runtime_error when OpenSSL fails.
TestCertificate make_test_certificate(const std::string& alt_names);

}  // namespace ember::test
