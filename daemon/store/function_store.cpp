// FunctionStore: put/load_all/read_binary/remove over the layout and commit
// protocol described in function_store.hpp.
#include "daemon/store/function_store.hpp"

#include <fcntl.h>
#include <sys/file.h>

#include <algorithm>
#include <optional>

#include "base/read_file.hpp"
#include "base/sha256.hpp"
#include "daemon/store/durable_io.hpp"
#include "daemon/store/store_layout.hpp"

namespace ember::daemon {

namespace fs = std::filesystem;
using namespace store_layout;

namespace {

// A directory that disappears unless committed: whatever fails between its
// creation and the end of put() leaves nothing of the new version behind.
class DoomedDirectory {
  public:
    explicit DoomedDirectory(fs::path path) : path_(std::move(path)) {}
    DoomedDirectory(const DoomedDirectory&) = delete;
    DoomedDirectory& operator=(const DoomedDirectory&) = delete;
    ~DoomedDirectory() {
        std::error_code ignored;  // best effort; load_all() reports what remains
        if (!path_.empty()) fs::remove_all(path_, ignored);
    }
    const fs::path& path() const { return path_; }
    void moved_to(fs::path path) { path_ = std::move(path); }
    void keep() { path_.clear(); }

  private:
    fs::path path_;
};

std::span<const std::byte> as_bytes(const std::string& text) {
    return std::as_bytes(std::span(text.data(), text.size()));
}

void check_name(const std::string& name) {
    if (!valid_function_name(name)) {
        throw StoreError(EINVAL, "invalid function name '" + name + "': a name is " +
                                     std::string(function_name_rule));
    }
}

void make_directories(const fs::path& dir) {
    std::error_code error;
    fs::create_directories(dir, error);
    if (error) throw StoreError(error.value(), "creating directory " + dir.string());
}

// One store per data directory: two would remove each other's staging
// directories in load_all().
UniqueFd lock_directory(const fs::path& dir) {
    fs::path path = dir / lock_file;
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (!fd) {
        int error = errno;  // before the message's allocations
        throw StoreError(error, "opening " + path.string());
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        int error = errno;
        throw StoreError(
            error, "locking " + path.string() + " (is another emberd using " + dir.string() + "?)");
    }
    return fd;
}

// The version `active` names, when it can be served and no version was
// stored after it was written.
std::optional<StoredFunction> load_active(const fs::path& dir, const std::string& name,
                                          uint32_t newest,
                                          std::span<const std::string> host_functions,
                                          std::vector<std::string>& problems) {
    std::optional<ActiveVersion> active;
    try {
        active = read_active(dir);
    } catch (const std::exception& e) {
        problems.push_back(std::string(e.what()) + ": serving the newest version");
        return std::nullopt;
    }
    if (!active || newest > active->newest) return std::nullopt;
    fs::path version_dir = dir / std::to_string(active->version);
    try {
        return read_version(version_dir, name, active->version, host_functions);
    } catch (const std::exception& e) {
        problems.push_back(version_dir.string() + " is the active version but cannot be served (" +
                           e.what() + "): serving the newest version");
        return std::nullopt;
    }
}

std::optional<StoredFunction> load_served(const fs::path& dir, const std::string& name,
                                          std::span<const std::string> host_functions,
                                          std::vector<std::string>& problems) {
    VersionListing listing = list_versions(dir);
    for (const std::string& entry : listing.unexpected) {
        problems.push_back(entry + ": not a version directory, ignored");
    }
    if (listing.versions.empty() && listing.unexpected.empty()) {
        // put() crashed between creating the directory and its first commit.
        std::error_code error;
        fs::remove_all(dir, error);
        problems.push_back(dir.string() + ": removed (no version was ever committed)");
        return std::nullopt;
    }
    if (!listing.versions.empty()) {
        if (auto active =
                load_active(dir, name, listing.versions.front(), host_functions, problems))
            return active;
    }
    for (uint32_t version : listing.versions) {
        fs::path version_dir = dir / std::to_string(version);
        try {
            return read_version(version_dir, name, version, host_functions);
        } catch (const std::exception& e) {
            problems.push_back(version_dir.string() + ": skipped: " + e.what());
        }
    }
    return std::nullopt;
}

std::string version_text(const std::string& name, uint32_t version) {
    return name + " version " + std::to_string(version);
}

}  // namespace

FunctionStore::FunctionStore(fs::path dir, std::vector<std::string> host_functions)
    : dir_(std::move(dir)), host_functions_(std::move(host_functions)) {
    for (std::string_view sub : {functions_dir, staging_dir, trash_dir}) {
        make_directories(dir_ / sub);
    }
    lock_ = lock_directory(dir_);
}

fs::path FunctionStore::function_dir(const std::string& name) const {
    return dir_ / functions_dir / name;
}

uint32_t FunctionStore::next_version(const std::string& name) {
    uint32_t highest = last_versions_[name];
    std::error_code error;
    if (fs::exists(function_dir(name), error)) {
        VersionListing listing = list_versions(function_dir(name));
        if (!listing.versions.empty()) highest = std::max(highest, listing.versions.front());
    }
    if (highest == UINT32_MAX) throw StoreError(EOVERFLOW, "numbering a new version of " + name);
    return highest + 1;
}

StoredFunction FunctionStore::put(const std::string& name, std::span<const std::byte> binary,
                                  const FunctionConfig& config, const FunctionEnv& env) {
    check_name(name);
    validate(config, host_functions_);
    validate(env);
    std::lock_guard lock(mutex_);
    StoredFunction function{.name = name,
                            .version = next_version(name),
                            .sha256 = sha256_hex(binary),
                            .size_bytes = binary.size(),
                            .kind = binary_kind_of(binary),
                            .created_at = rfc3339_utc(std::chrono::system_clock::now()),
                            .config = config,
                            .env = env,
                            .binary_path = {}};
    DoomedDirectory staging(make_unique_directory(dir_ / staging_dir, name));
    write_new_file(staging.path() / binary_file, binary);
    if (!env.values.empty()) {
        write_new_file(staging.path() / env_file,
                       as_bytes(nlohmann::json(env.values).dump(2) + "\n"));
    }
    if (!env.secrets.empty()) {
        write_new_file(staging.path() / secrets_file,
                       as_bytes(nlohmann::json(env.secrets).dump() + "\n"), 0600);
    }
    // meta.json last: a version directory is only ever renamed in complete.
    write_new_file(staging.path() / meta_file, as_bytes(to_meta_json(function).dump(2) + "\n"));
    fsync_directory(staging.path());

    fs::path parent = function_dir(name);
    if (make_directory(parent)) fsync_directory(dir_ / functions_dir);
    fs::path target = parent / std::to_string(function.version);
    rename_path(staging.path(), target);
    // Committed in this process's view, but only durable after the fsync: if
    // that fails, take the version back out rather than report a failure for
    // something a restart might show.
    staging.moved_to(target);
    fsync_directory(parent);
    staging.keep();

    last_versions_[name] = function.version;
    function.binary_path = target / binary_file;
    return function;
}

void FunctionStore::clear_leftovers(const fs::path& dir, const std::string& what,
                                    std::vector<std::string>& problems) {
    for (const fs::path& entry : list_directory(dir)) {
        std::error_code error;
        fs::remove_all(entry, error);
        problems.push_back(entry.string() + ": " + (error ? "could not remove " : "removed ") +
                           what + (error ? ": " + error.message() : ""));
    }
}

std::vector<StoredFunction> FunctionStore::load_all(std::vector<std::string>& problems) {
    std::lock_guard lock(mutex_);
    clear_leftovers(dir_ / staging_dir, "(an interrupted upload)", problems);
    clear_leftovers(dir_ / trash_dir, "(an interrupted delete or prune)", problems);
    std::vector<StoredFunction> functions;
    for (const fs::path& entry : list_directory(dir_ / functions_dir)) {
        std::string name = entry.filename().string();
        std::error_code error;
        if (!valid_function_name(name) || !fs::is_directory(entry, error)) {
            problems.push_back(entry.string() + ": not a function directory, ignored");
            continue;
        }
        if (auto found = load_served(entry, name, host_functions_, problems)) {
            last_versions_[name] = std::max(last_versions_[name], found->version);
            functions.push_back(std::move(*found));
        }
    }
    return functions;  // sorted by name: list_directory sorts
}

void FunctionStore::set_active(const std::string& name, uint32_t version) {
    check_name(name);
    std::lock_guard lock(mutex_);
    const fs::path dir = function_dir(name);
    std::error_code error;
    if (!fs::is_directory(dir / std::to_string(version), error))
        throw StoreError(ENOENT, "activating " + version_text(name, version));
    const uint32_t newest = list_versions(dir).versions.front();
    DoomedDirectory staging(make_unique_directory(dir_ / staging_dir, name + ".active"));
    write_new_file(staging.path() / active_file, as_bytes(active_text({version, newest})));
    rename_path(staging.path() / active_file, dir / active_file);
    fsync_directory(dir);
}

std::vector<StoredFunction> FunctionStore::versions(const std::string& name) {
    check_name(name);
    std::lock_guard lock(mutex_);
    const fs::path dir = function_dir(name);
    std::error_code error;
    if (!fs::is_directory(dir, error)) return {};
    std::vector<StoredFunction> out;
    for (uint32_t version : list_versions(dir).versions) {
        try {
            out.push_back(
                read_version_meta(dir / std::to_string(version), name, version, host_functions_));
        } catch (const std::exception&) {
            // Start-up reported it; a listing shows what can be served.
        }
    }
    return out;
}

StoredFunction FunctionStore::read(const std::string& name, uint32_t version) {
    check_name(name);
    std::lock_guard lock(mutex_);
    const fs::path version_dir = function_dir(name) / std::to_string(version);
    std::error_code error;
    if (!fs::is_directory(version_dir, error))
        throw StoreError(ENOENT, "reading " + version_text(name, version));
    try {
        return read_version(version_dir, name, version, host_functions_);
    } catch (const StoreError&) {
        throw;
    } catch (const std::exception& e) {
        throw StoreError(EIO, "verifying " + version_text(name, version) + ": " + e.what());
    }
}

std::vector<std::byte> FunctionStore::read_binary(const StoredFunction& function) const {
    std::vector<std::byte> bytes;
    try {
        bytes = read_file(function.binary_path);
    } catch (const std::system_error& e) {
        throw StoreError(e.code().value(), "reading " + function.binary_path.string());
    }
    std::string actual = sha256_hex(bytes);
    if (bytes.size() != function.size_bytes || actual != function.sha256) {
        throw StoreError(EIO, "verifying " + function.binary_path.string() + ": " +
                                  std::to_string(bytes.size()) + " bytes with sha256 " + actual +
                                  ", expected " + std::to_string(function.size_bytes) +
                                  " bytes with sha256 " + function.sha256);
    }
    return bytes;
}

bool FunctionStore::remove(const std::string& name) {
    check_name(name);
    std::lock_guard lock(mutex_);
    fs::path source = function_dir(name);
    std::error_code error;
    if (!fs::exists(source, error)) {
        if (error) throw StoreError(error.value(), "looking up " + source.string());
        return false;
    }
    last_versions_[name] = next_version(name) - 1;  // never hand these out again
    // rename() may replace an empty directory: the tombstone has a unique name.
    DoomedDirectory tombstone(make_unique_directory(dir_ / trash_dir, name));
    rename_path(source, tombstone.path());
    fsync_directory(dir_ / functions_dir);
    // The function is gone durably; tombstone's destructor deletes the files
    // (and load_all() finishes the job after a crash).
    return true;
}

std::vector<uint32_t> FunctionStore::prune(const std::string& name, uint32_t keep,
                                           uint32_t active) {
    check_name(name);
    if (keep == 0) throw StoreError(EINVAL, "pruning " + name + ": keep at least one version");
    std::lock_guard lock(mutex_);
    const fs::path dir = function_dir(name);
    std::vector<uint32_t> doomed;
    const std::vector<uint32_t> versions = list_versions(dir).versions;  // highest first
    for (std::size_t i = keep; i < versions.size(); ++i) {
        if (versions[i] != active) doomed.push_back(versions[i]);
    }
    if (doomed.empty()) return doomed;
    std::reverse(doomed.begin(), doomed.end());
    DoomedDirectory tombstone(make_unique_directory(dir_ / trash_dir, name));
    for (uint32_t version : doomed) {
        const std::string number = std::to_string(version);
        rename_path(dir / number, tombstone.path() / number);
    }
    fsync_directory(dir);
    // Gone durably; the tombstone's destructor deletes the files.
    return doomed;
}

}  // namespace ember::daemon
