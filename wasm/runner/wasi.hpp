// The WASI preview1 subset a function needs (docs/wasm.md): standard input
// is the call's input, standard output its reply, standard error its log;
// arguments, environment, clock, randomness and proc_exit; and the module
// "ember" with log and set_status. Every other
// function of "wasi_snapshot_preview1" is there too and fails with ENOSYS or
// EBADF, so that modules built against the whole interface link.
//
// Portable like the engine: the runner guest binds it to the SDK, the tests
// to a fake host.
#pragma once

#include "wasm/engine/engine.hpp"

namespace ember::wasm {

// What WASI runs on: the call's output and log, the clock, randomness.
class WasiHost {
  public:
    // Appends to the reply; returns how much fitted.
    virtual size_t write_output(const uint8_t* data, size_t len) = 0;
    // One line (no newline) of the call's log.
    virtual void log(const char* line, size_t len) = 0;
    virtual uint64_t clock_ns() = 0;  // wall clock, since the Unix epoch
    virtual void random(uint8_t* to, size_t len) = 0;
    virtual void set_status(uint32_t status) = 0;  // 100..599

  protected:
    ~WasiHost() = default;
};

// Strings as args_get and environ_get hand them out: `count` NUL-terminated
// strings back to back in `size` bytes.
struct WasiStrings {
    const char* data = nullptr;
    uint32_t size = 0;
    uint32_t count = 0;
};

// Errno values of WASI preview1 that this subset returns.
enum WasiErrno : uint32_t {
    wasi_success = 0,
    wasi_ebadf = 8,
    wasi_efault = 21,
    wasi_einval = 28,
    wasi_enospc = 51,
    wasi_enosys = 52,
    wasi_espipe = 70,
};

class Wasi {
  public:
    Wasi(WasiHost& host, WasiStrings args, WasiStrings environment)
        : host_(host), args_(args), environ_(environment) {}
    Wasi(const Wasi&) = delete;
    Wasi& operator=(const Wasi&) = delete;

    // Makes `module`'s imports, in its import order, from WASI and the
    // "ember" module (log, set_status). False with `error` set (unlinkable, "unknown
    // import MODULE.NAME") for any other import.
    bool link(Store* store, const Module& module, Vec<Extern>& imports, Error& error);

    // A call's standard input; fd_read reads it from the start.
    void begin_call(const uint8_t* input, size_t len);
    // Logs what standard error holds of an unfinished line.
    void end_call();

    // The host functions' bodies, public for their trampolines in wasi.cpp.
    uint32_t args_sizes(HostContext& call, uint32_t count_at, uint32_t size_at);
    uint32_t args_get(HostContext& call, uint32_t argv_at, uint32_t buf_at);
    uint32_t environ_sizes(HostContext& call, uint32_t count_at, uint32_t size_at);
    uint32_t environ_get(HostContext& call, uint32_t environ_at, uint32_t buf_at);
    uint32_t clock_res_get(HostContext& call, uint32_t id, uint32_t res_at);
    uint32_t clock_time_get(HostContext& call, uint32_t id, uint32_t time_at);
    uint32_t fd_read(HostContext& call, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                     uint32_t nread_at);
    uint32_t fd_write(HostContext& call, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                      uint32_t nwritten_at);
    uint32_t fd_fdstat_get(HostContext& call, uint32_t fd, uint32_t stat_at);
    uint32_t fd_close(uint32_t fd);
    uint32_t fd_seek(uint32_t fd);
    uint32_t random_get(HostContext& call, uint32_t buf, uint32_t len);
    // ember.log(ptr, len): one line of the call's log.
    bool log(HostContext& call, uint32_t at, uint32_t len);
    // ember.set_status(status): the reply's HTTP status, 100..599.
    bool set_status(HostContext& call, uint32_t status);

  private:
    void log_stderr(const uint8_t* data, size_t len);
    uint32_t sizes(HostContext& call, const WasiStrings& strings, uint32_t count_at,
                   uint32_t size_at);
    uint32_t strings(HostContext& call, const WasiStrings& strings, uint32_t pointers_at,
                     uint32_t buf_at);

    WasiHost& host_;
    WasiStrings args_;
    WasiStrings environ_;
    const uint8_t* input_ = nullptr;
    size_t input_len_ = 0;
    size_t input_at_ = 0;
    // Standard error is logged a line at a time; a longer line in pieces.
    static constexpr size_t line_max = 1024;
    char line_[line_max] = {};
    size_t line_len_ = 0;
};

}  // namespace ember::wasm
