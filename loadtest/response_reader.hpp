// Reads the HTTP/1.1 responses of a keep-alive connection from the bytes as
// they arrive, one response at a time, without allocating once its buffers
// have grown: what ember-load does for every request, so it must cost less
// than any server it measures. It keeps only what a load run reports: the
// status, keep-alive, and emberd's X-Ember-Duration-Us, X-Ember-Cold-Start
// and Server-Timing; the body is skipped.
//
// Bodies: Content-Length, chunked, or none (HEAD, 1xx, 204, 304). A response
// delimited by closing the connection is refused (failed): it cannot be
// told from a connection that broke.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ember::loadtest {

// What one request produced: a response, or a transport error (connect,
// write or read failed, or the response was malformed; the connection is
// closed and the next request reconnects).
struct Reply {
    std::string transport_error;  // empty when a response arrived
    unsigned status = 0;
    std::optional<double> sandbox_us;                           // X-Ember-Duration-Us, when present
    bool cold_start = false;                                    // X-Ember-Cold-Start: true
    std::vector<std::pair<std::string, double>> server_timing;  // name, µs

    static Reply failed(std::string why) {
        Reply reply;
        reply.transport_error = std::move(why);
        return reply;
    }
    bool transported() const { return transport_error.empty(); }
    bool ok() const { return transported() && status >= 200 && status < 300; }
};

class ResponseReader {
  public:
    enum class State { reading, done, failed };

    // Heads and chunk-size lines longer than these fail the response.
    static constexpr std::size_t max_head = 64 * 1024;
    static constexpr std::size_t max_line = 4 * 1024;

    // Call order: start(), then feed() until the state is no longer
    // reading; reply() (done) or error() (failed); start() for the next.
    // head_request: the response to a HEAD has no body, whatever it says.
    void start(bool head_request = false);
    // Consumes bytes of the current response and returns how many: all of
    // `bytes`, or fewer when the response ended before them.
    std::size_t feed(std::string_view bytes);

    State state() const { return state_; }
    const Reply& reply() const { return reply_; }
    const std::string& error() const { return reply_.transport_error; }
    // Whether the connection stays open after this response.
    bool keep_alive() const { return keep_alive_; }

  private:
    enum class Part { head, length_body, chunk_size, chunk_data, chunk_end, trailer };

    std::size_t feed_head(std::string_view bytes);
    void read_head(std::string_view head);
    void read_field(std::string_view name, std::string_view value);
    std::size_t feed_body(std::string_view bytes);
    std::size_t feed_line(std::string_view bytes);
    void end_line();
    void fail(std::string why);

    State state_ = State::done;
    Part part_ = Part::head;
    bool head_request_ = false;
    bool keep_alive_ = true;
    bool chunked_ = false;
    std::optional<uint64_t> content_length_;
    uint64_t remaining_ = 0;  // bytes of the body or of the current chunk
    std::string head_;        // a head that came in more than one piece
    std::string line_;        // a chunk-size or trailer line, so far
    bool line_complete_ = false;
    Reply reply_;
};

}  // namespace ember::loadtest
