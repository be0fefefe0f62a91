// The durable on-disk function store: immutable, numbered versions of each
// function's binary and config under the daemon's data_dir.
//
// Layout:
//   DIR/lock                          flock()ed by the one store using DIR
//   DIR/functions/NAME/VERSION/       one committed version (VERSION = 1, 2, ...)
//       binary.elf                    the uploaded bytes (an ELF, or a Wasm
//                                     module: meta.json's "kind" says which)
//       env.json, secrets.json        its env's values and secrets (0600), when
//                                     it has any
//       meta.json                     StoredFunction (see stored_function.hpp)
//   DIR/functions/NAME/active         {"version": N, "newest": M}: N is served
//                                     unless a version above M was stored since
//                                     (absent: the newest is served)
//   DIR/tmp/NAME.XXXXXX/              a version being written (staging)
//   DIR/trash/NAME.XXXXXX/            a function being deleted, or old versions
//                                     being pruned (tombstone)
//
// Commit protocol of put(): write binary.elf then meta.json into a fresh
// staging directory (each file fsynced), fsync the staging directory, then
// rename() it to functions/NAME/VERSION and fsync functions/NAME. The rename is
// the commit point: a version directory is either absent or complete, so a
// crash (even kill -9 or power loss) never exposes a half-written upload; it
// leaves a staging directory that load_all() removes. set_active() writes
// `active` in a staging directory and renames it over the old one, so it
// names either the old version or the new. remove() renames
// functions/NAME into trash/ (durable, atomic) before deleting the files.
// prune() does the same with each old version it removes: it renames
// functions/NAME/VERSION into a tombstone in trash/, fsyncs functions/NAME,
// then deletes the files. A version is never deleted where it stands, so at
// any crash it is either complete in functions/NAME (a later prune removes
// it) or in trash/ (load_all() clears it); the versions it keeps are never
// touched.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "base/unique_fd.hpp"
#include "daemon/config/function_config.hpp"
#include "daemon/config/function_name.hpp"
#include "daemon/store/store_error.hpp"
#include "daemon/store/stored_function.hpp"

namespace ember::daemon {

// Thread-safety: every member but read_binary() serialises on one mutex;
// read_binary() reads immutable files and takes no lock (it throws StoreError
// ENOENT when the function was removed meanwhile). One process at a time:
// the constructor locks DIR and throws StoreError when another store holds it.
class FunctionStore {
  public:
    // Creates DIR and its subdirectories as needed. `host_functions` is what
    // the daemon offers; meta.json configs naming others are reported as
    // corrupt by load_all().
    FunctionStore(std::filesystem::path dir, std::vector<std::string> host_functions);

    // Stores a new version (the highest so far for `name` + 1; numbers are not
    // reused within this object's lifetime, even after remove()). Durable when
    // it returns. Throws StoreError (EINVAL for an invalid name, errno of the
    // failing call otherwise), leaving nothing of the new version behind, or
    // ConfigError for an invalid config or env.
    StoredFunction put(const std::string& name, std::span<const std::byte> binary,
                       const FunctionConfig& config, const FunctionEnv& env = {});

    // Scans the store (at start-up): returns the version of each function to
    // serve, sorted by name: the one its `active` file names, or the latest
    // complete, verified version when there is no such file or a version
    // was stored after it was written. Never throws for what it
    // finds: each leftover staging or trash directory (removed), unexpected
    // entry, unreadable `active` file or active version (then the latest is
    // served), and version that fails verification (missing or garbled
    // meta.json, size or sha256 mismatch) appends one line to `problems`, and
    // the next older version is tried. Bad versions stay on disk for
    // inspection. Throws StoreError only when a directory cannot be listed.
    std::vector<StoredFunction> load_all(std::vector<std::string>& problems);

    // Makes `version` of `name` the one load_all() returns, durably, until a
    // later put(). Throws StoreError (ENOENT when there is no such version).
    void set_active(const std::string& name, uint32_t version);

    // Every stored version of `name`, newest first, as their meta.json
    // describe them (binaries are verified only when read); versions whose
    // meta.json cannot be read are left out. Empty when there is none.
    std::vector<StoredFunction> versions(const std::string& name);

    // One version, verified like load_all() verifies. Throws StoreError
    // (ENOENT when there is no such version, EIO when it fails verification).
    StoredFunction read(const std::string& name, uint32_t version);

    // The binary's bytes, verified against size_bytes and sha256 (StoreError
    // EIO on mismatch).
    std::vector<std::byte> read_binary(const StoredFunction& function) const;

    // Removes every version of `name`, durably. False when there was none.
    bool remove(const std::string& name);

    // Removes, durably, the versions of `name` beyond its `keep` newest
    // (keep >= 1), except `active`: the version being served, which is kept
    // wherever it stands (a rollback may make an old version the active one).
    // Versions that fail verification count like any other. Returns the
    // versions removed, oldest first. Throws StoreError; what it had removed
    // by then stays removed.
    std::vector<uint32_t> prune(const std::string& name, uint32_t keep, uint32_t active);

    const std::filesystem::path& dir() const { return dir_; }

  private:
    std::filesystem::path function_dir(const std::string& name) const;
    uint32_t next_version(const std::string& name);
    void clear_leftovers(const std::filesystem::path& dir, const std::string& what,
                         std::vector<std::string>& problems);

    std::filesystem::path dir_;
    std::vector<std::string> host_functions_;
    UniqueFd lock_;
    std::mutex mutex_;
    std::map<std::string, uint32_t> last_versions_;  // highest version seen per name
};

}  // namespace ember::daemon
