// WASI preview1: the functions of the subset, their types, and the stubs
// for the rest of the interface.
#include "wasm/runner/wasi.hpp"

namespace ember::wasm {

namespace {

constexpr uint32_t stdin_fd = 0;
constexpr uint32_t stdout_fd = 1;
constexpr uint32_t stderr_fd = 2;
constexpr uint32_t clock_ids = 4;  // realtime, monotonic, process and thread CPU time

// The caller's memory 0: WASI's pointers are offsets into it.
struct Guest {
    uint8_t* data = nullptr;
    uint64_t size = 0;

    bool fits(uint64_t at, uint64_t len) const { return len <= size && at <= size - len; }
    uint32_t load_u32(uint64_t at) const {
        uint32_t v;
        memcpy(&v, data + at, sizeof v);
        return v;
    }
    void store_u32(uint64_t at, uint32_t v) { memcpy(data + at, &v, sizeof v); }
    void store_u64(uint64_t at, uint64_t v) { memcpy(data + at, &v, sizeof v); }
};

Guest guest_of(HostContext& call) {
    Memory* memory = instance_memory(call.caller);
    if (!memory) return {};
    return {memory_data(memory), memory_size(memory)};
}

// struct iovec / ciovec: { u32 buf; u32 buf_len }.
constexpr uint64_t iovec_bytes = 8;

bool iovs_fit(const Guest& guest, uint32_t iovs, uint32_t count) {
    return guest.fits(iovs, uint64_t{count} * iovec_bytes);
}

uint32_t arg(const Slot* args, int i) {
    return static_cast<uint32_t>(args[i]);
}
Wasi& self(void* context) {
    return *static_cast<Wasi*>(context);
}

bool args_sizes_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).args_sizes(call, arg(a, 0), arg(a, 1));
    return true;
}
bool args_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).args_get(call, arg(a, 0), arg(a, 1));
    return true;
}
bool environ_sizes_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).environ_sizes(call, arg(a, 0), arg(a, 1));
    return true;
}
bool environ_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).environ_get(call, arg(a, 0), arg(a, 1));
    return true;
}
bool clock_res_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).clock_res_get(call, arg(a, 0), arg(a, 1));
    return true;
}
bool clock_time_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).clock_time_get(call, arg(a, 0), arg(a, 2));  // a[1]: precision
    return true;
}
bool fd_read(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).fd_read(call, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3));
    return true;
}
bool fd_write(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).fd_write(call, arg(a, 0), arg(a, 1), arg(a, 2), arg(a, 3));
    return true;
}
bool fd_fdstat_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).fd_fdstat_get(call, arg(a, 0), arg(a, 1));
    return true;
}
bool fd_close(void* c, HostContext&, const Slot* a, Slot* r) {
    r[0] = self(c).fd_close(arg(a, 0));
    return true;
}
bool fd_seek(void* c, HostContext&, const Slot* a, Slot* r) {
    r[0] = self(c).fd_seek(arg(a, 0));
    return true;
}
bool random_get(void* c, HostContext& call, const Slot* a, Slot* r) {
    r[0] = self(c).random_get(call, arg(a, 0), arg(a, 1));
    return true;
}
bool sched_yield(void*, HostContext&, const Slot*, Slot* r) {
    r[0] = wasi_success;
    return true;
}
// Ends the Wasm computation; the runner turns the exit code into the
// call's outcome.
bool proc_exit(void*, HostContext& call, const Slot* a, Slot*) {
    call.trap.kind = TrapKind::exit;
    call.trap.exit_code = static_cast<int32_t>(arg(a, 0));
    return false;
}
bool log_import(void* c, HostContext& call, const Slot* a, Slot*) {
    return self(c).log(call, arg(a, 0), arg(a, 1));
}
bool set_status_import(void* c, HostContext& call, const Slot* a, Slot*) {
    return self(c).set_status(call, arg(a, 0));
}
bool no_such_file(void*, HostContext&, const Slot*, Slot* r) {
    r[0] = wasi_ebadf;
    return true;
}
bool not_supported(void*, HostContext&, const Slot*, Slot* r) {
    r[0] = wasi_enosys;
    return true;
}

constexpr ValType i32 = ValType::i32;
constexpr ValType i64 = ValType::i64;
const ValType errno_result[] = {i32};
const ValType i32_1[] = {i32};
const ValType i32_2[] = {i32, i32};
const ValType i32_4[] = {i32, i32, i32, i32};
const ValType clock_time_params[] = {i32, i64, i32};
const ValType seek_params[] = {i32, i64, i32, i32};

