#include "tests/wasm/spec/test_suite.hpp"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iterator>

#include "tests/wasm/spec/script_converter.hpp"

extern char** environ;

namespace ember::wasm::spec {

namespace {

namespace fs = std::filesystem;

constexpr const char* wast2json_program = "wast2json";

// A directory of its own under the temp dir, removed with its content.
class ScratchDir {
  public:
    ScratchDir() {
        std::string pattern = (fs::temp_directory_path() / "ember-wasm-spec-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw ConversionError("mkdtemp failed in " + pattern);
        path_ = pattern;
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    ~ScratchDir() {
        std::error_code ignored;
        fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

bool on_path(const std::string& program) {
    const char* path = ::getenv("PATH");
    std::string dirs = path ? path : "/usr/bin:/bin";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = std::min(dirs.find(':', start), dirs.size());
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / program;
        if (::access(candidate.c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

// wast2json WAST -o DIR/script.json, its complaints in DIR/wast2json.log.
fs::path run_wast2json(const fs::path& wast, const fs::path& dir) {
    const fs::path json = dir / "script.json";
    const fs::path log = dir / "wast2json.log";
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    std::string program = wast2json_program, input = wast.string(), flag = "-o",
                output = json.string();
    char* argv[] = {program.data(), input.data(), flag.data(), output.data(), nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawnp(&pid, wast2json_program, &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) throw ConversionError("cannot start wast2json");
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        std::ifstream in(log);
        throw ConversionError("wast2json " + wast.string() +
                              " failed: " + std::string(std::istreambuf_iterator<char>(in), {}));
    }
    return json;
}

}  // namespace

fs::path suite_dir() {
    if (const char* dir = ::getenv("EMBER_WASM_TESTSUITE"); dir && *dir) return dir;
    return EMBER_WASM_TESTSUITE_DIR;
}

std::string missing_prerequisite(const fs::path& dir) {
    if (!fs::is_directory(dir))
        return "the WebAssembly test suite is not at " + dir.string() +
               " (set EMBER_WASM_TESTSUITE or the CMake cache variable EMBER_WASM_TESTSUITE)";
    if (!on_path(wast2json_program))
        return "wast2json is not installed (Debian package wabt; scripts/ensure-packages test)";
    return {};
}

SuiteScripts list_scripts(const fs::path& dir) {
    SuiteScripts scripts;
    for (const fs::directory_entry& entry : fs::directory_iterator(dir)) {
        const fs::path& path = entry.path();
        if (path.extension() != ".wast") continue;
        const bool simd = path.filename().string().rfind("simd_", 0) == 0;
        (simd ? scripts.simd : scripts.core).push_back(path);
    }
    std::sort(scripts.core.begin(), scripts.core.end());
    std::sort(scripts.simd.begin(), scripts.simd.end());
    return scripts;
}

std::vector<uint8_t> command_stream_of(const fs::path& wast) {
    ScratchDir scratch;
    return convert_script(run_wast2json(wast, scratch.path()));
}

}  // namespace ember::wasm::spec
