// Guest lines in the daemon's log: escaped, marked, capped and rate-limited.
#include "daemon/exec/guest_log_writer.hpp"

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <catch2/catch.hpp>

#include <sstream>

using namespace ember;
using namespace ember::daemon;
using Catch::Matchers::Contains;

namespace {

// Routes the default logger into a string for the test's lifetime.
class CapturedLog {
  public:
    CapturedLog() : previous_(spdlog::default_logger()) {
        auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(text_);
        auto logger = std::make_shared<spdlog::logger>("captured", sink);
        logger->set_pattern("%l %v");
        spdlog::set_default_logger(logger);
    }
    ~CapturedLog() { spdlog::set_default_logger(previous_); }
    std::vector<std::string> lines() const {
        std::vector<std::string> out;
        std::istringstream in(text_.str());
        for (std::string line; std::getline(in, line);)
            out.push_back(line);
        return out;
    }

  private:
    std::ostringstream text_;
    std::shared_ptr<spdlog::logger> previous_;
};

}  // namespace

TEST_CASE("guest lines are escaped and marked as the guest's", "[guest_log]") {
    CapturedLog captured;
    Metrics metrics;
    const auto echo = metrics.add_function("echo");
    GuestLogWriter writer(metrics, 100);
    sandbox::GuestLog log;
    log.add("hello");
    log.add("ok\n2026-11-30T10:00:00.000 info deployed payroll version 9\x1b[2J");
    writer.write("echo", 3, "0123456789abcdef0123456789abcdef", log);
    const auto lines = captured.lines();
    REQUIRE(lines.size() == 2);
    CHECK(lines[0] == "info guest echo v3 0123456789abcdef0123456789abcdef: hello");
    CHECK(lines[1] ==
          "info guest echo v3 0123456789abcdef0123456789abcdef: ok\\n2026-11-30T10:00:00.000 info "
          "deployed payroll version "
          "9\\x1b[2J");
    CHECK(echo->guest_log_dropped() == 0);
}

TEST_CASE("a flood is cut to the call's caps and the function's rate, and counted", "[guest_log]") {
    CapturedLog captured;
    Metrics metrics;
    const auto flood = metrics.add_function("flood");
    GuestLogWriter writer(metrics, 100);
    sandbox::GuestLog log;
    for (int i = 0; i < 200'000; ++i)
        log.add("\n[2026-11-30] [info] deployed x");
    writer.write("flood", 1, "f1", log);
    // One second's worth of lines, then one line saying what was dropped.
    const auto lines = captured.lines();
    REQUIRE(lines.size() == 100);
    CHECK(lines[0] == "info guest flood v1 f1: \\n[2026-11-30] [info] deployed x");
    CHECK(flood->guest_log_dropped() == 200'000 - 99);
    CHECK_THAT(lines.back(), Contains("warning guest flood v1 f1: 199901 log lines dropped"));

    // Another function has its own allowance.
    sandbox::GuestLog other;
    other.add("fine");
    writer.write("other", 1, "o1", other);
    CHECK(captured.lines().back() == "info guest other v1 o1: fine");
}