struct Binding {
    const char* name;
    const ValType* params;
    uint32_t param_count;
    uint32_t result_count;  // 0, or the errno
    HostFunction fn;
};

#define EMBER_WASI_BIND(name, params, results)                        \
    Binding {                                                         \
#name, params, sizeof params / sizeof(ValType), results, name \
    }

const Binding preview1[] = {
    EMBER_WASI_BIND(args_get, i32_2, 1),      EMBER_WASI_BIND(args_sizes_get, i32_2, 1),
    EMBER_WASI_BIND(environ_get, i32_2, 1),   EMBER_WASI_BIND(environ_sizes_get, i32_2, 1),
    EMBER_WASI_BIND(clock_res_get, i32_2, 1), EMBER_WASI_BIND(clock_time_get, clock_time_params, 1),
    EMBER_WASI_BIND(fd_read, i32_4, 1),       EMBER_WASI_BIND(fd_write, i32_4, 1),
    EMBER_WASI_BIND(fd_fdstat_get, i32_2, 1), EMBER_WASI_BIND(fd_close, i32_1, 1),
    EMBER_WASI_BIND(fd_seek, seek_params, 1), EMBER_WASI_BIND(random_get, i32_2, 1),
    EMBER_WASI_BIND(proc_exit, i32_1, 0),     Binding{"sched_yield", nullptr, 0, 1, sched_yield},
};

const Binding ember_module[] = {
    Binding{"log", i32_2, 2, 0, log_import},
    Binding{"set_status", i32_1, 1, 0, set_status_import},
};

#undef EMBER_WASI_BIND

// The rest of preview1: file descriptors (there are no files, and no
// preopened directories) answer EBADF, everything else ENOSYS.
const char* const preview1_bad_descriptor[] = {
    "fd_advise",
    "fd_allocate",
    "fd_datasync",
    "fd_fdstat_set_flags",
    "fd_fdstat_set_rights",
    "fd_filestat_get",
    "fd_filestat_set_size",
    "fd_filestat_set_times",
    "fd_pread",
    "fd_prestat_get",
    "fd_prestat_dir_name",
    "fd_pwrite",
    "fd_readdir",
    "fd_renumber",
    "fd_sync",
    "fd_tell",
    "path_create_directory",
    "path_filestat_get",
    "path_filestat_set_times",
    "path_link",
    "path_open",
    "path_readlink",
    "path_remove_directory",
    "path_rename",
    "path_symlink",
    "path_unlink_file",
};
const char* const preview1_not_supported[] = {
    "poll_oneoff", "proc_raise", "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
};

bool equals(const Bytes& bytes, const char* text) {
    const size_t n = strlen(text);
    return bytes.size == n && memcmp(bytes.data, text, n) == 0;
}

template <size_t N>
bool listed(const Bytes& name, const char* const (&names)[N]) {
    for (const char* candidate : names)
        if (equals(name, candidate)) return true;
    return false;
}

template <size_t N>
const Binding* find(const Bytes& name, const Binding (&bindings)[N]) {
    for (const Binding& binding : bindings)
        if (equals(name, binding.name)) return &binding;
    return nullptr;
}

// A name for a message: at most 64 bytes, anything unprintable as '?'.
struct PrintableName {
    char text[65] = {};
    explicit PrintableName(const Bytes& name) {
        const uint32_t n = name.size < 64 ? name.size : 64;
        for (uint32_t i = 0; i < n; ++i) {
            const uint8_t c = name.data[i];
            text[i] = c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '?';
        }
    }
};

Func* bind(Store* store, Wasi& wasi, const Binding& binding) {
    return func_new_host(store, binding.params, binding.param_count, errno_result,
                         binding.result_count, binding.fn, &wasi);
}

// A stub takes the import's own type, as long as it returns an errno.
Func* stub(Store* store, const FuncType& type, HostFunction fn) {
    if (type.results.size() != 1 || type.results[0] != ValType::i32) return nullptr;
    return func_new_host(store, type.params.data(), static_cast<uint32_t>(type.params.size()),
                         type.results.data(), 1, fn, nullptr);
}

}  // namespace

