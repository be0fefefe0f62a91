// Starting a program the test owns (emberd, redis-server) as a child: stdin
// from /dev/null, stdout and stderr appended to `output`, default signal
// dispositions and an empty mask whatever the test runner changed, and
// SIGKILL when the thread that started it ends (PR_SET_PDEATHSIG), so that
// a test process that dies without unwinding (a crash, a sanitizer's abort)
// leaves no child behind. fork + exec rather than posix_spawn for that
// death signal; between them only async-signal-safe calls.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace ember::test {

// `args[0]` is the program's path. Throws std::runtime_error when fork fails.
inline pid_t start_child(std::vector<std::string> args, const std::string& output) {
    std::vector<char*> argv;
    for (std::string& arg : args)
        argv.push_back(arg.data());
    argv.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) ::_exit(127);  // the parent died already
        const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (in < 0 || out < 0 || ::dup2(in, 0) < 0 || ::dup2(out, 1) < 0 || ::dup2(out, 2) < 0)
            ::_exit(127);
        struct sigaction default_action {};
        default_action.sa_handler = SIG_DFL;
        for (int signal = 1; signal < NSIG; ++signal)
            ::sigaction(signal, &default_action, nullptr);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::execve(argv[0], argv.data(), environ);
        ::_exit(127);
    }
    return pid;
}

}  // namespace ember::test
