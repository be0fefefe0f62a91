// The runtime's floating-point formatting against glibc's printf, compiled
// for the host.
#include "runtime.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <string>

namespace {

std::string ours(const char* conversion, int precision, bool alt, double value) {
    char buf[600];
    const std::size_t n =
        ember_format_float(value, *conversion, precision, alt ? 1 : 0, buf, sizeof buf);
    REQUIRE(n <= sizeof buf);
    return std::string(buf, n);
}

std::string glibc(const char* conversion, int precision, bool alt, double value) {
    std::string format = alt ? "%#" : "%";
    if (precision >= 0) {
        format += '.';
        format += std::to_string(precision);
    }
    format += conversion;
    char buf[600];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
    const int n = std::snprintf(buf, sizeof buf, format.c_str(), std::fabs(value));
#pragma GCC diagnostic pop
    return std::string(buf, static_cast<std::size_t>(n));
}

void same_as_glibc(const char* conversion, int precision, bool alt, double value) {
    INFO("%" << (alt ? "#" : "") << "." << precision << conversion << " of "
             << std::to_string(value));
    CHECK(ours(conversion, precision, alt, value) == glibc(conversion, precision, alt, value));
}

}  // namespace

TEST_CASE("%f matches glibc within 17 significant digits", "[printf_float]") {
    const double values[] = {0.0,   -0.0,  1.0,         0.5,       0.125,      2.5,
                             1e-5,  0.1,   0.3,         123.456,   999.9995,   9.9999999,
                             1e10,  -42.0, 12345678.9,  0.0049999, 0.005,      3.14159265358979,
                             1e-20, 7e15,  123456789.5, 0.999999,  1e16 + 2.0, 299792.458};
    for (double v : values) {
        for (int precision : {-1, 0, 1, 2, 3, 6}) {
            same_as_glibc("f", precision, false, v);
        }
        same_as_glibc("f", 0, true, v);
    }
}

TEST_CASE("%e matches glibc within 17 significant digits", "[printf_float]") {
    const double values[] = {
        0.0,    1.0,           0.1,      123.456, 9.9999999, 1e-300, 1.7976931348623157e308,
        5e-324, 6.02214076e23, 0.000123, 1e100,   2.5};
    for (double v : values) {
        for (int precision : {-1, 0, 1, 3, 10, 16}) {
            same_as_glibc("e", precision, false, v);
            same_as_glibc("E", precision, false, v);
        }
    }
}

TEST_CASE("%g matches glibc within 17 significant digits", "[printf_float]") {
    const double values[] = {0.0,       1.0,     0.1,     100000.0, 1000000.0,
                             0.0001,    0.00001, 123.456, 1e-300,   1e100,
                             9.9999999, 0.3,     1.5,     2.5e-5,   123456789.0};
    for (double v : values) {
        for (int precision : {-1, 0, 1, 3, 10, 17}) {
            same_as_glibc("g", precision, false, v);
            same_as_glibc("G", precision, false, v);
            same_as_glibc("g", precision, true, v);
        }
    }
}

TEST_CASE("infinities and NaN", "[printf_float]") {
    CHECK(ours("f", -1, false, INFINITY) == "inf");
    CHECK(ours("F", -1, false, INFINITY) == "INF");
    CHECK(ours("g", -1, false, NAN) == "nan");
    CHECK(ours("E", 3, false, NAN) == "NAN");
}

TEST_CASE("digits beyond the 17th significant one print as zeros", "[printf_float]") {
    CHECK(ours("f", 20, false, 0.1) == "0.10000000000000001000");  // glibc: ...0555
    CHECK(ours("f", 0, false, 1e20) == "100000000000000000000");
}

TEST_CASE("a short buffer gets a truncated body and the full length", "[printf_float]") {
    char buf[4];
    CHECK(ember_format_float(3.14159, 'f', 5, 0, buf, sizeof buf) == 7);
    CHECK(std::string(buf, 4) == "3.14");
}
