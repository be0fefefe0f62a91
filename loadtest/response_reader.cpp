// Incremental reading of HTTP/1.1 responses (see response_reader.hpp).
#include "loadtest/response_reader.hpp"

#include <algorithm>
#include <charconv>

#include "loadtest/http_head.hpp"
#include "loadtest/server_timing.hpp"

namespace ember::loadtest {
namespace {

std::optional<double> parse_number(std::string_view text) {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

// "1a3f" or "1a3f;name=value": the chunk's size; extensions are ignored.
std::optional<uint64_t> parse_chunk_size(std::string_view line) {
    line = line.substr(0, line.find(';'));
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t'))
        line.remove_suffix(1);
    uint64_t size = 0;
    const auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), size, 16);
    if (line.empty() || line.size() > 15 || ec != std::errc() || end != line.data() + line.size())
        return std::nullopt;
    return size;
}

}  // namespace

void ResponseReader::start(bool head_request) {
    state_ = State::reading;
    part_ = Part::head;
    head_request_ = head_request;
    keep_alive_ = true;
    chunked_ = false;
    content_length_.reset();
    remaining_ = 0;
    head_.clear();
    line_.clear();
    line_complete_ = false;
    reply_.transport_error.clear();
    reply_.status = 0;
    reply_.sandbox_us.reset();
    reply_.cold_start = false;
    reply_.server_timing.clear();
}

std::size_t ResponseReader::feed(std::string_view bytes) {
    std::size_t used = 0;
    while (state_ == State::reading && used < bytes.size()) {
        const std::string_view rest = bytes.substr(used);
        used += part_ == Part::head ? feed_head(rest) : feed_body(rest);
    }
    return used;
}

void ResponseReader::fail(std::string why) {
    state_ = State::failed;
    keep_alive_ = false;
    reply_.transport_error = std::move(why);
}

// A head that arrived whole is read where it lies; one that did not is
// gathered in head_ first.
std::size_t ResponseReader::feed_head(std::string_view bytes) {
    const std::size_t before = head_.size();
    std::optional<std::size_t> end;
    if (before == 0) {
        end = head_end(bytes);
        if (end) read_head(bytes.substr(0, *end));
    } else {
        head_.append(bytes);
        end = head_end(head_, before >= 3 ? before - 3 : 0);
        if (end) {
            head_.resize(*end);
            read_head(head_);
        }
    }
    if (!end) {
        if (before == 0) head_.assign(bytes);
        if (head_.size() > max_head) fail("response head longer than 64 KiB");
        return bytes.size();
    }
    if (part_ == Part::head) head_.clear();  // an interim 1xx: its final response follows
    return *end - before;
}

void ResponseReader::read_head(std::string_view head) {
    HeaderLines lines(head);
    const std::string_view first = lines.first_line();
    const std::optional<uint64_t> status =
        first.size() >= 12 ? parse_decimal(first.substr(9, 3)) : std::nullopt;
    if (!status || first.substr(0, 7) != "HTTP/1." || first[8] != ' ' ||
        (first.size() > 12 && first[12] != ' '))
        return fail("malformed status line");
    if (*status == 101) return fail("101 Switching Protocols: not HTTP/1.1 any more");
    if (*status < 200) return;  // interim: the final response follows
    reply_.status = static_cast<unsigned>(*status);
    keep_alive_ = first[7] != '0';
    while (const std::optional<HeaderLines::Field> field = lines.next()) {
        if (field->name.empty()) return fail("malformed header line");
        read_field(field->name, field->value);
        if (state_ == State::failed) return;
    }
    if (head_request_ || *status == 204 || *status == 304) {
        state_ = State::done;
    } else if (chunked_) {
        part_ = Part::chunk_size;
    } else if (content_length_) {
        part_ = Part::length_body;
        remaining_ = *content_length_;
        if (remaining_ == 0) state_ = State::done;
    } else {
        fail("response without Content-Length or chunked encoding (delimited by closing)");
    }
}

void ResponseReader::read_field(std::string_view name, std::string_view value) {
    if (iequals(name, "content-length")) {
        const std::optional<uint64_t> length = parse_decimal(value);
        if (!length || (content_length_ && *content_length_ != *length))
            return fail("bad Content-Length");
        content_length_ = length;
    } else if (iequals(name, "transfer-encoding")) {
        chunked_ = has_token(value, "chunked");
    } else if (iequals(name, "connection")) {
        if (has_token(value, "close")) keep_alive_ = false;
        if (has_token(value, "keep-alive")) keep_alive_ = true;
    } else if (iequals(name, "x-ember-duration-us")) {
        reply_.sandbox_us = parse_number(value);
    } else if (iequals(name, "x-ember-cold-start")) {
        reply_.cold_start = iequals(value, "true");
    } else if (iequals(name, "server-timing")) {
        parse_server_timing(value, reply_.server_timing);
    }
}

std::size_t ResponseReader::feed_body(std::string_view bytes) {
    if (part_ == Part::length_body || part_ == Part::chunk_data) {
        const std::size_t n =
            static_cast<std::size_t>(std::min<uint64_t>(remaining_, bytes.size()));
        remaining_ -= n;
        if (remaining_ == 0) {
            if (part_ == Part::length_body)
                state_ = State::done;
            else
                part_ = Part::chunk_end;
        }
        return n;
    }
    const std::size_t n = feed_line(bytes);
    if (line_complete_ && state_ == State::reading) end_line();
    return n;
}

// Gathers one line of the chunked framing in line_, without its CRLF.
std::size_t ResponseReader::feed_line(std::string_view bytes) {
    const std::size_t at = bytes.find('\n');
    line_.append(bytes.substr(0, at));
    if (line_.size() > max_line) {
        fail("chunked framing line longer than 4 KiB");
        return bytes.size();
    }
    if (at == std::string_view::npos) return bytes.size();
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    line_complete_ = true;
    return at + 1;
}

void ResponseReader::end_line() {
    line_complete_ = false;
    if (part_ == Part::chunk_size) {
        const std::optional<uint64_t> size = parse_chunk_size(line_);
        if (!size) return fail("bad chunk size");
        part_ = *size == 0 ? Part::trailer : Part::chunk_data;
        remaining_ = *size;
    } else if (part_ == Part::chunk_end) {
        if (!line_.empty()) return fail("chunk longer than its size");
        part_ = Part::chunk_size;
    } else if (line_.empty()) {  // the blank line that ends the trailer
        state_ = State::done;
    }
    line_.clear();
}

}  // namespace ember::loadtest