bool Wasi::link(Store* store, const Module& module, Vec<Extern>& imports, Error& error) {
    for (const Import& import : module.imports) {
        Func* func = nullptr;
        if (import.kind == ExternKind::func) {
            const FuncType& type = module.types[import.type_index];
            if (equals(import.module, "wasi_snapshot_preview1")) {
                if (const Binding* binding = find(import.name, preview1))
                    func = bind(store, *this, *binding);
                else if (listed(import.name, preview1_bad_descriptor))
                    func = stub(store, type, no_such_file);
                else if (listed(import.name, preview1_not_supported))
                    func = stub(store, type, not_supported);
            } else if (equals(import.module, "ember")) {
                if (const Binding* binding = find(import.name, ember_module))
                    func = bind(store, *this, *binding);
            }
        }
        if (!func) {
            error.set(ErrorKind::unlinkable, 0, "unknown import %s.%s",
                      PrintableName(import.module).text, PrintableName(import.name).text);
            return false;
        }
        imports.push_back(Extern{ExternKind::func, func});
    }
    return true;
}

void Wasi::begin_call(const uint8_t* input, size_t len) {
    input_ = input;
    input_len_ = len;
    input_at_ = 0;
    line_len_ = 0;
}

void Wasi::end_call() {
    if (line_len_ > 0) host_.log(line_, line_len_);
    line_len_ = 0;
}

void Wasi::log_stderr(const uint8_t* data, size_t len) {
    for (size_t i = 0; i < len; ++i) {
        if (data[i] == '\n' || line_len_ == line_max) {
            host_.log(line_, line_len_);
            line_len_ = 0;
            if (data[i] == '\n') continue;
        }
        line_[line_len_++] = static_cast<char>(data[i]);
    }
}

uint32_t Wasi::sizes(HostContext& call, const WasiStrings& strings, uint32_t count_at,
                     uint32_t size_at) {
    Guest guest = guest_of(call);
    if (!guest.fits(count_at, 4) || !guest.fits(size_at, 4)) return wasi_efault;
    guest.store_u32(count_at, strings.count);
    guest.store_u32(size_at, strings.size);
    return wasi_success;
}

uint32_t Wasi::strings(HostContext& call, const WasiStrings& strings, uint32_t pointers_at,
                       uint32_t buf_at) {
    Guest guest = guest_of(call);
    if (!guest.fits(pointers_at, uint64_t{strings.count} * 4) ||
        !guest.fits(buf_at, strings.size)) {
        return wasi_efault;
    }
    if (strings.size > 0) memcpy(guest.data + buf_at, strings.data, strings.size);
    uint32_t offset = 0;
    for (uint32_t i = 0; i < strings.count; ++i) {
        guest.store_u32(pointers_at + uint64_t{i} * 4, buf_at + offset);
        offset += static_cast<uint32_t>(strlen(strings.data + offset)) + 1;
    }
    return wasi_success;
}

uint32_t Wasi::args_sizes(HostContext& call, uint32_t count_at, uint32_t size_at) {
    return sizes(call, args_, count_at, size_at);
}
uint32_t Wasi::args_get(HostContext& call, uint32_t argv_at, uint32_t buf_at) {
    return strings(call, args_, argv_at, buf_at);
}
uint32_t Wasi::environ_sizes(HostContext& call, uint32_t count_at, uint32_t size_at) {
    return sizes(call, environ_, count_at, size_at);
}
uint32_t Wasi::environ_get(HostContext& call, uint32_t environ_at, uint32_t buf_at) {
    return strings(call, environ_, environ_at, buf_at);
}

uint32_t Wasi::clock_res_get(HostContext& call, uint32_t id, uint32_t res_at) {
    if (id >= clock_ids) return wasi_einval;
    Guest guest = guest_of(call);
    if (!guest.fits(res_at, 8)) return wasi_efault;
    guest.store_u64(res_at, 1);
    return wasi_success;
}

// Every clock is the host's wall clock: a call is short, and the VM has no
// clock of its own that a snapshot would not freeze.
uint32_t Wasi::clock_time_get(HostContext& call, uint32_t id, uint32_t time_at) {
    if (id >= clock_ids) return wasi_einval;
    Guest guest = guest_of(call);
    if (!guest.fits(time_at, 8)) return wasi_efault;
    guest.store_u64(time_at, host_.clock_ns());
    return wasi_success;
}

