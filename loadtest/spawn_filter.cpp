// A process per call with its stdin and stdout on pipes (see spawn_filter.hpp).
#include "loadtest/spawn_filter.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>
#include <utility>

#include "base/unique_fd.hpp"

extern char** environ;

namespace ember::loadtest {
namespace {

[[noreturn]] void fail(const char* what, int error = errno) {
    throw std::system_error(error, std::generic_category(), what);
}

using Fd = UniqueFd;

// Both ends close-on-exec, so that children spawned concurrently by other
// threads never inherit them (a stray write end would keep a pipe open).
std::pair<Fd, Fd> make_pipe() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) fail("pipe2");
    return {Fd(fds[0]), Fd(fds[1])};
}

// The child process; reaped on destruction even when the pumping failed.
class Child {
  public:
    Child(const std::string& program, const Fd& stdin_read, const Fd& stdout_write);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    int wait();

  private:
    pid_t pid_ = -1;
};

Child::Child(const std::string& program, const Fd& stdin_read, const Fd& stdout_write) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, stdin_read.get(), STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&actions, stdout_write.get(), STDOUT_FILENO);
    char* argv[] = {const_cast<char*>(program.c_str()), nullptr};
    const int error = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (error != 0) fail("posix_spawn", error);
}

Child::~Child() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
}

int Child::wait() {
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0)
        if (errno != EINTR) fail("waitpid");
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Writes what the pipe takes now. A child that exits without reading all
// of its input is no error: what it wrote is its answer.
void feed(Fd& to_child, std::string_view& input) {
    const ssize_t n = ::write(to_child.get(), input.data(), input.size());
    if (n > 0)
        input.remove_prefix(static_cast<std::size_t>(n));
    else if (n < 0 && errno == EPIPE)
        input = {};
    else if (n < 0 && errno != EAGAIN && errno != EINTR)
        fail("write to the child");
    if (input.empty()) to_child.reset();
}

// Writes `input` to `to_child` and reads `from_child` to its end, in whatever
// order the pipes allow.
std::string pump(Fd& to_child, Fd& from_child, std::string_view input) {
    if (input.empty())
        to_child.reset();
    else
        ::fcntl(to_child.get(), F_SETFL, O_NONBLOCK);
    std::string output;
    char chunk[16384];
    for (;;) {
        pollfd fds[2] = {{from_child.get(), POLLIN, 0}, {to_child.get(), POLLOUT, 0}};
        if (::poll(fds, to_child.get() >= 0 ? 2 : 1, -1) < 0) {
            if (errno == EINTR) continue;
            fail("poll");
        }
        if (fds[1].revents != 0) feed(to_child, input);
        if (fds[0].revents == 0) continue;
        const ssize_t n = ::read(from_child.get(), chunk, sizeof chunk);
        if (n < 0 && errno != EINTR) fail("read from the child");
        if (n == 0) return output;
        if (n > 0) output.append(chunk, static_cast<std::size_t>(n));
    }
}

}  // namespace

FilterResult run_filter(const std::string& program, std::string_view input) {
    auto [stdin_read, stdin_write] = make_pipe();
    auto [stdout_read, stdout_write] = make_pipe();
    Child child(program, stdin_read, stdout_write);
    stdin_read.reset();
    stdout_write.reset();
    FilterResult result;
    result.output = pump(stdin_write, stdout_read, input);
    result.exit_code = child.wait();
    return result;
}

}  // namespace ember::loadtest
