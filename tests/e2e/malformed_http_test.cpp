// End-to-end: hostile input at the front door. Malformed HTTP, oversized
// headers, slow clients, and hostile guest binaries must each be refused
// with a clear status while the daemon keeps serving everyone else.
#include <elf.h>

#include <catch2/catch.hpp>

#include <cstring>
#include <random>
#include <thread>

#include "daemon_process.hpp"
#include "e2e_helpers.hpp"
#include "http_client.hpp"

namespace ember::e2e {
namespace {

using Clock = std::chrono::steady_clock;

void check_serving(const Daemon& daemon) {
    const Response health = daemon.request("GET", "/healthz");
    CHECK(health.status == 200);
}

TEST_CASE("a garbage request is 400 and the daemon keeps serving", "[kvm][e2e]") {
    Daemon daemon;
    const std::string garbage[] = {
        "GARBAGE\r\n\r\n",
        "GET\r\n\r\n",
        "GET / HTTP/1.1 extra\r\nHost: x\r\n\r\n",
        "GET /healthz HTTP/1.1\r\nHost x\r\n\r\n",               // header without a colon
        "POST /healthz HTTP/1.1\r\nContent-Length: -5\r\n\r\n",  // impossible length
        "POST /healthz HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
        std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11) +
            "\r\n\r\n",  // a TLS hello
    };
    for (const std::string& request : garbage) {
        INFO("request " << nlohmann::json(std::string(request.begin(), request.end()))
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        HttpClient client = daemon.client();
        REQUIRE(client.send_raw(request));
        const auto response = client.read_response(5s);
        // Assumption: a response is sent (not a silent close) and it is 400.
        REQUIRE(response);
        CHECK(response->status == 400);
        // And the connection does not stay open for more of the same.
        CHECK(client.wait_closed(5s));
        check_serving(daemon);
    }
    // Random bytes too; the answer may be a 400 or a close, never a crash.
    std::mt19937 random(42);
    for (int i = 0; i < 5; ++i) {
        std::string bytes(512, '\0');
        for (char& c : bytes)
            c = static_cast<char>(random());
        bytes += "\r\n\r\n";
        HttpClient client = daemon.client();
        client.send_raw(bytes);
        if (const auto response = client.read_response(5s)) CHECK(response->status == 400);
        check_serving(daemon);
    }
}

TEST_CASE("a header block over max_header_bytes is 431", "[kvm][e2e]") {
    Daemon daemon({.config = {{"max_header_bytes", 2048}}});
    HttpClient client = daemon.client();
    const Response big = client.request("GET", "/healthz", {}, {{"X-Big", std::string(4000, 'a')}});
    CHECK(big.status == 431);
    // Many small headers add up the same way.
    Headers many;
    for (int i = 0; i < 100; ++i)
        many.emplace_back("X-H" + std::to_string(i), std::string(40, 'b'));
    HttpClient other = daemon.client();
    CHECK(other.request("GET", "/healthz", {}, many).status == 431);
    // Just under the limit is fine.
    HttpClient fine = daemon.client();
    CHECK(fine.request("GET", "/healthz", {}, {{"X-Small", std::string(1000, 'c')}}).status == 200);
    check_serving(daemon);
}

TEST_CASE("a slow client is dropped while the others are served", "[kvm][e2e]") {
    Daemon daemon({.config = {{"read_timeout_ms", 500}}});
    // One client that starts a request and never finishes it, one that
    // trickles a byte every 100 ms.
    HttpClient stalled = daemon.client();
    REQUIRE(stalled.send_raw("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"));
    HttpClient trickler = daemon.client();
    const std::string slow_request =
        "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";

    // Meanwhile everyone else is served.
    HttpClient other = daemon.client();
    for (int i = 0; i < 5; ++i)
        CHECK(other.request("GET", "/healthz").status == 200);

    bool trickler_dropped = false;
    const auto give_up = Clock::now() + 8s;
    for (std::size_t i = 0; i < slow_request.size() && Clock::now() < give_up; ++i) {
        if (!trickler.send_raw(slow_request.substr(i, 1)) || trickler.wait_closed(100ms)) {
            trickler_dropped = true;
            break;
        }
    }
    CHECK(trickler_dropped);
    // The stalled client is dropped too (a 408 before the close is fine).
    CHECK(stalled.wait_closed(8s));

    for (int i = 0; i < 5; ++i)
        CHECK(other.request("GET", "/healthz").status == 200);
}

TEST_CASE("an idle keep-alive connection is closed after idle_timeout_ms", "[kvm][e2e]") {
    Daemon daemon({.config = {{"idle_timeout_ms", 1000}}});
    HttpClient client = daemon.client();
    CHECK(client.request("GET", "/healthz").status == 200);
    // Still open halfway through the timeout, closed after it.
    CHECK_FALSE(client.wait_closed(500ms));
    CHECK(client.wait_closed(8s));
    // A new connection is served as usual.
    CHECK(client.request("GET", "/healthz").status == 200);
}

// Reads and writes ELF structures at an offset of a binary image.
template <typename T>
T read_at(const std::string& image, std::size_t offset) {
    REQUIRE(offset + sizeof(T) <= image.size());
    T value;
    std::memcpy(&value, image.data() + offset, sizeof value);
    return value;
}

template <typename T>
void write_at(std::string& image, std::size_t offset, const T& value) {
    REQUIRE(offset + sizeof(T) <= image.size());
    std::memcpy(image.data() + offset, &value, sizeof value);
}

// The offset of the first PT_LOAD program header.
std::size_t first_load(const std::string& image) {
    const auto header = read_at<Elf64_Ehdr>(image, 0);
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        const std::size_t at = header.e_phoff + std::size_t{i} * header.e_phentsize;
        if (read_at<Elf64_Phdr>(image, at).p_type == PT_LOAD) return at;
    }
    FAIL("no PT_LOAD in the guest binary");
    return 0;
}

// The end in the file of the loadable bytes (the largest p_offset + p_filesz).
std::size_t loaded_end(const std::string& image) {
    const auto header = read_at<Elf64_Ehdr>(image, 0);
    std::size_t end = 0;
    for (unsigned i = 0; i < header.e_phnum; ++i) {
        const auto phdr =
            read_at<Elf64_Phdr>(image, header.e_phoff + std::size_t{i} * header.e_phentsize);
        if (phdr.p_type == PT_LOAD) end = std::max<std::size_t>(end, phdr.p_offset + phdr.p_filesz);
    }
    REQUIRE(end > 0);
    return end;
}

std::string with_load(std::string image, void (*change)(Elf64_Phdr&)) {
    const std::size_t at = first_load(image);
    auto phdr = read_at<Elf64_Phdr>(image, at);
    change(phdr);
    write_at(image, at, phdr);
    return image;
}

std::string with_header(std::string image, void (*change)(Elf64_Ehdr&)) {
    auto header = read_at<Elf64_Ehdr>(image, 0);
    change(header);
    write_at(image, 0, header);
    return image;
}

TEST_CASE("hostile binaries are 400 invalid_binary", "[kvm][e2e]") {
    Daemon daemon;
    const std::string echo = guest_binary("echo");
    REQUIRE(echo.size() > 4096);
    std::mt19937 random(7);
    std::string noise(64 * 1024, '\0');
    for (char& c : noise)
        c = static_cast<char>(random());

    struct Hostile {
        const char* what;
        std::string bytes;
    };
    const Hostile hostile[] = {
        {"random bytes", noise},
        {"ELF magic then random bytes",
         "\x7f"
         "ELF" +
             noise},
        {"the ELF header only", echo.substr(0, sizeof(Elf64_Ehdr))},
        {"truncated to 200 bytes", echo.substr(0, 200)},
        // (Section headers and symbols follow the segments: cut into the
        // last segment's bytes, not merely somewhere in the file.)
        {"truncated inside a segment", echo.substr(0, loaded_end(echo) - 1)},
        {"a huge segment", with_load(echo, [](Elf64_Phdr& p) { p.p_memsz = 0x7fff00000000ull; })},
        {"a segment larger than the file",
         with_load(echo, [](Elf64_Phdr& p) { p.p_filesz = 0x10000000ull; })},
        {"a segment past the end of the file",
         with_load(echo, [](Elf64_Phdr& p) { p.p_offset = 0x7ffffff0ull; })},
        {"a segment wrapping the address space",
         with_load(echo, [](Elf64_Phdr& p) { p.p_vaddr = p.p_paddr = 0xfffffffffffff000ull; })},
        {"filesz above memsz",
         with_load(echo, [](Elf64_Phdr& p) { p.p_memsz = 0, p.p_filesz = 0x1000; })},
        {"32-bit class",
         with_header(echo, [](Elf64_Ehdr& h) { h.e_ident[EI_CLASS] = ELFCLASS32; })},
        {"big-endian", with_header(echo, [](Elf64_Ehdr& h) { h.e_ident[EI_DATA] = ELFDATA2MSB; })},
        {"aarch64", with_header(echo, [](Elf64_Ehdr& h) { h.e_machine = EM_AARCH64; })},
        {"a shared object", with_header(echo, [](Elf64_Ehdr& h) { h.e_type = ET_DYN; })},
        {"program headers past the end",
         with_header(echo, [](Elf64_Ehdr& h) { h.e_phoff = 0xffffffffffffff00ull; })},
        {"65535 program headers", with_header(echo, [](Elf64_Ehdr& h) { h.e_phnum = 0xffff; })},
        {"a bad program header size", with_header(echo, [](Elf64_Ehdr& h) { h.e_phentsize = 3; })},
    };
    HttpClient client = daemon.client();
    for (const Hostile& h : hostile) {
        INFO(h.what);
        check_error(client.request("PUT", "/v1/functions/hostile", h.bytes,
                                   {{"Content-Type", "application/octet-stream"}}),
                    400, "invalid_binary");
    }
    // An entry point outside every segment is refused as well; whether the
    // loader (400) or the init (422) notices is the daemon's choice.
    const Response entry = client.request("PUT", "/v1/functions/hostile",
                                          with_header(echo, [](Elf64_Ehdr& h) { h.e_entry = 0; }),
                                          {{"Content-Type", "application/octet-stream"}});
    INFO(entry.summary());
    CHECK((entry.status == 400 || entry.status == 422));

    check_error(client.request("GET", "/v1/functions/hostile"), 404, "function_not_found");
    check_serving(daemon);
    deploy_ok(client, "echo", "echo");
    CHECK(invoke(client, "echo", "unharmed").body == "unharmed");
}

}  // namespace
}  // namespace ember::e2e