uint32_t Wasi::fd_read(HostContext& call, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                       uint32_t nread_at) {
    if (fd != stdin_fd) return wasi_ebadf;
    Guest guest = guest_of(call);
    if (!iovs_fit(guest, iovs, iovs_len) || !guest.fits(nread_at, 4)) return wasi_efault;
    uint64_t total = 0;
    for (uint32_t i = 0; i < iovs_len && input_at_ < input_len_; ++i) {
        const uint32_t buf = guest.load_u32(iovs + i * iovec_bytes);
        const uint32_t len = guest.load_u32(iovs + i * iovec_bytes + 4);
        if (!guest.fits(buf, len)) return wasi_efault;
        const size_t n = len < input_len_ - input_at_ ? len : input_len_ - input_at_;
        memcpy(guest.data + buf, input_ + input_at_, n);
        input_at_ += n;
        total += n;
    }
    guest.store_u32(nread_at, static_cast<uint32_t>(total));
    return wasi_success;
}

uint32_t Wasi::fd_write(HostContext& call, uint32_t fd, uint32_t iovs, uint32_t iovs_len,
                        uint32_t nwritten_at) {
    if (fd != stdout_fd && fd != stderr_fd) return wasi_ebadf;
    Guest guest = guest_of(call);
    if (!iovs_fit(guest, iovs, iovs_len) || !guest.fits(nwritten_at, 4)) return wasi_efault;
    uint64_t asked = 0, total = 0;
    for (uint32_t i = 0; i < iovs_len; ++i) {
        const uint32_t buf = guest.load_u32(iovs + i * iovec_bytes);
        const uint32_t len = guest.load_u32(iovs + i * iovec_bytes + 4);
        if (!guest.fits(buf, len)) return wasi_efault;
        asked += len;
        if (fd == stderr_fd) {
            log_stderr(guest.data + buf, len);
            total += len;
            continue;
        }
        const size_t n = host_.write_output(guest.data + buf, len);
        total += n;
        if (n < len) break;
    }
    // A full reply: saying so beats a partial count that stdio would retry
    // for ever.
    if (total == 0 && asked > 0) return wasi_enospc;
    guest.store_u32(nwritten_at, static_cast<uint32_t>(total));
    return wasi_success;
}

// struct fdstat: u8 filetype, u16 flags at 2, u64 rights_base at 8, u64
// rights_inheriting at 16.
uint32_t Wasi::fd_fdstat_get(HostContext& call, uint32_t fd, uint32_t stat_at) {
    constexpr uint8_t character_device = 2;
    constexpr uint16_t append = 1;
    constexpr uint64_t right_fd_read = 1u << 1, right_fd_write = 1u << 6;
    constexpr uint64_t fdstat_bytes = 24;
    if (fd > stderr_fd) return wasi_ebadf;
    Guest guest = guest_of(call);
    if (!guest.fits(stat_at, fdstat_bytes)) return wasi_efault;
    uint8_t stat[fdstat_bytes] = {};
    stat[0] = character_device;
    const uint16_t flags = fd == stdin_fd ? 0 : append;
    const uint64_t rights = fd == stdin_fd ? right_fd_read : right_fd_write;
    memcpy(stat + 2, &flags, sizeof flags);
    memcpy(stat + 8, &rights, sizeof rights);
    memcpy(guest.data + stat_at, stat, sizeof stat);
    return wasi_success;
}

uint32_t Wasi::fd_close(uint32_t fd) {
    return fd <= stderr_fd ? wasi_success : wasi_ebadf;
}

uint32_t Wasi::fd_seek(uint32_t fd) {
    return fd <= stderr_fd ? wasi_espipe : wasi_ebadf;
}

uint32_t Wasi::random_get(HostContext& call, uint32_t buf, uint32_t len) {
    Guest guest = guest_of(call);
    if (!guest.fits(buf, len)) return wasi_efault;
    if (len > 0) host_.random(guest.data + buf, len);
    return wasi_success;
}

bool Wasi::log(HostContext& call, uint32_t at, uint32_t len) {
    Guest guest = guest_of(call);
    if (!guest.fits(at, len)) {
        call.trap.kind = TrapKind::out_of_bounds_memory_access;
        return false;
    }
    host_.log(reinterpret_cast<const char*>(guest.data + at), len);
    return true;
}

bool Wasi::set_status(HostContext& call, uint32_t status) {
    if (status < 100 || status > 599) {
        call.trap.kind = TrapKind::host;
        call.trap.host_message = "ember.set_status: the status is outside 100..599";
        return false;
    }
    host_.set_status(status);
    return true;
}

}  // namespace ember::wasm
