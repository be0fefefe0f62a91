// Running the `ember` binary for the tests (see run_ember.hpp).
#include "tests/cli/run_ember.hpp"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <chrono>
#include <fstream>
#include <sstream>

#include "tests/eventually.hpp"
#include "tests/scratch_dir.hpp"

extern char** environ;

namespace ember::cli::test {
namespace {

std::string slurp(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::vector<std::string> child_environment(const Environment& env) {
    std::vector<std::string> out;
    for (char** entry = environ; *entry != nullptr; ++entry) {
        const std::string_view text(*entry);
        if (text.starts_with("EMBER_URL=") || text.starts_with("EMBER_TOKEN=")) continue;
        out.emplace_back(text);
    }
    for (const auto& [name, value] : env)
        out.push_back(name + "=" + value);
    return out;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> out;
    for (std::string& s : strings)
        out.push_back(s.data());
    out.push_back(nullptr);
    return out;
}

pid_t spawn(const daemon::test::ScratchDir& dir, std::vector<std::string> argv,
            std::vector<std::string> envp) {
    posix_spawn_file_actions_t files;
    posix_spawn_file_actions_init(&files);
    posix_spawn_file_actions_addopen(&files, 0, (dir.path() / "in").c_str(), O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&files, 1, (dir.path() / "out").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_addopen(&files, 2, (dir.path() / "err").c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0600);
    pid_t pid = -1;
    const int error = posix_spawn(&pid, argv[0].c_str(), &files, nullptr, pointers(argv).data(),
                                  pointers(envp).data());
    posix_spawn_file_actions_destroy(&files);
    REQUIRE(error == 0);
    return pid;
}

}  // namespace

EmberRun run_ember(const std::vector<std::string>& args, const std::string& stdin_text,
                   const Environment& env) {
    const daemon::test::ScratchDir dir;
    std::ofstream(dir.path() / "in", std::ios::binary) << stdin_text;
    std::vector<std::string> argv = {std::string(EMBER_BIN_DIR) + "/ember"};
    argv.insert(argv.end(), args.begin(), args.end());
    const pid_t pid = spawn(dir, std::move(argv), child_environment(env));
    int raw = 0;
    const bool exited = ember::test::eventually(
        [&] { return ::waitpid(pid, &raw, WNOHANG) == pid; }, std::chrono::minutes(1));
    if (!exited) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &raw, 0);
        FAIL("ember did not exit within a minute; its stderr: " << slurp(dir.path() / "err"));
    }
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw), slurp(dir.path() / "out"),
            slurp(dir.path() / "err")};
}

}  // namespace ember::cli::test
